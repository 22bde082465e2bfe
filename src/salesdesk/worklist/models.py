from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from salesdesk.core.models import VersionedModel
from salesdesk.core.scoping import ScopedQuerySet
from salesdesk.worklist.choices import TaskPriority, TaskStatus


class Task(VersionedModel):
    """Something a person has to do, optionally about any record, with a due date and a reminder."""

    title = models.CharField(_("title"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="tasks"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department queue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    is_shared = models.BooleanField(_("shared with the business unit"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    priority = models.CharField(
        _("priority"), max_length=16, choices=TaskPriority.choices, default=TaskPriority.NORMAL
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    remind_at = models.DateTimeField(_("reminder"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True, editable=False)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("content_type", "object_id")

    history = HistoricalRecords(excluded_fields=["updated_at", "reminder_sent_at"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "-priority", "pk"]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"], name="task_owner_open_idx"),
            models.Index(
                fields=["remind_at"],
                name="task_reminder_due_idx",
                condition=models.Q(reminder_sent_at__isnull=True, status="open"),
            ),
            models.Index(fields=["content_type", "object_id"], name="task_subject_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class WorklistItemState(models.Model):
    """A person's own handling of a worklist item that is not a task: snoozed until a day, or dismissed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    snoozed_until = models.DateField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="worklist_state_unique")]

    def __str__(self) -> str:
        return self.key


class WorklistDigest(models.Model):
    """What one person's worklist held on one morning: the daily build's record."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    counts = models.JSONField(default=dict)
    total = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="worklist_digest_unique")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"
