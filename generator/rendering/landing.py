"""The landing page of a plain (unsealed) site: templates/landing.html, at the site's root.
A sealed site has lock pages there instead (publishing/sealed_site.py)."""

from __future__ import annotations

import datetime as dt

from jinja2 import Environment, FileSystemLoader, select_autoescape

from generator.language import i18n
from generator.project import Project
from generator.rendering.render import TEMPLATES


def render(project: Project, day: dt.date, students: list[str]) -> str:
    """The page at the root of a plain site: the school's name and, if it lists them, its
    students (those of `students` with a site), in the school's language."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )
    language = i18n.site_language(project.school.language)
    listed = []
    if project.school.list_students:  # only then: the others' plans need not be unpickled
        listed = sorted((project.plans[sid] for sid in students), key=lambda p: p.name.casefold())
    return env.get_template("landing.html").render(
        words=i18n.catalog(language),
        language=language,
        school=project.school.name,
        students=listed,
        today=day.isoformat(),
    )
