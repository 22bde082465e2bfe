"""The worklist is built by rules: each capability registers what it puts on a person's list.

A rule is an object with a `name`, a translatable `label`, and `items(user=..., today=...)` returning
`WorklistItem`s for that person. Apps register their rules in a `worklist_rules` module, which is
imported at start-up, so a new capability adds items (expiring contracts, overdue deliverables, ...)
without touching the worklist itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Protocol

from django.utils.functional import Promise

from salesdesk.worklist.choices import Urgency

if TYPE_CHECKING:
    from salesdesk.org.models import User


# A rule puts at most this many items on one list; when it has more, its last item leads to the page that
# holds them all (a department queue, a report). A list of thousands helps nobody and costs seconds; 25 of
# a kind is more than a day's work, and the home page is the page everyone opens most.
ITEMS_PER_RULE = 25


@dataclass(frozen=True, slots=True)
class WorklistItem:
    key: str  # stable across builds, e.g. "task:42"; used for snoozing and dismissing
    rule: str
    title: str
    url: str
    due_on: date | None = None
    detail: str = ""
    priority: int = 0  # higher first within the same urgency
    actions: tuple[str, ...] = field(default_factory=tuple)  # e.g. ("complete",) for tasks

    def urgency(self, today: date) -> Urgency:
        if self.due_on is None:
            return Urgency.UNDATED
        if self.due_on < today:
            return Urgency.OVERDUE
        if self.due_on == today:
            return Urgency.TODAY
        if self.due_on <= today + timedelta(days=6 - today.weekday()):
            return Urgency.THIS_WEEK
        return Urgency.LATER


class WorklistRule(Protocol):
    name: str
    label: str | Promise

    def items(self, *, user: User, today: date) -> Iterable[WorklistItem]: ...


_rules: dict[str, WorklistRule] = {}


def register_rule(rule: WorklistRule) -> WorklistRule:
    if rule.name in _rules and type(_rules[rule.name]) is not type(rule):
        raise ValueError(f"A worklist rule named {rule.name!r} is registered already.")
    _rules[rule.name] = rule
    return rule


def registered_rules() -> list[WorklistRule]:
    return list(_rules.values())


def capped(
    items: Sequence[WorklistItem],
    *,
    limit: int,
    rule: str,
    more_title: str,
    more_url: str,
    priority: int = 0,
) -> list[WorklistItem]:
    """`items` (read with one more than `limit`, usually ITEMS_PER_RULE) cut to `limit`; when there were
    more, a last item leads to the page that holds them all, due when the first one left out is due."""
    if len(items) <= limit:
        return list(items)
    more = WorklistItem(
        key=f"{rule}:more",
        rule=rule,
        title=more_title,
        url=more_url,
        due_on=items[limit].due_on,
        priority=priority,
    )
    return [*items[:limit], more]
