"""The main navigation: which sections a person sees depends on their roles.

Each app adds its entries with `register_nav` in its AppConfig.ready(); `position` orders them and an
entry with `roles` empty is for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from salesdesk.org.choices import Role


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    roles: frozenset[str] = frozenset()
    # View names ("namespace:name" prefixes) under which this entry is the current section.
    current_for: tuple[str, ...] = ()
    position: int = 100

    def url(self) -> str:
        return reverse(self.url_name)

    def is_current(self, view_name: str) -> bool:
        return any(view_name.startswith(prefix) for prefix in self.current_for or (self.url_name,))


NAVIGATION: list[NavEntry] = [
    NavEntry(_("Worklist"), "worklist:home", position=10),
    NavEntry(_("Tasks"), "worklist:task-list", current_for=("worklist:task",), position=20),
    NavEntry(_("People"), "org:people", current_for=("org:people", "org:person"), position=80),
    NavEntry(_("Jobs"), "web:jobs", current_for=("web:job",), position=90),
    NavEntry(_("Administration"), "admin:index", roles=frozenset({Role.ADMIN}), position=100),
]


def register_nav(entry: NavEntry) -> None:
    """Add an app's entry to the main navigation (from its AppConfig.ready())."""
    if all(existing.url_name != entry.url_name for existing in NAVIGATION):
        NAVIGATION.append(entry)
        NAVIGATION.sort(key=lambda item: item.position)


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url: str
    current: bool


def navigation_for(user: object, view_name: str) -> list[NavLink]:
    roles: frozenset[str] = getattr(user, "roles", frozenset())
    return [
        NavLink(entry.label, entry.url(), entry.is_current(view_name))
        for entry in NAVIGATION
        if not entry.roles or entry.roles & roles
    ]
