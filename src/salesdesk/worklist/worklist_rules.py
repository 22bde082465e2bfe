"""The worklist's own rule: a person's open tasks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from salesdesk.org.models import User
from salesdesk.worklist.choices import TaskPriority, TaskStatus
from salesdesk.worklist.models import Task
from salesdesk.worklist.rules import WorklistItem, register_rule

_PRIORITY_WEIGHT = {TaskPriority.HIGH: 2, TaskPriority.NORMAL: 1, TaskPriority.LOW: 0}


class OpenTasksRule:
    name = "tasks"
    label: str | Promise = _("Tasks")

    def items(self, *, user: User, today: date) -> Iterator[WorklistItem]:
        tasks = Task.objects.filter(owner=user, status=TaskStatus.OPEN).select_related("content_type")
        for task in tasks:
            yield WorklistItem(
                key=f"task:{task.pk}",
                rule=self.name,
                title=task.title,
                url=reverse("worklist:task-detail", args=[task.pk]),
                due_on=task.due_on,
                detail=task.notes[:200],
                priority=_PRIORITY_WEIGHT.get(TaskPriority(task.priority), 1),
                actions=("complete",),
            )


register_rule(OpenTasksRule())
