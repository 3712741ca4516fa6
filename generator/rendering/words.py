"""The site's labels in its language, as HTML: part of rendering (render.py uses it for the
page templates, progress.py for the charts' words)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup, escape

from generator.language import conventions, i18n
from generator.mastery import engine as mastery
from generator.model import Activity, Objective, Plan, School
from generator.rendering import graph
from generator.rendering.offers import Offer
from generator.rendering.outline import one_line


class Words:
    """The site's labels in its language, as HTML: a label is plain text, and so are the
    parameters from plans, both escaped here (Markup parameters, such as other labels, as is).

    Text from a plan inside a label is isolated in <bdi>, so that an English name in an
    Arabic sentence does not move the punctuation around it, and marked with the plan's
    language when the page is in another one; numbers and dates are written as the site's
    language writes them (language/conventions.py).
    """

    def __init__(self, plan: Plan, school: School) -> None:
        self.language = i18n.site_language(plan.language)
        self.catalog = i18n.catalog(self.language)
        self.plan = plan
        self.scale = school.settings.scale
        self.school = school
        self.level_names = school.level_names.get(plan.language, self.scale)
        self.ways, self.school_language = school.ways, school.language
        self.direction = conventions.direction(self.language)
        # A site asks for the same few labels hundreds of times (a status per objective, an
        # author per piece of evidence): each is made once.
        self._made: dict[tuple[Any, ...], Markup] = {}

    def level(self, level: str) -> Markup:
        """A level's name in the site's language, when school.yml translates the scale."""
        return escape(self.level_name(level))

    def level_name(self, level: str) -> str:
        """As `level`, in plain text (the charts' SVG escapes it itself)."""
        name = self.level_names[self.scale.index(level)] if level in self.scale else level
        return name[:1].upper() + name[1:]

    def __call__(self, key: str, **params: object) -> Markup:
        """A label with its placeholders filled in, in the plural form the count asks for."""
        if params:
            return self._label(key, params)
        if (made := self._made.get((key,))) is None:
            made = self._made[(key,)] = self._label(key, params)
        return made

    def _label(self, key: str, params: dict[str, object]) -> Markup:
        text = i18n.choose(self.catalog[key], key, self.language, params)
        # str.format on escaped text and escaped values: what Markup.format does, in C.
        values = {k: str(self._value(v)) for k, v in params.items()}
        return Markup(str(escape(text)).format(**values))

    def _value(self, value: object) -> Markup:
        if isinstance(value, Markup):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return escape(self.number(value))
        return self.part(value, self.plan.written_in)

    def part(self, text: object, lang: str) -> Markup:
        """Text from a plan, inline: isolated, and in its own language when not the page's."""
        attribute = self.lang(lang)
        return Markup(f"<bdi{attribute}>{escape(one_line(text))}</bdi>")

    def lang(self, lang: str) -> Markup:
        """` lang="en"` for text in another language than the page's; else nothing."""
        return Markup(f' lang="{escape(lang)}"') if lang and lang != self.language else Markup()

    def date(self, day: dt.date) -> Markup:
        """A date as the site's language writes it ("2 oct 2026"); never mirrored."""
        return escape(conventions.date(day, self.language))

    def number(self, value: float) -> str:
        return conventions.number(value, self.language)

    def status(self, status: str) -> Markup:
        """Status as symbol and word: never colour alone."""
        if (made := self._made.get(("status", status))) is None:
            made = Markup(f"{graph.SYMBOLS[status]} ") + self(f"status_{status}")
            self._made[("status", status)] = made
        return made

    def pace(self, progress: mastery.GoalProgress) -> Markup:
        return self(f"pace_{progress.pace}") if progress.pace else self("no_target")

    def way(self, way: str) -> Markup:
        """A way of learning's name: school.yml's for this language, else the catalogue's,
        else school.yml's name, else its id in words."""
        return escape(self.ways.name(way, self.language, self.school_language, self.catalog))

    def note(self, offer: Offer) -> Markup:
        """Why an offer comes first, in a few words, then what else it is for:
        "you like hands-on work; games"; empty when there is nothing to say."""
        item = offer.item
        parts = []
        if offer.ways:
            ways = escape(self.catalog["ways_sep"]).join(self.way(w) for w in offer.ways)
            if isinstance(item, Activity):
                parts.append(self("reason_ways", ways=ways))
            else:
                parts.append(self("reason_tip_ways", name=self.plan.name, ways=ways))
        if isinstance(item, Activity) and item.interest:
            interest = item.interest
            parts.append(
                self("reason_interest", interest=interest) if offer.interest else escape(interest)
            )
        if offer.other_ways:
            others = escape(self.catalog["ways_sep"]).join(self.way(w) for w in offer.other_ways)
            parts.append(self("reason_other_ways", ways=others))
        return escape(self.catalog["reasons_sep"]).join(parts)

    def kind(self, kind: str) -> Markup:
        """Our label for a built-in kind; the school's name for its own (in the site's
        language, else the school's, else the first it gives); else the kind as written."""
        if f"kind_{kind}" in self.catalog:
            return self(f"kind_{kind}")
        names = self.school.evidence_kinds.get(kind, {})
        name = names.get(self.language) or names.get(self.school.language)
        return escape(name or next(iter(names.values()), kind))

    def by(self, name: str) -> Markup:
        if (made := self._made.get(("by", name))) is None:
            role = self(f"role_{self.plan.role_of(name)}")
            made = self._made[("by", name)] = self("by", name=name, role=role)
        return made

    def rule(self, objective: Objective) -> Markup:
        """The mastery rule in plain words: "mastered when 2 pieces of teacher evidence..."."""
        s = objective.settings
        who = escape(self.catalog["who_sep"]).join(self(f"role_{r}") for r in s.assessed_by)
        level = self.level(s.level)
        if s.method == "n_mastery":
            return self("rule_n_mastery", count=s.count, who=who, level=level)
        method = self(f"method_{s.method}", who=who, weight=s.weight)
        return self("rule_text", method=method, level=level)

    def result(self, result: mastery.ObjectiveResult) -> Markup:
        s = result.objective.settings
        if result.score is None:
            return self("no_result")
        counted = len(result.counted)
        evidence = self("counted_evidence", n=counted)
        if s.method == "n_mastery":
            return self(
                "result_count",
                score=int(result.score),
                count=s.count,
                level=self.level(s.level),
                evidence=evidence,
            )
        score = mastery.rounded(result.score)
        reached = self.level(mastery.level_reached(result) or s.scale[0])
        return self("result_value", score=score, level=reached, evidence=evidence)
