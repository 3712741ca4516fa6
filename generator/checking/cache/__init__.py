"""The cache of checked plans: a plan whose inputs did not change is not loaded or checked
again, so a rebuild after one edit reads that plan only (docs/edit-loop.md).

`student` decides when an entry may be used (its key and the libraries it depends on);
`store` keeps the entries, signed, in the site's state folder.
"""

from generator.checking.cache.student import CachedStudent

__all__ = ["CachedStudent"]
