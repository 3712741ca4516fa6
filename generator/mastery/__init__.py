"""Scoring: the mastery engine and the views every page and command read from it.

`engine` turns a plan's evidence into each objective's score, level, status (locked, ready,
in progress, mastered) and the goal's pace, for all six calculation methods; `history` runs it
over time (burn-ups, what changed, what is due for review); `status` is the `status` command's
report of it, as data and as text. Pure functions of the model: no file is read or written.
"""
