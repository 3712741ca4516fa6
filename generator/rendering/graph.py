"""The learning path drawn at build time as inline SVG: readable without script, by keyboard
and by screen reader (each objective is a link with a label; status is a word and a symbol,
never colour alone).

One column, prerequisites above what they unlock: on a phone the drawing keeps its full size
instead of shrinking a wide graph to unreadable text. On a right-to-left page the drawing is
mirrored (boxes on the right, longer arrows bending out to the left, text starting at the
right edge of its box), so the eye starts where the page's lines start.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from generator.base import topology
from generator.mastery.engine import ObjectiveResult, prerequisites

BOX_W, BOX_H, GAP, PAD = 340, 60, 26, 8
LANE, LANES = 13, 7  # longer arrows bend out to the right of the boxes, one lane each
WIDTH = PAD + BOX_W + LANES * LANE + PAD
SYMBOLS = {"mastered": "✓", "in_progress": "◐", "ready": "○", "locked": "⊘"}


def path_order(results: dict[str, ObjectiveResult]) -> list[str]:
    """Objectives in an order that puts every prerequisite first and otherwise keeps the
    plan's order, so chains the teacher wrote in order stay together."""
    graph = {ref: prerequisites(result.objective, results) for ref, result in results.items()}
    return topology.order(graph, key={ref: i for i, ref in enumerate(results)}.__getitem__)


def draw(
    results: dict[str, ObjectiveResult],
    labels: dict[str, str],
    hrefs: dict[str, str],
    title: str,
    description: str,
    direction: str = "ltr",
    langs: dict[str, str] | None = None,
) -> Markup:
    """One <svg>: a box per objective, in path order; arrows from prerequisite to what it
    unlocks (next row: straight down; further: bending out to the side, the right on a
    left-to-right page, the left on a right-to-left one). ``langs``: the language of an
    objective's title, where it is not the page's (a screen reader then says it right)."""
    rows = {ref: i for i, ref in enumerate(path_order(results))}
    height = PAD * 2 + len(rows) * (BOX_H + GAP) - GAP
    rtl = direction == "rtl"
    mirrored = 'direction="rtl" ' if rtl else ""
    parts = [
        f'<svg class="lp-graph" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'role="group" aria-labelledby="lp-graph-title lp-graph-desc" '
        f'{mirrored}xmlns="http://www.w3.org/2000/svg">',
        f'<title id="lp-graph-title">{escape(title)}</title>',
        f'<desc id="lp-graph-desc">{escape(description)}</desc>',
        '<defs><marker id="lp-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>'
        "</defs>",
    ]
    edges = sorted(
        (rows[r], rows[ref])
        for ref, result in results.items()
        for r in prerequisites(result.objective, rows)
    )
    long_edges = [edge for edge in edges if edge[1] > edge[0] + 1]
    for start, end in edges:
        lane = long_edges.index((start, end)) % LANES + 1 if (start, end) in long_edges else 0
        parts.append(_arrow(start, end, lane, rtl))
    for ref, row in sorted(rows.items(), key=lambda item: item[1]):
        lang = (langs or {}).get(ref, "")
        parts.append(_box(ref, results[ref].status, row, labels, hrefs[ref], rtl, lang))
    parts.append("</svg>")
    return Markup("".join(parts))


def _top(row: int) -> int:
    return PAD + row * (BOX_H + GAP)


def _left(rtl: bool) -> int:
    """The left edge of every box: the lanes of the longer arrows are on the side the
    lines of text end on."""
    return WIDTH - PAD - BOX_W if rtl else PAD


def _arrow(start: int, end: int, lane: int, rtl: bool = False) -> str:
    if not lane:  # the next row: straight down
        x = _left(rtl) + BOX_W // 2
        return (
            f'<line class="lp-edge" x1="{x}" y1="{_top(start) + BOX_H}" x2="{x}" '
            f'y2="{_top(end)}" marker-end="url(#lp-arrow)"/>'
        )
    side = _left(rtl) if rtl else PAD + BOX_W
    y1, y2 = _top(start) + BOX_H // 2, _top(end) + BOX_H // 2
    # Each longer arrow in a lane of its own, where possible.
    bend = side - LANE * lane if rtl else side + LANE * lane
    return (
        f'<path class="lp-edge" d="M{side},{y1} C{bend},{y1} {bend},{y2} {side},{y2}" '
        'fill="none" marker-end="url(#lp-arrow)"/>'
    )


def _box(
    ref: str,
    status: str,
    row: int,
    labels: dict[str, str],
    href: str,
    rtl: bool = False,
    lang: str = "",
) -> str:
    x, y = _left(rtl), _top(row)
    # Text starts at the box's start edge: the right one on a right-to-left page, where the
    # svg's direction makes text-anchor "start" the right end of the line.
    text_x = x + BOX_W - 14 if rtl else x + 14
    title = labels[ref]
    short = title if len(title) <= 40 else title[:38].rstrip() + "…"
    if rtl:  # the title runs its own way, with "…" at its end: an English title too
        short = f"\u2068{short}\u2069"
    word = labels[f"status_{status}"]
    marked = f' lang="{escape(lang)}"' if lang else ""
    return (
        f'<a href="{escape(href)}" aria-label="{escape(f"{title}: {word}")}" '
        f'class="lp-node lp-{status}">'
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="10"/>'
        f'<text x="{text_x}" y="{y + 25}" class="lp-node-title"{marked}>{escape(short)}</text>'
        f'<text x="{text_x}" y="{y + 48}" class="lp-node-status">{SYMBOLS[status]} '
        f"{escape(word)}</text></a>"
    )
