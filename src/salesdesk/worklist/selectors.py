"""Reads of tasks and of a person's worklist, scoped to the reader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import islice

from django.db.models import Q, QuerySet

from salesdesk.core.scoping import get_visible_or_404, visible_to
from salesdesk.org.models import User
from salesdesk.worklist.choices import TaskStatus, Urgency
from salesdesk.worklist.models import Task, WorklistItemState
from salesdesk.worklist.rules import ITEMS_PER_RULE, WorklistItem, registered_rules


def task_list(
    *,
    user: User,
    status: str = "",
    owner_id: int | None = None,
    due_before: date | None = None,
    search: str = "",
) -> QuerySet[Task]:
    tasks = visible_to(user, Task).select_related("owner", "department", "content_type")
    if status:
        tasks = tasks.filter(status=status)
    if owner_id:
        tasks = tasks.filter(owner_id=owner_id)
    if due_before:
        tasks = tasks.filter(due_on__lte=due_before)
    if search:
        tasks = tasks.filter(Q(title__icontains=search) | Q(notes__icontains=search))
    return tasks


def task_get(*, user: User, pk: int | str) -> Task:
    return get_visible_or_404(user, task_list(user=user), pk=pk)


@dataclass(frozen=True)
class WorklistSection:
    urgency: Urgency
    items: list[WorklistItem]


def worklist_items(*, user: User, today: date) -> list[WorklistItem]:
    """Every item the registered rules put on `user`'s list today, without snoozed or dismissed ones."""
    # A rule with more than ITEMS_PER_RULE items ends with its own link to the rest; whatever a rule
    # yields, the list takes at most that many from it, plus the link.
    items = [
        item
        for rule in registered_rules()
        for item in islice(rule.items(user=user, today=today), ITEMS_PER_RULE + 1)
    ]
    hidden = set(
        WorklistItemState.objects.filter(user=user, key__in=[item.key for item in items])
        .filter(Q(dismissed_at__isnull=False) | Q(snoozed_until__gt=today))
        .values_list("key", flat=True)
    )
    return [item for item in items if item.key not in hidden]


def worklist_sections(*, user: User, today: date) -> list[WorklistSection]:
    """The worklist grouped from overdue to undated, most pressing first inside each group."""
    grouped: dict[Urgency, list[WorklistItem]] = {urgency: [] for urgency in Urgency}
    for item in worklist_items(user=user, today=today):
        grouped[item.urgency(today)].append(item)
    sections = []
    for urgency, items in grouped.items():
        items.sort(key=lambda item: (item.due_on or date.max, -item.priority, item.title))
        if items:
            sections.append(WorklistSection(urgency, items))
    return sections


def open_task_count(*, user: User) -> int:
    return Task.objects.filter(owner=user, status=TaskStatus.OPEN).count()
