"""Checking plans: a plan read with its positions becomes a model, or located problems.

In the order `validate` runs them: the schema (`schema`) and the shaped records
(`shape`), the checks that need no model (`links`, `evidence_files`), then, on the model,
ids, dates and cycles (`crossref`, which asks the mastery engine for evidence on a locked
objective), with the cache of checked plans (`cache/`). The rule catalogue (`rules`), the
reference docs written from it (`reference`) and the editors' JSON Schema (`editor_schema`)
are the same rules, said for people and for editors.
"""
