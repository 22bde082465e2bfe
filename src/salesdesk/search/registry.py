"""The search providers: each app says how its records are found, the search app only asks them.

A provider is registered from the app's `search` module (imported at start-up). It returns the records
`user` may see (core.scoping.visible_to) that match `query`, best first, at most `limit` of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

if TYPE_CHECKING:
    from salesdesk.org.models import User


@dataclass(frozen=True, slots=True)
class SearchResult:
    kind: str
    id: int
    title: str
    subtitle: str
    url: str
    score: int  # 0..100, higher is a better match


class SearchProvider(Protocol):
    kind: str
    label: str | Promise
    position: int

    def search(self, *, user: User, query: str, limit: int) -> list[SearchResult]: ...


_providers: dict[str, SearchProvider] = {}


def register_provider(provider: SearchProvider) -> SearchProvider:
    if provider.kind in _providers and type(_providers[provider.kind]) is not type(provider):
        raise ValueError(f"A search provider for {provider.kind!r} is registered already.")
    _providers[provider.kind] = provider
    return provider


def registered_providers() -> list[SearchProvider]:
    return sorted(_providers.values(), key=lambda provider: provider.position)


def record_url(url_name: str, pk: int) -> str:
    """The page of a record, or "" while its app has no such page."""
    try:
        return reverse(url_name, args=[pk])
    except NoReverseMatch:
        return ""
