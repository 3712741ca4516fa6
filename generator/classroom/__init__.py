"""The teacher's side: `learnpath evidence import` and `learnpath class`.

It stands on the pipeline (load, validate, mastery, author). cli.py runs it; the build also
draws the class page into the teacher's sealed index (tests/test_imports.py lists that leak).
Reading an export: `table` (bytes -> rows) -> `formats` (rows -> marks) -> `grading` (marks ->
levels) -> `roster` (marks -> students) -> `intake` (entries) -> `edits` (each plan's new text,
the diff) -> `transaction` (all files or none). The class view: `overview` (data) -> `page`
(html, csv, json, text).
"""
