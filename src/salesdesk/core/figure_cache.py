"""Figures summed over hundreds of thousands of rows (the forecast, the peers' closed deals), kept in the
cache until the rows under them change.

A cached figure's key holds what it was asked for (the query, the period, the people) and a *stamp* of the
data it reads: a few maxima that move whenever a row is added or saved (the highest id, the highest history
id). The next change writes a new stamp, so the old figure is never read again and simply expires. The
stamps cost one indexed query each, the figures they spare cost a second of database time at scale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

# A figure is dropped after this long even if nothing changed: stamps catch rows added and saved, not a
# correction made directly in the database.
FIGURES_TIMEOUT_S = 15 * 60
_MISSING = object()


def remembered_figures[T](name: str, *, asked: object, stamp: object, compute: Callable[[], T]) -> T:
    """`compute()`, or what it returned before for the same question over the same data."""
    digest = hashlib.sha256(repr((asked, stamp)).encode()).hexdigest()
    key = f"salesdesk:figures:{name}:{digest}"
    found: Any = cache.get(key, _MISSING)
    if found is not _MISSING:
        return found
    value = compute()
    cache.set(key, value, FIGURES_TIMEOUT_S)
    return value
