from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from salesdesk.core.choices import JobStatus, RecognitionBasis
from salesdesk.core.money import validate_currency
from salesdesk.core.request_memo import forget, remembered


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A record people edit: every save through `save_versioned` checks and bumps `version`."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class CurrencyField(models.CharField[str, str]):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("validators", [validate_currency])
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class AmountField(models.DecimalField[Decimal, Decimal]):
    """Money amounts are stored with four decimals; rounding to the currency happens at the edges."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_digits", 20)
        kwargs.setdefault("decimal_places", 4)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


COMPANY_SETTINGS_MEMO = "company-settings"


class CompanySettings(models.Model):
    """The one row of company-wide settings: currency, fiscal year, time zone."""

    name = models.CharField(_("company name"), max_length=200, default="Salesdesk")
    currency = CurrencyField(_("company currency"), default="EUR")
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("first month of the fiscal year"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    time_zone = models.CharField(_("company time zone"), max_length=64, default="Europe/Berlin")
    # B4: how far ahead of a contract's end its renewal opportunity is opened and it shows as expiring.
    renewal_lead_days = models.PositiveSmallIntegerField(
        _("open renewal opportunities (days before expiry)"), default=90
    )
    expiry_warning_days = models.PositiveSmallIntegerField(
        _("show expiring contracts (days ahead)"), default=60
    )
    # G4: the date on which an order counts towards plan-vs-actual; changing it rebuilds the actuals.
    revenue_recognition = models.CharField(
        _("orders count towards the plan on their"),
        max_length=16,
        choices=RecognitionBasis.choices,
        default=RecognitionBasis.ORDER,
    )

    class Meta:
        verbose_name = _("company settings")
        verbose_name_plural = _("company settings")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        forget(COMPANY_SETTINGS_MEMO)

    @classmethod
    def current(cls) -> CompanySettings:
        """The settings row (created on first use); read once per request."""
        return remembered(COMPANY_SETTINGS_MEMO, lambda: cls.objects.get_or_create(pk=1)[0])


class FxRate(models.Model):
    """How many units of `currency` one unit of the company currency buys, valid from `valid_on`."""

    currency = CurrencyField(_("currency"))
    valid_on = models.DateField(_("valid from"))
    rate = models.DecimalField(_("rate"), max_digits=20, decimal_places=10)
    source = models.CharField(_("source"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-valid_on"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_on"], name="fxrate_one_per_currency_and_day"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="fxrate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.rate} @ {self.valid_on}"


class Notification(models.Model):
    """An in-app message for one person (the bell in the header)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title


class JobRun(models.Model):
    """One run of a background job as people see it: status, progress, outcome."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=100)
    label = models.CharField(_("description"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveIntegerField(_("total steps"), default=0)
    done = models.PositiveIntegerField(_("steps done"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="jobrun_requester_idx")]

    def __str__(self) -> str:
        return self.label

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)


class AuditEvent(models.Model):
    """An append-only record of an action that matters for security or accountability."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(_("action"), max_length=100)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="auditevent_object_idx")]

    def __str__(self) -> str:
        return f"{self.verb} {self.object_repr}"


class CalendarFeed(models.Model):
    """A person's subscribable iCalendar feed; only a hash of its secret is kept, and it can be revoked."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last read"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"calendar feed {self.pk}"
