"""Reads of the search: ask every provider (or the chosen kinds) and group the answers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

from salesdesk.org.models import User
from salesdesk.search.matching import clean_query, has_cjk, prepare_connection
from salesdesk.search.registry import SearchResult, registered_providers

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
MIN_QUERY_LENGTH = 2
# One CJK character is already a word ("王").
MIN_CJK_QUERY_LENGTH = 1


@dataclass(frozen=True, slots=True)
class SearchGroup:
    kind: str
    label: str | Promise
    results: list[SearchResult]
    has_more: bool

    @property
    def count(self) -> int:
        return len(self.results)


def search_kinds() -> list[tuple[str, str | Promise]]:
    return [(provider.kind, provider.label) for provider in registered_providers()]


def _long_enough(query: str) -> bool:
    return len(query) >= (MIN_CJK_QUERY_LENGTH if has_cjk(query) else MIN_QUERY_LENGTH)


def search(
    *, user: User, query: str, kinds: Iterable[str] = (), limit: int = DEFAULT_LIMIT
) -> list[SearchGroup]:
    """What `user` may see that matches `query`, by kind; each group best first, at most `limit`."""
    query = clean_query(query)
    if not _long_enough(query):
        return []
    wanted = set(kinds)
    limit = max(1, min(limit, MAX_LIMIT))
    prepare_connection()
    groups = []
    for provider in registered_providers():
        if wanted and provider.kind not in wanted:
            continue
        results = provider.search(user=user, query=query, limit=limit + 1)
        groups.append(
            SearchGroup(provider.kind, provider.label, results[:limit], has_more=len(results) > limit)
        )
    return groups
