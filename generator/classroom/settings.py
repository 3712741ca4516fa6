"""The school settings only the teacher's commands read (`cut_scores`, `stale_after_days`)."""

from __future__ import annotations

from generator.checking import schema
from generator.checking.shape import Rec, Shaper
from generator.project import Project

STALE_AFTER_DAYS = 14


def school_record(project: Project) -> Rec:
    """school.yml as checked values with positions; empty when there is none."""
    document = project.documents.get(project.school.path)
    if document is None or document.tree is None:
        return Rec()
    return Shaper(document.display).record(document.tree, schema.SCHOOL)


def stale_after_days(project: Project) -> int:
    days: int = school_record(project).get("stale_after_days", STALE_AFTER_DAYS)
    return days
