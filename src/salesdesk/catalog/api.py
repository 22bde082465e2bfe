"""The catalogue and the stock in the API: the same services, selectors and scoping as the pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from salesdesk.api.auth import request_user
from salesdesk.api.pagination import Page, PageParams, paginate
from salesdesk.catalog import selectors, services
from salesdesk.catalog.choices import DeliverableAction, MovementKind, ProductKind, Unit
from salesdesk.catalog.models import (
    DeliverableTemplate,
    PriceList,
    Product,
    ProductCategory,
    StockLevel,
    StockLocation,
    StockMovement,
)
from salesdesk.catalog.pricing import price_for
from salesdesk.core.money import is_currency
from salesdesk.core.scoping import visible_to
from salesdesk.org.choices import DepartmentKind
from salesdesk.org.models import User

router = Router(tags=["catalogue"])


def _allowed[T](action: Callable[[], T]) -> T:
    """Run a service call; a refusal by role answers 403 (the record itself is visible)."""
    try:
        return action()
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or _("You may not do this.")) from exc


# --- Schemas -----------------------------------------------------------------------------------


class DeliverableOut(Schema):
    id: int
    department_kind: DepartmentKind
    action: DeliverableAction
    title: str
    due_offset_days: int
    position: int


class ProductOut(Schema):
    id: int
    sku: str
    name: str
    names: dict[str, str] = Field(description="The name in other languages, keyed by language code.")
    label: str = Field(description="The name in the language of the request.")
    description: str
    category_id: int | None
    kind: ProductKind
    unit: Unit
    tax_rate: Decimal
    is_stocked: bool
    stock_watcher_id: int | None
    is_active: bool
    version: int
    deliverables: list[DeliverableOut] = Field(description="What selling the product implies, by department.")

    @staticmethod
    def resolve_label(obj: Product) -> str:
        return obj.label()

    @staticmethod
    def resolve_deliverables(obj: Product) -> list[DeliverableTemplate]:
        return list(obj.deliverable_templates.all())


class ProductFiltersIn(PageParams):
    search: str = Field("", description="Part of the article number or of a name in any language.")
    category_id: int | None = None
    kind: ProductKind | None = None
    active: bool | None = Field(None, description="true: on sale only; false: not on sale only.")
    low_stock_only: bool = Field(False, description="Only products at or below a reorder level somewhere.")


class ProductCreateIn(Schema):
    sku: str = Field(max_length=60)
    name: str = Field(max_length=300)
    names: dict[str, str] = Field(
        default_factory=dict, description='e.g. {"de": "Anzeige", "it": "Annuncio"}'
    )
    description: str = ""
    category_id: int | None = None
    kind: ProductKind = ProductKind.GOODS
    unit: Unit = Unit.PIECE
    tax_rate: Decimal = Decimal(0)
    is_stocked: bool = False
    stock_watcher_id: int | None = None
    is_active: bool = True


class ProductUpdateIn(Schema):
    version: int = Field(description="The version you read; a newer one on the server answers 409.")
    sku: str | None = Field(None, max_length=60)
    name: str | None = Field(None, max_length=300)
    names: dict[str, str] | None = None
    description: str | None = None
    category_id: int | None = None
    kind: ProductKind | None = None
    unit: Unit | None = None
    tax_rate: Decimal | None = None
    is_stocked: bool | None = None
    stock_watcher_id: int | None = None
    is_active: bool | None = None


class PriceOut(Schema):
    product_id: int
    currency: str
    on: date
    unit_price: Decimal


class CategoryOut(Schema):
    id: int
    name: str
    names: dict[str, str]
    label: str
    parent_id: int | None

    @staticmethod
    def resolve_label(obj: ProductCategory) -> str:
        return obj.label()


class PriceListOut(Schema):
    id: int
    name: str
    currency: str
    valid_from: date
    valid_until: date | None


class PriceItemOut(Schema):
    product_id: int
    sku: str
    unit_price: Decimal

    @staticmethod
    def resolve_sku(obj: Any) -> str:
        return str(obj.product.sku)


class PriceListDetailOut(PriceListOut):
    items: list[PriceItemOut]

    @staticmethod
    def resolve_items(obj: PriceList) -> list[Any]:
        return list(obj.items.all())


class PriceListFiltersIn(PageParams):
    currency: str = Field("", max_length=3)


class StockLevelOut(Schema):
    id: int
    product_id: int
    sku: str
    location_id: int
    location_code: str
    on_hand: Decimal
    reorder_level: Decimal
    is_low: bool

    @staticmethod
    def resolve_sku(obj: StockLevel) -> str:
        return obj.product.sku

    @staticmethod
    def resolve_location_code(obj: StockLevel) -> str:
        return obj.location.code


class StockLevelFiltersIn(PageParams):
    product_id: int | None = None
    location_id: int | None = None
    low_only: bool = Field(False, description="Only levels at or below their reorder level.")


class StockMovementIn(Schema):
    product_id: int
    location_id: int
    kind: Literal["receipt", "adjustment"] = Field(
        description="receipt: `quantity` came in; adjustment: a count, `quantity` is what is there now."
    )
    quantity: Decimal
    note: str = Field("", max_length=300)


class StockMovementOut(Schema):
    id: int
    product_id: int
    location_id: int
    kind: MovementKind
    quantity: Decimal
    note: str
    moved_at: datetime
    moved_by_id: int | None
    on_hand: Decimal = Field(description="The level at the location after the movement.")


# --- helpers -----------------------------------------------------------------------------------


def _products(user: User, filters: selectors.ProductFilters | None = None) -> QuerySet[Product]:
    """Products with their implied deliverables in one extra query, however many rows."""
    deliverables = DeliverableTemplate.objects.order_by("position", "pk")
    return selectors.product_list(user=user, filters=filters).prefetch_related(
        Prefetch("deliverable_templates", queryset=deliverables)
    )


def _category(user: User, pk: int | None) -> ProductCategory | None:
    if pk is None:
        return None
    found = visible_to(user, ProductCategory).filter(pk=pk).first()
    if found is None:
        raise ValidationError({"category": _("Choose a category of your business unit.")})
    return found


def _watcher(user: User, pk: int | None) -> User | None:
    if pk is None:
        return None
    found = visible_to(user, User).filter(pk=pk, is_active=True).first()
    if found is None:
        raise ValidationError(
            {"stock_watcher": _("Choose an active person of your business unit to watch the stock.")}
        )
    return found


def _visible(user: User, model: type[Any], pk: int, field: str, message: str) -> Any:
    found = visible_to(user, model).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


# --- products ----------------------------------------------------------------------------------


@router.get("/products", response=Page[ProductOut], summary="Products of the catalogue")
def products(request: HttpRequest, filters: Query[ProductFiltersIn]) -> dict[str, object]:
    user = request_user(request)
    rows = _products(
        user,
        selectors.ProductFilters(
            search=filters.search.strip(),
            category_id=filters.category_id,
            kind=filters.kind or "",
            active=filters.active,
            low_stock_only=filters.low_stock_only,
        ),
    )
    return paginate(rows, ordering=["name"], params=filters)


@router.post("/products", response={201: ProductOut}, summary="Create a product")
def product_add(request: HttpRequest, payload: ProductCreateIn) -> Status[Product]:
    user = request_user(request)
    fields = payload.model_dump(exclude={"category_id", "stock_watcher_id"})

    def create() -> Product:
        return services.product_create(
            created_by=user,
            category=_category(user, payload.category_id),
            stock_watcher=_watcher(user, payload.stock_watcher_id),
            **fields,
        )

    product = _allowed(create)
    return Status(201, _products(user).get(pk=product.pk))


@router.get("/products/{product_id}", response=ProductOut, summary="One product")
def product_detail(request: HttpRequest, product_id: int) -> Product:
    user = request_user(request)
    return selectors.product_get(user=user, pk=product_id)


@router.patch("/products/{product_id}", response=ProductOut, summary="Change a product")
def product_change(request: HttpRequest, product_id: int, payload: ProductUpdateIn) -> Product:
    user = request_user(request)
    product = selectors.product_get(user=user, pk=product_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if "category_id" in changes:
        changes["category"] = _category(user, changes.pop("category_id"))
    if "stock_watcher_id" in changes:
        changes["stock_watcher"] = _watcher(user, changes.pop("stock_watcher_id"))
    for text in ("description",):
        if text in changes and changes[text] is None:
            changes[text] = ""
    if "names" in changes and changes["names"] is None:
        changes["names"] = {}
    for required in ("sku", "name", "kind", "unit", "tax_rate", "is_stocked", "is_active"):
        if required in changes and changes[required] is None:
            raise ValidationError({required: _("This field cannot be empty.")})
    _allowed(
        lambda: services.product_update(
            product=product, changed_by=user, expected_version=payload.version, **changes
        )
    )
    return _products(user).get(pk=product.pk)


@router.get(
    "/products/{product_id}/price", response=PriceOut, summary="The product's price in a currency on a day"
)
def product_price(
    request: HttpRequest, product_id: int, currency: str, on: date | None = None
) -> dict[str, Any]:
    """From the most recently started price list in that currency valid on the day (today by default)."""
    user = request_user(request)
    product = selectors.product_get(user=user, pk=product_id)
    code = currency.strip().upper()
    if not is_currency(code):
        raise ValidationError({"currency": _("%(code)s is not a currency code.") % {"code": currency}})
    day = on or timezone.localdate()
    return {
        "product_id": product.pk,
        "currency": code,
        "on": day,
        "unit_price": price_for(product=product, currency=code, on=day),
    }


@router.get("/product-categories", response=list[CategoryOut], summary="Product categories")
def categories(request: HttpRequest) -> list[ProductCategory]:
    return list(selectors.category_list(user=request_user(request)))


# --- price lists -------------------------------------------------------------------------------


@router.get("/price-lists", response=Page[PriceListOut], summary="Price lists")
def price_lists(request: HttpRequest, filters: Query[PriceListFiltersIn]) -> dict[str, object]:
    rows = selectors.price_list_list(user=request_user(request), currency=filters.currency.strip())
    return paginate(rows, ordering=["currency", "-valid_from"], params=filters)


@router.get(
    "/price-lists/{price_list_id}", response=PriceListDetailOut, summary="One price list with its prices"
)
def price_list_detail(request: HttpRequest, price_list_id: int) -> PriceList:
    return selectors.price_list_get(user=request_user(request), pk=price_list_id)


# --- stock -------------------------------------------------------------------------------------


@router.get("/stock-levels", response=Page[StockLevelOut], summary="Stock per product and location")
def stock_levels(request: HttpRequest, filters: Query[StockLevelFiltersIn]) -> dict[str, object]:
    rows = selectors.stock_levels(
        user=request_user(request),
        filters=selectors.StockFilters(location_id=filters.location_id, low_only=filters.low_only),
    )
    if filters.product_id:
        rows = rows.filter(product_id=filters.product_id)
    return paginate(rows, ordering=["product", "location"], params=filters)


@router.post("/stock-movements", response={201: StockMovementOut}, summary="Book a receipt or a stock count")
def stock_movement_add(request: HttpRequest, payload: StockMovementIn) -> Status[dict[str, Any]]:
    user = request_user(request)
    product = _visible(
        user, Product, payload.product_id, "product", _("Choose a product of your business unit.")
    )
    location = _visible(
        user,
        StockLocation,
        payload.location_id,
        "location",
        _("Choose a stock location of your business unit."),
    )

    def book() -> StockMovement:
        if payload.kind == "receipt":
            return services.stock_receive(
                product=product,
                location=location,
                quantity=payload.quantity,
                received_by=user,
                note=payload.note,
            )
        try:
            return services.stock_adjust(
                product=product,
                location=location,
                counted=payload.quantity,
                adjusted_by=user,
                note=payload.note,
            )
        except ValidationError as exc:
            # The API calls the counted quantity `quantity`, as for receipts.
            if hasattr(exc, "error_dict") and "counted" in exc.error_dict:
                exc.error_dict["quantity"] = exc.error_dict.pop("counted")
            raise

    movement = _allowed(book)
    level = StockLevel.objects.get(product=product, location=location)
    return Status(
        201,
        {
            "id": movement.pk,
            "product_id": product.pk,
            "location_id": location.pk,
            "kind": movement.kind,
            "quantity": movement.quantity,
            "note": movement.note,
            "moved_at": movement.moved_at,
            "moved_by_id": movement.moved_by_id,
            "on_hand": level.on_hand,
        },
    )
