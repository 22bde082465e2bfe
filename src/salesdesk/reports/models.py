"""K1: the reps' monthly submissions, the reminders that chase them and each sending of the compiled
report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from salesdesk.core.models import VersionedModel
from salesdesk.core.scoping import ScopedQuerySet
from salesdesk.reports.choices import DeliveryTrigger, ScopeKind


class ReportSettings(models.Model):
    """The company's reporting calendar (one row)."""

    submission_working_day = models.PositiveSmallIntegerField(
        _("numbers due on working day"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("The reps hand in a month's numbers by this working day of the following month."),
    )
    report_working_days_after = models.PositiveSmallIntegerField(
        _("report sent working days after the deadline"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return str(_("Report settings"))

    @classmethod
    def current(cls) -> ReportSettings:
        row, _created = cls.objects.get_or_create(pk=1)
        return row


class MonthlySubmission(VersionedModel):
    """A rep's numbers for one month as they confirmed or corrected them, beside what the system counted
    when they handed them in. Every version is kept."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="monthly_submissions",
    )
    month = models.DateField(_("month"), help_text=_("The month's first day."))
    # {metric: decimal as text}; text keeps every digit, JSON numbers would be floats.
    figures = models.JSONField(_("reported figures"), default=dict)
    system_figures = models.JSONField(_("system figures when submitted"), default=dict)
    comment = models.TextField(_("comment"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly submission")
        verbose_name_plural = _("monthly submissions")
        ordering = ["-month", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="monthly_submission_once"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="monthly_submission_first_day"),
        ]
        indexes = [models.Index(fields=["month", "person"], name="monthly_submission_month_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.month:%Y-%m}"

    def reported(self, metric: str) -> Decimal | None:
        return _decimal(self.figures.get(metric))

    def system(self, metric: str) -> Decimal | None:
        return _decimal(self.system_figures.get(metric))


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class SubmissionReminder(models.Model):
    """One reminder to one rep on one day: the daily job skips who has had today's."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    sent_on = models.DateField(_("sent on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("submission reminder")
        verbose_name_plural = _("submission reminders")
        constraints = [
            models.UniqueConstraint(fields=["person", "sent_on"], name="submission_reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.sent_on}"


class ReportDelivery(models.Model):
    """One compiled report e-mailed to one person. A scheduled one is sent once per month, scope and
    recipient; sending by hand is recorded too."""

    month = models.DateField(_("month"))
    scope_kind = models.CharField(_("scope"), max_length=8, choices=ScopeKind.choices)
    scope_id = models.PositiveIntegerField(_("scope id"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    trigger = models.CharField(_("trigger"), max_length=10, choices=DeliveryTrigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report delivery")
        verbose_name_plural = _("report deliveries")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "scope_kind", "scope_id", "recipient"],
                condition=models.Q(trigger=DeliveryTrigger.SCHEDULED),
                name="report_delivery_scheduled_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope_kind}-{self.scope_id} · {self.month:%Y-%m} → {self.recipient_id}"
