"""The learning path drawn at build time as inline SVG: readable without script, by keyboard
and by screen reader (each objective is a link with a label; status is a word and a symbol,
never colour alone)."""

from __future__ import annotations

import networkx as nx
from markupsafe import Markup, escape

from generator.mastery import ObjectiveResult

COLUMNS = 2  # boxes per row: the drawing stays legible when scaled to a phone's width
BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 300, 64, 40, 44, 12
SYMBOLS = {"mastered": "✓", "in_progress": "◐", "ready": "○", "locked": "⊘"}


def path_order(results: dict[str, ObjectiveResult]) -> list[list[str]]:
    """Objectives in prerequisite layers: each layer needs only earlier ones; plan order within."""
    graph = nx.DiGraph()
    order = list(results)
    graph.add_nodes_from(order)
    for ref, result in results.items():
        graph.add_edges_from((r, ref) for r in result.objective.requires if r in results)
    return [sorted(layer, key=order.index) for layer in nx.topological_generations(graph)]


def draw(
    results: dict[str, ObjectiveResult],
    labels: dict[str, str],
    hrefs: dict[str, str],
    title: str,
    description: str,
) -> Markup:
    """One <svg>: rows of boxes by layer, arrows from prerequisite to what it unlocks."""
    positions: dict[str, tuple[int, int]] = {}
    y = PAD
    for layer in path_order(results):
        for i in range(0, len(layer), COLUMNS):
            for column, ref in enumerate(layer[i : i + COLUMNS]):
                positions[ref] = (PAD + column * (BOX_W + GAP_X), y)
            y += BOX_H + GAP_Y
    width = PAD * 2 + COLUMNS * BOX_W + (COLUMNS - 1) * GAP_X
    height = y - GAP_Y + PAD
    parts = [
        f'<svg class="lp-graph" viewBox="0 0 {width} {height}" width="100%" role="group" '
        f'aria-labelledby="lp-graph-title lp-graph-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="lp-graph-title">{escape(title)}</title>',
        f'<desc id="lp-graph-desc">{escape(description)}</desc>',
        '<defs><marker id="lp-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ]
    for ref, result in results.items():
        for required in result.objective.requires:
            if required in positions:
                parts.append(_arrow(positions[required], positions[ref]))
    for ref, result in results.items():
        parts.append(_box(ref, result.status, positions[ref], labels, hrefs[ref]))
    parts.append("</svg>")
    return Markup("".join(parts))


def _arrow(start: tuple[int, int], end: tuple[int, int]) -> str:
    # A prerequisite is always in an earlier layer, so a higher row: bottom centre to top.
    (x1, y1), (x2, y2) = start, end
    a, b = (x1 + BOX_W // 2, y1 + BOX_H), (x2 + BOX_W // 2, y2)
    return (
        f'<line class="lp-edge" x1="{a[0]}" y1="{a[1]}" x2="{b[0]}" y2="{b[1]}" '
        'marker-end="url(#lp-arrow)"/>'
    )


def _box(ref: str, status: str, at: tuple[int, int], labels: dict[str, str], href: str) -> str:
    x, y = at
    title = labels[ref]
    short = title if len(title) <= 38 else title[:36].rstrip() + "…"
    word = labels[f"status_{status}"]
    return (
        f'<a href="{escape(href)}" aria-label="{escape(f"{title}: {word}")}" '
        f'class="lp-node lp-{status}">'
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="10"/>'
        f'<text x="{x + 14}" y="{y + 26}" class="lp-node-title">{escape(short)}</text>'
        f'<text x="{x + 14}" y="{y + 50}" class="lp-node-status">{SYMBOLS[status]} '
        f"{escape(word)}</text></a>"
    )
