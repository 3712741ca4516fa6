"""Contributions: what a family, a student or the teacher writes from a sealed site, sealed in
the browser (templates/publish/contribute.js), opened and applied by `learnpath inbox`
(docs/contributions.md)."""
