"""The main navigation: which sections a person sees depends on their roles.

Later capabilities append their entries to NAVIGATION; an entry with `roles` empty is for everyone.
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

    def url(self) -> str:
        return reverse(self.url_name)

    def is_current(self, view_name: str) -> bool:
        return any(view_name.startswith(prefix) for prefix in self.current_for or (self.url_name,))


NAVIGATION: list[NavEntry] = [
    NavEntry(_("Worklist"), "worklist:home"),
    NavEntry(_("Tasks"), "worklist:task-list", current_for=("worklist:task",)),
    NavEntry(_("People"), "org:people", current_for=("org:people", "org:person")),
    NavEntry(_("Jobs"), "web:jobs", current_for=("web:job",)),
    NavEntry(_("Administration"), "admin:index", roles=frozenset({Role.ADMIN})),
]


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
