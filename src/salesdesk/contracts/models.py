"""Contracts and every promise in them (B2, B4): lines, the deliverables each line implies, routed to the
responsible department, and the evidence that each was kept."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from salesdesk.catalog.choices import DeliverableAction
from salesdesk.contracts.choices import ContractStatus, DeliverableStatus
from salesdesk.core.models import AmountField, CurrencyField, TimeStampedModel, VersionedModel
from salesdesk.core.money import Money
from salesdesk.core.scoping import ScopedQuerySet
from salesdesk.orders.choices import BillingKind

ZERO = Decimal(0)


class Contract(VersionedModel):
    number = models.CharField(_("number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    account = models.ForeignKey(
        "customers.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="contracts"
    )
    contact = models.ForeignKey(
        "customers.Contact",
        verbose_name=_("signed by (customer)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sales rep"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    opportunity = models.ForeignKey(
        "pipeline.Opportunity",
        verbose_name=_("won opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"))
    auto_renew = models.BooleanField(_("renews automatically"), default=False)
    notice_days = models.PositiveIntegerField(_("notice period (days)"), default=90)
    renewal_months = models.PositiveSmallIntegerField(_("renewal term (months)"), default=12)
    # The sum of the lines, kept by the services.
    value = AmountField(_("value"), default=ZERO)
    currency = CurrencyField(_("currency"))
    price_list = models.ForeignKey(
        "catalog.PriceList", verbose_name=_("price list"), null=True, blank=True, on_delete=models.PROTECT
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signature recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_document = models.FileField(_("signed document"), upload_to="contracts/%Y/%m/", blank=True)
    renewal_opportunity = models.ForeignKey(
        "pipeline.Opportunity",
        verbose_name=_("renewal opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    renewed_from = models.ForeignKey(
        "self", verbose_name=_("renews"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["end_on", "pk"]
        indexes = [
            models.Index(fields=["end_on", "id"], name="contract_expiry_idx"),
            models.Index(fields=["owner", "end_on"], name="contract_owner_expiry_idx"),
            models.Index(fields=["account", "-start_on"], name="contract_account_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_on__gte=F("start_on")), name="contract_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.title}"

    @property
    def total(self) -> Money:
        return Money(self.value, self.currency)

    def is_expired(self, today: date) -> bool:
        return self.end_on < today

    def notice_deadline(self) -> date:
        """The last day on which the customer (or we) can still give notice."""
        from datetime import timedelta

        return self.end_on - timedelta(days=self.notice_days)


class ContractLine(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="contract_lines"
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=3, validators=[MinValueValidator(Decimal("0.001"))]
    )
    # From the price list when left empty; the list price stays on the line to show the discount.
    list_price = AmountField(_("list price"), default=ZERO)
    unit_price = AmountField(_("unit price"), validators=[MinValueValidator(0)])
    discount_percent = models.DecimalField(
        _("discount (%)"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    net_amount = AmountField(_("net amount"), default=ZERO)
    billing = models.CharField(
        _("billing"), max_length=16, choices=BillingKind.choices, default=BillingKind.ONE_OFF
    )
    # What the promise needs to be carried out: the magazine issues, the banner's target address.
    issues = models.JSONField(_("issues"), default=list, blank=True)
    target_url = models.URLField(_("target address"), max_length=500, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("contract line")
        verbose_name_plural = _("contract lines")
        ordering = ["contract", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="contractline_quantity_positive")
        ]

    def __str__(self) -> str:
        return self.description or str(self.product_id)


class Deliverable(TimeStampedModel):
    """One promise to keep, in one department's queue; done only with evidence and who confirmed it."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="deliverables"
    )
    line = models.ForeignKey(
        ContractLine, verbose_name=_("contract line"), on_delete=models.CASCADE, related_name="deliverables"
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="deliverables"
    )
    action = models.CharField(_("action"), max_length=32, choices=DeliverableAction.choices)
    title = models.CharField(_("title"), max_length=300)
    detail = models.TextField(_("details"), blank=True)
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=DeliverableStatus.choices, default=DeliverableStatus.OPEN
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliverables",
    )
    evidence_note = models.TextField(_("note"), blank=True)
    evidence_link = models.URLField(_("link"), max_length=500, blank=True)
    evidence_reference = models.CharField(_("issue or reference number"), max_length=100, blank=True)
    evidence_file = models.FileField(_("file"), upload_to="evidence/%Y/%m/", blank=True)
    completed_at = models.DateTimeField(_("done on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["department", "status", "due_on", "id"], name="deliverable_queue_idx"),
            models.Index(fields=["assignee", "status", "due_on"], name="deliverable_assignee_idx"),
            models.Index(fields=["contract"], name="deliverable_contract_idx"),
            models.Index(fields=["status", "due_on"], name="deliverable_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_note or self.evidence_link or self.evidence_reference or self.evidence_file)


class ExpiryDigest(models.Model):
    """One expiry digest sent to one person for one period, so the digest never goes out twice (B4)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # "month:2026-12-01" or "quarter:2026-10-01": the kind and first day of the period it covered.
    period_key = models.CharField(max_length=40)
    contracts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("expiry digest")
        verbose_name_plural = _("expiry digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "period_key"], name="expiry_digest_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.period_key}"
