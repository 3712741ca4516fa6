"""The bottom layer: infrastructure every stage shares and no stage owns.

Ids and refs (`ids`), "did you mean" (`hints`), whole-file writes and the site-folder guard
(`fsutil`), several files replaced as one change (`journal`), the garbage collector's pauses
(`collector`), the worker processes (`workers`), what output depends on besides plans
(`fingerprint`), cycles in a graph (`topology`), text on its way to a terminal (`terminal`), and
the words people write several ways (`vocabulary`, `ways`, `invisible`). Nothing here imports a
stage.
"""
