"""Writes to tasks and worklist items. One transaction each; stale edits are refused."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from salesdesk.core.mail import send_user_mail
from salesdesk.core.notifications import notification_create
from salesdesk.core.scoping import visible_to
from salesdesk.core.versioning import save_versioned
from salesdesk.org.models import Department, User
from salesdesk.worklist.choices import TaskPriority, TaskStatus
from salesdesk.worklist.models import Task, WorklistItemState

logger = logging.getLogger(__name__)

_EDITABLE_FIELDS = ("title", "notes", "owner", "department", "is_shared", "priority", "due_on", "remind_at")


def _validate(task: Task, *, acting: User) -> None:
    errors: dict[str, list[str]] = {}
    if not task.title or not task.title.strip():
        errors.setdefault("title", []).append(_("Give the task a title."))
    if task.priority not in TaskPriority.values:
        errors.setdefault("priority", []).append(_("Choose a priority."))
    owner = task.owner if task.owner_id else None
    if owner is None or not owner.is_active:
        errors.setdefault("owner", []).append(_("Choose an active person to own the task."))
    elif not visible_to(acting, User).filter(pk=owner.pk).exists():
        errors.setdefault("owner", []).append(_("You cannot give tasks to that person."))
    if task.remind_at and task.due_on and timezone.localdate(task.remind_at) > task.due_on:
        errors.setdefault("remind_at", []).append(_("Set the reminder on or before the due date."))
    if task.department_id and task.department and task.department.business_unit_id != acting.business_unit_id:
        errors.setdefault("department", []).append(_("That department is not in your business unit."))
    if errors:
        raise ValidationError(errors)


def _attach(task: Task, subject: models.Model | None) -> None:
    if subject is not None:
        task.content_type = ContentType.objects.get_for_model(subject)
        task.object_id = str(subject.pk)


@transaction.atomic
def task_create(
    *,
    created_by: User,
    title: str,
    owner: User | None = None,
    notes: str = "",
    due_on: date | None = None,
    remind_at: datetime | None = None,
    priority: str = TaskPriority.NORMAL,
    department: Department | None = None,
    is_shared: bool = False,
    subject: models.Model | None = None,
) -> Task:
    """Create an open task for `owner` (the creator by default), optionally about `subject`."""
    task = Task(
        title=title.strip(),
        notes=notes,
        owner=owner or created_by,
        created_by=created_by,
        due_on=due_on,
        remind_at=remind_at,
        priority=priority,
        department=department,
        is_shared=is_shared,
    )
    _attach(task, subject)
    _validate(task, acting=created_by)
    task._change_reason = _("Created")  # type: ignore[attr-defined]
    task._history_user = created_by  # type: ignore[attr-defined]
    task.save()
    if task.owner_id != created_by.pk:
        _notify_new_owner(task, given_by=created_by)
    return task


def _notify_new_owner(task: Task, *, given_by: User) -> None:
    """Tell the person a task was given to, in their language, once the change is committed."""
    owner = task.owner

    def notify() -> None:
        with translation.override(owner.language):
            notification_create(
                recipient=owner,
                title=_("%(person)s gave you a task: %(title)s") % {"person": given_by, "title": task.title},
                url=reverse("worklist:task-detail", args=[task.pk]),
            )

    transaction.on_commit(notify)


@transaction.atomic
def task_update(
    *, task: Task, changed_by: User, expected_version: int, reason: str = "", **changes: Any
) -> Task:
    """Change a task's editable fields; refused if someone saved it since `expected_version`."""
    unknown = set(changes) - set(_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})
    old_remind_at = task.remind_at
    old_owner_id = task.owner_id
    for field, value in changes.items():
        setattr(task, field, value.strip() if field == "title" and isinstance(value, str) else value)
    if task.remind_at != old_remind_at:
        task.reminder_sent_at = None  # a new reminder time means a new reminder
    _validate(task, acting=changed_by)
    save_versioned(task, expected_version=expected_version, reason=reason, changed_by=changed_by)
    if task.owner_id != old_owner_id and task.owner_id != changed_by.pk:
        _notify_new_owner(task, given_by=changed_by)
    return task


def _set_status(
    task: Task, *, status: str, changed_by: User, expected_version: int | None, reason: str
) -> Task:
    task.status = status
    task.completed_at = timezone.now() if status == TaskStatus.DONE else None
    save_versioned(
        task,
        expected_version=task.version if expected_version is None else expected_version,
        reason=reason,
        changed_by=changed_by,
    )
    return task


@transaction.atomic
def task_complete(*, task: Task, completed_by: User, expected_version: int | None = None) -> Task:
    if task.status != TaskStatus.OPEN:
        raise ValidationError({"status": _("Only an open task can be completed.")})
    return _set_status(
        task,
        status=TaskStatus.DONE,
        changed_by=completed_by,
        expected_version=expected_version,
        reason=_("Completed"),
    )


@transaction.atomic
def task_reopen(*, task: Task, reopened_by: User, expected_version: int | None = None) -> Task:
    if task.status == TaskStatus.OPEN:
        raise ValidationError({"status": _("The task is open already.")})
    return _set_status(
        task,
        status=TaskStatus.OPEN,
        changed_by=reopened_by,
        expected_version=expected_version,
        reason=_("Reopened"),
    )


@transaction.atomic
def task_cancel(
    *, task: Task, cancelled_by: User, reason: str = "", expected_version: int | None = None
) -> Task:
    if task.status != TaskStatus.OPEN:
        raise ValidationError({"status": _("Only an open task can be cancelled.")})
    return _set_status(
        task,
        status=TaskStatus.CANCELLED,
        changed_by=cancelled_by,
        expected_version=expected_version,
        reason=reason or _("Cancelled"),
    )


def worklist_item_snooze(*, user: User, key: str, until: date) -> WorklistItemState:
    if until <= timezone.localdate():
        raise ValidationError({"until": _("Snooze until a day after today.")})
    state, _created = WorklistItemState.objects.update_or_create(
        user=user, key=key, defaults={"snoozed_until": until, "dismissed_at": None}
    )
    return state


def worklist_item_dismiss(*, user: User, key: str) -> WorklistItemState:
    state, _created = WorklistItemState.objects.update_or_create(
        user=user, key=key, defaults={"dismissed_at": timezone.now()}
    )
    return state


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Send every reminder that is due, once each, by e-mail and in-app notification.

    Each task is claimed with a conditional UPDATE before anything is sent, so two schedulers or a
    retried job never remind twice; if sending fails the claim is released for the next run.
    """
    now = now or timezone.now()
    due_ids = list(
        Task.objects.filter(status=TaskStatus.OPEN, reminder_sent_at__isnull=True, remind_at__lte=now)
        .order_by("remind_at")
        .values_list("pk", flat=True)[:500]
    )
    sent = 0
    for task_id in due_ids:
        claimed = Task.objects.filter(pk=task_id, reminder_sent_at__isnull=True).update(reminder_sent_at=now)
        if not claimed:
            continue
        task = Task.objects.select_related("owner").get(pk=task_id)
        try:
            send_user_mail(user=task.owner, name="task_reminder", context={"task": task})
        except Exception:
            Task.objects.filter(pk=task_id).update(reminder_sent_at=None)
            logger.exception("reminder e-mail failed", extra={"task": task_id})
            continue
        with translation.override(task.owner.language):
            notification_create(
                recipient=task.owner,
                title=_("Reminder: %(title)s") % {"title": task.title},
                url=reverse("worklist:task-detail", args=[task.pk]),
            )
        sent += 1
    return sent
