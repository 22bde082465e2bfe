"""The catalogue: what we sell, at which price in which currency, what it costs us, what it implies
(deliverables for the departments) and how much of it is in stock."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from salesdesk.catalog.choices import DeliverableAction, MovementKind, ProductKind, Unit
from salesdesk.core.models import AmountField, CurrencyField, TimeStampedModel, VersionedModel
from salesdesk.core.scoping import ScopedQuerySet
from salesdesk.org.choices import DepartmentKind


def _translated(default: str, names: dict[str, str], language: str | None) -> str:
    """The name in `language` (or its base language), else the default name."""
    language = (language or get_language() or "").lower()
    if not language:
        return default
    return names.get(language) or names.get(language.split("-")[0]) or default


class ProductCategory(TimeStampedModel):
    business_unit = models.ForeignKey("org.BusinessUnit", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    # Names in other languages, keyed by language code ("de", "zh-hans", ...).
    names = models.JSONField(_("names in other languages"), default=dict, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent category"), null=True, blank=True, on_delete=models.PROTECT
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["business_unit", "name"], name="productcategory_name_unique")
        ]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        return _translated(self.name, self.names, language)


class Product(VersionedModel):
    business_unit = models.ForeignKey("org.BusinessUnit", on_delete=models.PROTECT, related_name="+")
    sku = models.CharField(_("article number"), max_length=60)
    name = models.CharField(_("name"), max_length=300)
    names = models.JSONField(_("names in other languages"), default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ProductKind.choices, default=ProductKind.GOODS)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, default=Unit.PIECE)
    tax_rate = models.DecimalField(
        _("tax rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    is_stocked = models.BooleanField(_("kept in stock"), default=False)
    # C2: whoever watches this product gets low-stock items on their worklist.
    stock_watcher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("watched by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="watched_products",
    )
    is_active = models.BooleanField(_("on sale"), default=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["business_unit", "sku"], name="product_sku_unique")]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        return _translated(self.name, self.names, language)


class DeliverableTemplate(TimeStampedModel):
    """A promise a product implies: selling it creates this deliverable for that department."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="deliverable_templates")
    department_kind = models.CharField(
        _("responsible department"), max_length=32, choices=DepartmentKind.choices
    )
    action = models.CharField(_("action"), max_length=32, choices=DeliverableAction.choices)
    title = models.CharField(_("title"), max_length=300)
    # Days after the contract starts (negative: before) by which the work must be done.
    due_offset_days = models.IntegerField(_("due (days after the start)"), default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("implied deliverable")
        verbose_name_plural = _("implied deliverables")
        ordering = ["product", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class PriceList(TimeStampedModel):
    business_unit = models.ForeignKey("org.BusinessUnit", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    currency = CurrencyField(_("currency"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="pricelist_valid_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.currency})"

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class PriceListItem(models.Model):
    price_list = models.ForeignKey(PriceList, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="prices")
    unit_price = AmountField(_("unit price"), validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        constraints = [
            models.UniqueConstraint(fields=["price_list", "product"], name="pricelistitem_one_per_product")
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.unit_price}"


class ProductionCost(models.Model):
    """What one unit cost us to produce in a period (for last-year comparisons and margins)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="production_costs")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    unit_cost = AmountField(_("unit cost"), validators=[MinValueValidator(0)])
    currency = CurrencyField(_("currency"))

    class Meta:
        verbose_name = _("production cost")
        verbose_name_plural = _("production costs")
        ordering = ["product", "-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="productioncost_valid_range"
            ),
            models.UniqueConstraint(fields=["product", "period_start"], name="productioncost_one_per_start"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.period_start}–{self.period_end}"


class StockLocation(TimeStampedModel):
    business_unit = models.ForeignKey("org.BusinessUnit", on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock location")
        verbose_name_plural = _("stock locations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["business_unit", "code"], name="stocklocation_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class StockLevel(models.Model):
    """How many units of a product are at a location; kept equal to the sum of its movements."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="stock_levels")
    location = models.ForeignKey(StockLocation, on_delete=models.CASCADE, related_name="levels")
    on_hand = models.DecimalField(_("on hand"), max_digits=14, decimal_places=3, default=Decimal(0))
    reorder_level = models.DecimalField(
        _("reorder level"),
        max_digits=14,
        decimal_places=3,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock level")
        verbose_name_plural = _("stock levels")
        constraints = [
            models.UniqueConstraint(fields=["product", "location"], name="stocklevel_one_per_place"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}@{self.location_id}: {self.on_hand}"

    @property
    def is_low(self) -> bool:
        return self.on_hand <= self.reorder_level


class StockMovement(models.Model):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="stock_movements")
    location = models.ForeignKey(StockLocation, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("kind"), max_length=16, choices=MovementKind.choices)
    # Positive into the location, negative out of it.
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    delivery = models.ForeignKey(
        "orders.Delivery", null=True, blank=True, on_delete=models.PROTECT, related_name="stock_movements"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    moved_at = models.DateTimeField(_("when"))
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-moved_at", "-pk"]
        indexes = [models.Index(fields=["product", "location", "-moved_at"], name="stockmovement_place_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.quantity}"
