"""The teacher's side: `learnpath evidence import` and `learnpath class`.

It stands on the pipeline (load, validate, mastery, author) and nothing but cli.py imports it.
Reading an export: `table` (bytes -> rows) -> `formats` (rows -> marks) -> `grading` (marks ->
levels) -> `roster` (marks -> students) -> `intake` (entries) -> `edits` (each plan's new text,
the diff) -> `transaction` (all files or none). The class view: `overview` (data) -> `page`
(html, csv, json, text).
"""
