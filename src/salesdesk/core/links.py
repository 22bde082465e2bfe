"""Links to many records of one kind, for pages and feeds that list hundreds of them."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

_SENTINEL = 987654321


def record_link(url_name: str) -> Callable[[int], str]:
    """pk → path of the record page `url_name` (one integer argument), reversing the pattern once.

    `reverse` walks the URL resolver on every call; a list of a hundred rows with several links each
    would spend more on that than on its data. Raises NoReverseMatch like `reverse` when the name is
    unknown.
    """
    pattern = reverse(url_name, args=[_SENTINEL])
    head, _sep, tail = pattern.partition(str(_SENTINEL))
    return lambda pk: f"{head}{pk}{tail}"
