from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from salesdesk.core.models import TimeStampedModel, VersionedModel
from salesdesk.core.scoping import ScopedQuerySet
from salesdesk.customers.choices import (
    BROKEN_STATUSES,
    AccountStatus,
    ActivityKind,
    ActivityStatus,
    CadenceKind,
    CallOutcome,
    CompanySize,
    ContactPointKind,
    ContactPointLabel,
    DuplicateStatus,
    ExternalSystem,
    HygieneStatus,
)


class Segment(TimeStampedModel):
    """A tag that groups accounts (industry niche, tier, region) for filters and upkeep cadences."""

    business_unit = models.ForeignKey("org.BusinessUnit", on_delete=models.PROTECT, related_name="segments")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["business_unit", "name"], name="segment_name_unique")]

    def __str__(self) -> str:
        return self.name


class Account(VersionedModel):
    """A company we sell to (or sold to)."""

    name = models.CharField(_("name"), max_length=300)
    legal_name = models.CharField(_("legal name"), max_length=300, blank=True)
    vat_id = models.CharField(_("VAT ID"), max_length=40, blank=True)
    # Upper case without spaces or punctuation, for matching imports and finding duplicates.
    vat_id_normalized = models.CharField(max_length=40, blank=True, db_index=True, editable=False)
    tax_id = models.CharField(_("tax number"), max_length=40, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=CompanySize.choices, blank=True)
    website = models.URLField(_("web site"), max_length=300, blank=True)
    domain = models.CharField(_("domain"), max_length=255, blank=True, db_index=True, editable=False)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166 code, e.g. DE"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="accounts"
    )
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), null=True, blank=True, on_delete=models.SET_NULL
    )
    segments = models.ManyToManyField(
        Segment, verbose_name=_("segments"), blank=True, related_name="accounts"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent company"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subsidiaries",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AccountStatus.choices, default=AccountStatus.ACTIVE
    )
    customer_since = models.DateField(_("customer since"), null=True, blank=True)
    is_shared = models.BooleanField(_("shared with the business unit"), default=False)
    # A4: who teed up the prospect this customer came from; the incentives capability pays on it.
    teed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teed up by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = HistoricalRecords(excluded_fields=["updated_at", "vat_id_normalized", "domain"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["owner", "name"], name="account_owner_name_idx"),
            models.Index(fields=["name", "id"], name="account_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(VersionedModel):
    """A person at an account (or on their own), with names in any script."""

    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    first_name = models.CharField(_("given name"), max_length=150, blank=True)
    last_name = models.CharField(_("family name"), max_length=150, blank=True)
    # As shown and sorted: "Anna Schmidt", "王芳" (family name first, no space), "Иван Петров".
    full_name = models.CharField(_("full name"), max_length=300)
    salutation = models.CharField(_("salutation"), max_length=50, blank=True)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="contacts"
    )
    is_shared = models.BooleanField(_("shared with the business unit"), default=False)
    teed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teed up by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["full_name", "pk"]
        indexes = [
            models.Index(fields=["owner", "full_name"], name="contact_owner_name_idx"),
            models.Index(fields=["full_name", "id"], name="contact_name_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name


class ContactPoint(TimeStampedModel):
    """An e-mail address, phone number or postal address of an account or a contact, with its health."""

    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.CASCADE, related_name="contact_points"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="contact_points"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ContactPointKind.choices)
    label = models.CharField(_("type"), max_length=10, choices=ContactPointLabel.choices, default="work")
    value = models.CharField(_("value"), max_length=500, help_text=_("As written, e.g. +49 30 1234567"))
    # Lower-case e-mail, E.164 phone, or a one-line address: what matching and duplicates compare.
    normalized = models.CharField(max_length=500, blank=True, db_index=True, editable=False)
    street = models.CharField(_("street"), max_length=300, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=HygieneStatus.choices, default=HygieneStatus.UNVERIFIED
    )
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("contact detail")
        verbose_name_plural = _("contact details")
        ordering = ["kind", "-is_primary", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(account__isnull=False, contact__isnull=True)
                | Q(account__isnull=True, contact__isnull=False),
                name="contactpoint_one_owner",
            )
        ]
        indexes = [
            models.Index(fields=["kind", "normalized"], name="contactpoint_match_idx"),
            # The hygiene queue: the few broken points among millions, in the queue's order. (An index of
            # every point not yet valid held nearly all of them, unverified, and served no query.)
            models.Index(
                fields=["kind", "status_changed_at", "id"],
                name="contactpoint_broken_idx",
                condition=Q(status__in=BROKEN_STATUSES),
            ),
        ]

    def __str__(self) -> str:
        return self.value


class ExternalReference(models.Model):
    """The id a record has in another system (Salesforce, HubSpot, Odoo): imports match on it first."""

    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.CASCADE, related_name="external_refs"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="external_refs"
    )
    opportunity = models.ForeignKey(
        "pipeline.Opportunity", null=True, blank=True, on_delete=models.CASCADE, related_name="external_refs"
    )
    prospect = models.ForeignKey(
        "prospects.Prospect", null=True, blank=True, on_delete=models.CASCADE, related_name="external_refs"
    )
    system = models.CharField(_("system"), max_length=20, choices=ExternalSystem.choices)
    entity = models.CharField(max_length=20)  # "account", "contact", "opportunity" or "prospect"
    value = models.CharField(_("external ID"), max_length=100)

    class Meta:
        verbose_name = _("external ID")
        verbose_name_plural = _("external IDs")
        constraints = [
            models.UniqueConstraint(fields=["system", "entity", "value"], name="externalref_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.system}:{self.value}"


class Activity(TimeStampedModel):
    """A call, meeting, e-mail, note, visit, gift or dinner: planned (on the worklist) or done."""

    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.DONE
    )
    planned_for = models.DateTimeField(_("planned for"), null=True, blank=True)
    occurred_at = models.DateTimeField(_("happened"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=CallOutcome.choices, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="activities"
    )
    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.CASCADE, related_name="activities"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="activities"
    )
    prospect = models.ForeignKey(
        "prospects.Prospect", null=True, blank=True, on_delete=models.CASCADE, related_name="activities"
    )
    opportunity = models.ForeignKey(
        "pipeline.Opportunity", null=True, blank=True, on_delete=models.CASCADE, related_name="activities"
    )
    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name=_("number or address used"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    cadence = models.ForeignKey(
        "customers.CadenceRule", null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-occurred_at", "-planned_for", "-pk"]
        indexes = [
            models.Index(fields=["account", "-occurred_at"], name="activity_account_idx"),
            models.Index(fields=["contact", "-occurred_at"], name="activity_contact_idx"),
            models.Index(fields=["owner", "status", "planned_for"], name="activity_owner_planned_idx"),
        ]

    def __str__(self) -> str:
        return self.subject


class CadenceRule(TimeStampedModel):
    """A5: how often an account (or every account in a segment) is looked after, and how."""

    business_unit = models.ForeignKey("org.BusinessUnit", on_delete=models.PROTECT, related_name="cadences")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CadenceKind.choices)
    segment = models.ForeignKey(
        Segment, verbose_name=_("segment"), null=True, blank=True, on_delete=models.CASCADE
    )
    account = models.ForeignKey(
        Account, verbose_name=_("account"), null=True, blank=True, on_delete=models.CASCADE
    )
    interval_days = models.PositiveIntegerField(_("every N days"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    lead_days = models.PositiveSmallIntegerField(_("days ahead on the worklist"), default=7)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("upkeep cadence")
        verbose_name_plural = _("upkeep cadences")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DuplicatePair(TimeStampedModel):
    """Two accounts or two contacts that look like the same one, waiting for a person's decision."""

    entity = models.CharField(max_length=10)  # "account" or "contact"
    first_id = models.PositiveBigIntegerField()
    second_id = models.PositiveBigIntegerField()
    score = models.PositiveSmallIntegerField(_("likeness"))  # 0..100
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "first_id", "second_id"], name="duplicatepair_unique"),
            models.CheckConstraint(
                condition=Q(first_id__lt=models.F("second_id")), name="duplicatepair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity} {self.first_id}~{self.second_id}"
