"""Orders from quote to follow-up, their deliveries and delivery incidents, and the billing entries that
orders and contracts produce for finance (B1, B3, B5)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from salesdesk.core.models import AmountField, CurrencyField, TimeStampedModel, VersionedModel
from salesdesk.core.money import Money
from salesdesk.core.scoping import ScopedQuerySet
from salesdesk.orders.choices import (
    BillingKind,
    BillingStatus,
    DeliveryStatus,
    IncidentKind,
    IncidentResolution,
    IncidentStatus,
    OrderStatus,
)

ZERO = Decimal(0)


class Order(VersionedModel):
    number = models.CharField(_("number"), max_length=40, unique=True)
    account = models.ForeignKey(
        "customers.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="orders"
    )
    contact = models.ForeignKey(
        "customers.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sales rep"), on_delete=models.PROTECT, related_name="orders"
    )
    opportunity = models.ForeignKey(
        "pipeline.Opportunity",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("contract"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    # The account's territory when the order was taken: sales stay credited where they were made.
    territory = models.ForeignKey(
        "org.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.QUOTE
    )
    currency = CurrencyField(_("currency"))
    price_list = models.ForeignKey(
        "catalog.PriceList", verbose_name=_("price list"), null=True, blank=True, on_delete=models.PROTECT
    )
    quoted_on = models.DateField(_("quoted on"))
    ordered_on = models.DateField(_("ordered on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    invoiced_on = models.DateField(_("invoiced on"), null=True, blank=True)
    # Kept equal to the sum of the lines by the services, so lists and reports need no join.
    net_total = AmountField(_("net total"), default=ZERO)
    tax_total = AmountField(_("tax"), default=ZERO)
    gross_total = AmountField(_("total"), default=ZERO)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-quoted_on", "-pk"]
        indexes = [
            models.Index(fields=["owner", "status", "-quoted_on"], name="order_owner_status_idx"),
            models.Index(fields=["account", "-quoted_on"], name="order_account_idx"),
            models.Index(fields=["-quoted_on", "-id"], name="order_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def total(self) -> Money:
        return Money(self.gross_total, self.currency)

    @property
    def net(self) -> Money:
        return Money(self.net_total, self.currency)


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), null=True, blank=True, on_delete=models.PROTECT
    )
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=3, validators=[MinValueValidator(Decimal("0.001"))]
    )
    unit_price = AmountField(_("unit price"), validators=[MinValueValidator(0)])
    discount_percent = models.DecimalField(
        _("discount (%)"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    tax_rate = models.DecimalField(
        _("tax rate (%)"), max_digits=5, decimal_places=2, default=ZERO, validators=[MinValueValidator(0)]
    )
    net_amount = AmountField(_("net amount"), default=ZERO)
    tax_amount = AmountField(_("tax"), default=ZERO)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="orderline_quantity_positive")
        ]

    def __str__(self) -> str:
        return self.description


class OrderStatusChange(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=OrderStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("when"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("order status change")
        verbose_name_plural = _("order status changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} → {self.to_status}"


class Delivery(TimeStampedModel):
    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.PROTECT, related_name="deliveries"
    )
    number = models.CharField(_("number"), max_length=40, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PLANNED
    )
    from_location = models.ForeignKey(
        "catalog.StockLocation",
        verbose_name=_("shipped from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    shipped_on = models.DateField(_("shipped on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.number


class DeliveryItem(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="items")
    order_line = models.ForeignKey(OrderLine, verbose_name=_("order line"), on_delete=models.PROTECT)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)

    class Meta:
        verbose_name = _("delivered item")
        verbose_name_plural = _("delivered items")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="deliveryitem_quantity_positive")
        ]

    def __str__(self) -> str:
        return f"{self.order_line_id} × {self.quantity}"


class Incident(VersionedModel):
    """B5: something that went wrong with a delivery, owned by someone until it is closed."""

    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.PROTECT, related_name="incidents"
    )
    delivery = models.ForeignKey(
        Delivery,
        verbose_name=_("delivery"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), null=True, blank=True, on_delete=models.PROTECT
    )
    # The order's rep when it was reported, so counts per rep stay stable if the account changes hands.
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sales rep"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("cause"), max_length=20, choices=IncidentKind.choices)
    description = models.TextField(_("what happened"))
    cost = AmountField(_("cost"), default=ZERO, validators=[MinValueValidator(0)])
    currency = CurrencyField(_("currency"))
    reported_on = models.DateField(_("reported on"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="incidents"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    resolution = models.CharField(
        _("resolution"), max_length=16, choices=IncidentResolution.choices, blank=True
    )
    resolution_note = models.TextField(_("how it was resolved"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-reported_on", "-pk"]
        indexes = [
            models.Index(fields=["reported_on", "kind"], name="incident_period_kind_idx"),
            models.Index(fields=["product", "reported_on"], name="incident_product_idx"),
            models.Index(fields=["rep", "reported_on"], name="incident_rep_idx"),
            models.Index(fields=["owner", "status"], name="incident_owner_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.order}"


class BillingEntry(TimeStampedModel):
    """B3: one amount finance must bill, produced from an order or a contract line; never typed by hand."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sales rep"), on_delete=models.PROTECT, related_name="+"
    )
    account = models.ForeignKey(
        "customers.Account",
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="billing_entries",
    )
    order = models.ForeignKey(
        Order,
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="billing_entries",
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("contract"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="billing_entries",
    )
    contract_line = models.ForeignKey(
        "contracts.ContractLine",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="billing_entries",
    )
    kind = models.CharField(_("billing"), max_length=16, choices=BillingKind.choices)
    description = models.CharField(_("description"), max_length=300)
    amount = AmountField(_("amount"))
    currency = CurrencyField(_("currency"))
    tax_rate = models.DecimalField(_("tax rate (%)"), max_digits=5, decimal_places=2, default=ZERO)
    bill_on = models.DateField(_("bill on"))
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period until"), null=True, blank=True)
    # "Issue 3 of 12" for per-issue billing, "2027-03" for monthly.
    instalment = models.CharField(_("instalment"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BillingStatus.choices, default=BillingStatus.PENDING
    )
    exported_at = models.DateTimeField(_("exported"), null=True, blank=True)
    export_batch = models.CharField(_("export batch"), max_length=40, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("billing entry")
        verbose_name_plural = _("billing entries")
        ordering = ["bill_on", "pk"]
        indexes = [
            models.Index(fields=["status", "bill_on"], name="billingentry_status_idx"),
            models.Index(fields=["contract"], name="billingentry_contract_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(order__isnull=False) | Q(contract__isnull=False), name="billingentry_has_source"
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def value(self) -> Money:
        return Money(self.amount, self.currency)
