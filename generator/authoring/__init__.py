"""Authoring: commands that edit plans in place. `author` adds to a plan (`learnpath new`,
`author add`), `fix` applies the safe fixes validate offers, and `splice` changes one value of
a YAML file without touching its other bytes (comments, quotes, order).
"""
