"""The shapes of names in a plans folder, in one place: a student's id (its file name, and
the folder of its site) and the ids and references inside plans and libraries.

They differ on purpose. A student id names a folder of the published site and a file: it is
strict (`ava-m`, never `ava--m` or `ava-`). Ids inside plans have always been checked by the
looser pattern of format version 1 (hyphens anywhere after the first character); making them
strict now would turn plans that validated into broken ones.
"""

from __future__ import annotations

import re

STUDENT_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # use with fullmatch
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"  # a goal, objective, skill or library id (JSON Schema)
REF_PATTERN = r"^([a-z0-9][a-z0-9-]*/)?[a-z0-9][a-z0-9-]*$"  # an objective id, or library/skill
