"""Reads of the catalogue and the stock, always scoped to the reader (their business unit)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from salesdesk.catalog.models import (
    DeliverableTemplate,
    PriceList,
    PriceListItem,
    Product,
    ProductCategory,
    ProductionCost,
    StockLevel,
    StockLocation,
    StockMovement,
)
from salesdesk.core.scoping import get_visible_or_404, visible_to
from salesdesk.org.models import User

RECENT_MOVEMENTS = 15
_QUANTITY = DecimalField(max_digits=14, decimal_places=3)


@dataclass(frozen=True)
class ProductFilters:
    search: str = ""
    category_id: int | None = None
    kind: str = ""
    active: bool | None = None
    low_stock_only: bool = False


def _low_levels() -> QuerySet[StockLevel]:
    return StockLevel.objects.filter(on_hand__lte=F("reorder_level"))


def _name_matches(term: str) -> Q:
    """The article number, the name, or the name in any shipped language contains `term`.

    Each language is looked up as its own JSON key, so non-Latin names match on every database.
    """
    condition = Q(sku__icontains=term) | Q(name__icontains=term)
    for code, _name in settings.LANGUAGES:
        condition |= Q(**{f"names__{code}__icontains": term})
    return condition


def product_list(*, user: User, filters: ProductFilters | None = None) -> QuerySet[Product]:
    """Products `user` may see, narrowed by `filters`, with category, total on hand and a low flag."""
    filters = filters or ProductFilters()
    on_hand = (
        StockLevel.objects.filter(product=OuterRef("pk"))
        .order_by()
        .values("product")
        .annotate(total=Sum("on_hand"))
        .values("total")
    )
    rows = (
        visible_to(user, Product)
        .select_related("category", "stock_watcher")
        .annotate(
            total_on_hand=Coalesce(
                Subquery(on_hand, output_field=_QUANTITY), Value(Decimal(0)), output_field=_QUANTITY
            ),
            has_low_stock=Exists(_low_levels().filter(product=OuterRef("pk"))),
        )
    )
    conditions = Q()
    if filters.search:
        conditions &= _name_matches(filters.search)
    if filters.category_id:
        conditions &= Q(category_id=filters.category_id)
    if filters.kind:
        conditions &= Q(kind=filters.kind)
    if filters.active is not None:
        conditions &= Q(is_active=filters.active)
    if filters.low_stock_only:
        conditions &= Q(has_low_stock=True)
    return rows.filter(conditions)


def product_get(*, user: User, pk: int | str) -> Product:
    """One product with its implied deliverables, or 404 when `user` may not see it."""
    rows = product_list(user=user).prefetch_related(
        Prefetch("deliverable_templates", queryset=DeliverableTemplate.objects.order_by("position", "pk"))
    )
    return get_visible_or_404(user, rows, pk=pk)


@dataclass(frozen=True)
class ProductDetail:
    product: Product
    prices: list[PriceListItem]
    costs: list[ProductionCost]
    deliverables: list[DeliverableTemplate]
    levels: list[StockLevel]
    movements: list[StockMovement]


def product_detail(*, user: User, product: Product) -> ProductDetail:
    """What the product page shows: prices per list, costs, implied deliverables, stock and its moves."""
    prices = (
        PriceListItem.objects.filter(product=product, price_list__in=visible_to(user, PriceList))
        .select_related("price_list")
        .order_by("price_list__currency", "-price_list__valid_from", "price_list__name")
    )
    levels = (
        visible_to(user, StockLevel)
        .filter(product=product)
        .select_related("location")
        .order_by("location__name")
    )
    movements = movement_list(user=user, product_id=product.pk)[:RECENT_MOVEMENTS]
    return ProductDetail(
        product=product,
        prices=list(prices),
        costs=list(product.production_costs.order_by("-period_start")),
        deliverables=list(product.deliverable_templates.order_by("position", "pk")),
        levels=list(levels),
        movements=list(movements),
    )


def category_list(*, user: User) -> QuerySet[ProductCategory]:
    return (
        visible_to(user, ProductCategory)
        .select_related("parent")
        .annotate(product_count=Count("products"))
        .order_by("name")
    )


def category_get(*, user: User, pk: int | str) -> ProductCategory:
    return get_visible_or_404(user, ProductCategory, pk=pk)


def price_list_list(*, user: User, currency: str = "") -> QuerySet[PriceList]:
    rows = visible_to(user, PriceList).annotate(item_count=Count("items"))
    return rows.filter(currency=currency.upper()) if currency else rows


def price_list_get(*, user: User, pk: int | str) -> PriceList:
    """One price list with its items (product joined in), or 404."""
    items = PriceListItem.objects.select_related("product").order_by("product__name", "product__pk")
    return get_visible_or_404(
        user, price_list_list(user=user).prefetch_related(Prefetch("items", queryset=items)), pk=pk
    )


def location_list(*, user: User) -> QuerySet[StockLocation]:
    return visible_to(user, StockLocation).order_by("name")


@dataclass(frozen=True)
class StockFilters:
    search: str = ""
    location_id: int | None = None
    low_only: bool = False


def stock_levels(*, user: User, filters: StockFilters | None = None) -> QuerySet[StockLevel]:
    """Stock per product and location `user` may see; the lowest against their reorder level first."""
    filters = filters or StockFilters()
    rows = visible_to(user, StockLevel).select_related("product", "location")
    if filters.search:
        rows = rows.filter(product__in=Product.objects.filter(_name_matches(filters.search)).values("pk"))
    if filters.location_id:
        rows = rows.filter(location_id=filters.location_id)
    if filters.low_only:
        rows = rows.filter(on_hand__lte=F("reorder_level"))
    return rows.order_by("product__name", "product__pk", "location__name", "pk")


def low_stock_levels(*, user: User) -> QuerySet[StockLevel]:
    """Levels at or below their reorder level, of products on sale that `user` watches."""
    return (
        visible_to(user, StockLevel)
        .filter(product__stock_watcher=user, product__is_active=True, on_hand__lte=F("reorder_level"))
        .select_related("product", "location")
        .order_by("product__name", "location__name", "pk")
    )


def movement_list(
    *,
    user: User,
    product_id: int | None = None,
    location_id: int | None = None,
    kind: str = "",
) -> QuerySet[StockMovement]:
    rows = visible_to(user, StockMovement).select_related("product", "location", "moved_by")
    if product_id:
        rows = rows.filter(product_id=product_id)
    if location_id:
        rows = rows.filter(location_id=location_id)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-moved_at", "-pk")


def _of_visible_product[R: DeliverableTemplate | ProductionCost](
    user: User, queryset: QuerySet[R], pk: int | str
) -> R:
    """A record that belongs to a product: visible when its product is (404 otherwise)."""
    try:
        visible_products = visible_to(user, Product).values("pk")
        return queryset.select_related("product").get(pk=pk, product__in=visible_products)
    except (ValueError, queryset.model.DoesNotExist):
        raise Http404 from None


def deliverable_get(*, user: User, pk: int | str) -> DeliverableTemplate:
    return _of_visible_product(user, DeliverableTemplate.objects.all(), pk)


def production_cost_get(*, user: User, pk: int | str) -> ProductionCost:
    return _of_visible_product(user, ProductionCost.objects.all(), pk)
