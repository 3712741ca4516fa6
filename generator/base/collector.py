"""The cyclic garbage collector, paused or frozen while many long-lived objects are made.

Loading a class's plans allocates millions of small objects that all stay alive (every value
keeps its position), so the collector would rescan them again and again for nothing;
reference counting still frees everything else. Every stage that pauses or freezes the
collector does it here, so that pauses nest and a freeze is given back once, by its owner.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_freezes = 0  # freeze() calls not yet matched by thaw(), in this process


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No collection during the block; a pause inside a pause leaves the collector off until
    the outer one ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze() -> None:
    """Move every object alive now out of the collector's view (a forked worker then does
    not copy their pages by collecting them) until the matching `thaw()`."""
    global _freezes
    gc.freeze()
    _freezes += 1


def thaw() -> bool:
    """End one `freeze()`. `gc.unfreeze()` gives back everything ever frozen, so only the
    last thaw calls it; True when it did."""
    global _freezes
    if _freezes == 0:
        return False
    _freezes -= 1
    if _freezes:
        return False
    gc.unfreeze()
    return True


@contextlib.contextmanager
def frozen() -> Iterator[None]:
    """`freeze()` for the block, ended by its own `thaw()`."""
    freeze()
    try:
        yield
    finally:
        thaw()
