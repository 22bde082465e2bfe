"""Writes to the catalogue and the stock. One transaction each, validated first, nothing half-saved.

Only sales coordinators and administrators change the catalogue; stock receipts and counts may also
be booked by the staff of a logistics department (they hold the goods).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from salesdesk.catalog.choices import DeliverableAction, MovementKind, ProductKind, Unit
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
from salesdesk.catalog.stock import stock_move
from salesdesk.core.audit import audit_record
from salesdesk.core.money import is_currency
from salesdesk.core.versioning import save_versioned
from salesdesk.org.choices import DepartmentKind, Role
from salesdesk.org.models import BusinessUnit, Department, User

CATALOGUE_EDITORS = frozenset({Role.COORDINATOR, Role.ADMIN})
Errors = dict[str, list[str]]


# --- who may do what ---------------------------------------------------------------------------


def can_edit_catalogue(user: User) -> bool:
    return bool(user.roles & CATALOGUE_EDITORS) and user.business_unit_id is not None


def can_move_stock(user: User) -> bool:
    """Coordinators and administrators, and the staff of a logistics department of their unit."""
    if can_edit_catalogue(user):
        return True
    if Role.DEPARTMENT_STAFF not in user.roles or not user.department_ids:
        return False
    return Department.objects.filter(
        pk__in=user.department_ids, kind=DepartmentKind.LOGISTICS, business_unit_id=user.business_unit_id
    ).exists()


def _require_editor(user: User) -> BusinessUnit:
    if not can_edit_catalogue(user):
        raise PermissionDenied(_("Only sales coordinators and administrators may change the catalogue."))
    assert user.business_unit is not None
    return user.business_unit


def _require_stock_keeper(user: User) -> None:
    if not can_move_stock(user):
        raise PermissionDenied(_("Only coordinators, administrators and logistics staff may book stock."))


def _require_same_unit(user: User, record: Any) -> None:
    """A record of another unit does not exist for this person (callers look records up scoped)."""
    if record.business_unit_id != user.business_unit_id:
        raise PermissionDenied(_("This record belongs to another business unit."))


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value)) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        return None


# --- names in several languages ----------------------------------------------------------------


def shipped_languages() -> list[tuple[str, str]]:
    """(code, name) of every language the product ships with, as settings.LANGUAGES lists them."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def _clean_names(names: Mapping[str, Any] | None, errors: Errors) -> dict[str, str]:
    """Translations keyed by shipped language code; empty ones are dropped, unknown codes refused."""
    known = {code for code, _name in settings.LANGUAGES}
    cleaned: dict[str, str] = {}
    for code, value in (names or {}).items():
        key = str(code).strip().lower()
        if key not in known:
            _add(errors, "names", _("%(code)s is not a language Salesdesk ships with.") % {"code": code})
            continue
        text = str(value or "").strip()
        if len(text) > 300:
            _add(errors, f"names.{key}", _("Keep the name under 300 characters."))
        elif text:
            cleaned[key] = text
    return cleaned


# --- categories --------------------------------------------------------------------------------


def _validate_category(category: ProductCategory, errors: Errors) -> None:
    if not category.name:
        _add(errors, "name", _("Give the category a name."))
    elif (
        ProductCategory.objects.filter(business_unit_id=category.business_unit_id, name=category.name)
        .exclude(pk=category.pk)
        .exists()
    ):
        _add(errors, "name", _("There is a category with this name already."))
    parent = category.parent if category.parent_id else None
    seen: set[int] = set()
    while parent is not None:
        if parent.business_unit_id != category.business_unit_id:
            _add(errors, "parent", _("Choose a category of your business unit."))
            break
        if (category.pk is not None and parent.pk == category.pk) or parent.pk in seen:
            _add(errors, "parent", _("A category cannot be inside itself."))
            break
        seen.add(parent.pk)
        parent = parent.parent


class _Unchanged:
    """Marks an argument left out (None is a real value: no parent)."""


UNCHANGED = _Unchanged()


@transaction.atomic
def category_create(
    *,
    created_by: User,
    name: str,
    names: Mapping[str, str] | None = None,
    parent: ProductCategory | None = None,
) -> ProductCategory:
    unit = _require_editor(created_by)
    errors: Errors = {}
    category = ProductCategory(business_unit=unit, name=name.strip(), parent=parent)
    category.names = _clean_names(names, errors)
    _validate_category(category, errors)
    _raise(errors)
    category.save()
    return category


@transaction.atomic
def category_update(
    *,
    category: ProductCategory,
    changed_by: User,
    name: str | None = None,
    names: Mapping[str, str] | None = None,
    parent: ProductCategory | _Unchanged | None = UNCHANGED,
) -> ProductCategory:
    """Rename a category or move it under another; arguments left out stay as they are."""
    _require_editor(changed_by)
    _require_same_unit(changed_by, category)
    errors: Errors = {}
    if name is not None:
        category.name = name.strip()
    if names is not None:
        category.names = _clean_names(names, errors)
    if not isinstance(parent, _Unchanged):
        category.parent = parent
    _validate_category(category, errors)
    _raise(errors)
    category.save()
    return category


# --- products ----------------------------------------------------------------------------------

PRODUCT_FIELDS = (
    "sku",
    "name",
    "names",
    "description",
    "category",
    "kind",
    "unit",
    "tax_rate",
    "is_stocked",
    "stock_watcher",
    "is_active",
)


def _validate_product(product: Product, errors: Errors) -> None:
    if not product.sku:
        _add(errors, "sku", _("Give the product an article number."))
    elif (
        Product.objects.filter(business_unit_id=product.business_unit_id, sku__iexact=product.sku)
        .exclude(pk=product.pk)
        .exists()
    ):
        _add(errors, "sku", _("Another product has the article number %(sku)s.") % {"sku": product.sku})
    if not product.name:
        _add(errors, "name", _("Give the product a name."))
    if product.kind not in ProductKind.values:
        _add(errors, "kind", _("Choose a kind of product."))
    if product.unit not in Unit.values:
        _add(errors, "unit", _("Choose a unit."))
    tax_rate = _decimal(product.tax_rate)
    if tax_rate is None or not Decimal(0) <= tax_rate <= Decimal(100):
        _add(errors, "tax_rate", _("Give a tax rate between 0 and 100."))
    category = product.category if product.category_id else None
    if category is not None and category.business_unit_id != product.business_unit_id:
        _add(errors, "category", _("Choose a category of your business unit."))
    watcher = product.stock_watcher if product.stock_watcher_id else None
    if watcher is not None and (
        not watcher.is_active or watcher.business_unit_id != product.business_unit_id
    ):
        _add(errors, "stock_watcher", _("Choose an active person of your business unit to watch the stock."))


def _apply_product_changes(product: Product, changes: Mapping[str, Any], errors: Errors) -> None:
    for field, value in changes.items():
        if field == "names":
            product.names = _clean_names(value, errors)
        elif field in ("sku", "name", "description"):
            setattr(product, field, str(value or "").strip())
        else:
            setattr(product, field, value)


@transaction.atomic
def product_create(*, created_by: User, sku: str, name: str, **fields: Any) -> Product:
    """A product of the creator's business unit; `names` is {"de": ..., "it": ...} (other languages).

    Other keyword arguments: description, category, kind, unit, tax_rate, is_stocked, stock_watcher,
    is_active. The article number (sku) is unique within the business unit.
    """
    unit = _require_editor(created_by)
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be set.") for field in sorted(unknown)})
    errors: Errors = {}
    product = Product(business_unit=unit)
    _apply_product_changes(product, {"sku": sku, "name": name, **fields}, errors)
    _validate_product(product, errors)
    _raise(errors)
    product._history_user = created_by  # type: ignore[attr-defined]
    product.save()
    audit_record(actor=created_by, verb="product.create", target=product, changes={"sku": product.sku})
    return product


@transaction.atomic
def product_update(
    *, product: Product, changed_by: User, expected_version: int, reason: str = "", **changes: Any
) -> Product:
    """Change a product's fields; refused whole if invalid or saved by someone since `expected_version`."""
    _require_editor(changed_by)
    _require_same_unit(changed_by, product)
    unknown = set(changes) - set(PRODUCT_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})
    errors: Errors = {}
    _apply_product_changes(product, changes, errors)
    _validate_product(product, errors)
    _raise(errors)
    save_versioned(
        product, expected_version=expected_version, reason=reason or _("Edited"), changed_by=changed_by
    )
    return product


# --- implied deliverables ----------------------------------------------------------------------

DELIVERABLE_FIELDS = ("department_kind", "action", "title", "due_offset_days", "position")


def _validate_deliverable(deliverable: DeliverableTemplate, errors: Errors) -> None:
    if not deliverable.department_kind:
        _add(
            errors, "department_kind", _("Say which department does this: a deliverable needs a department.")
        )
    elif deliverable.department_kind not in DepartmentKind.values:
        _add(errors, "department_kind", _("Choose one of the departments."))
    if deliverable.action not in DeliverableAction.values:
        _add(errors, "action", _("Choose what the department must do."))
    if not deliverable.title:
        _add(errors, "title", _("Describe the deliverable in a few words."))
    offset = deliverable.due_offset_days
    if not isinstance(offset, int) or isinstance(offset, bool) or abs(offset) > 3650:
        _add(errors, "due_offset_days", _("Give a number of days between -3650 and 3650."))


@transaction.atomic
def deliverable_add(
    *,
    product: Product,
    changed_by: User,
    department_kind: str,
    action: str,
    title: str,
    due_offset_days: int = 0,
) -> DeliverableTemplate:
    """Record that selling `product` implies this work by a department (placed after the others)."""
    _require_editor(changed_by)
    _require_same_unit(changed_by, product)
    errors: Errors = {}
    last = product.deliverable_templates.aggregate(last=Max("position"))["last"]
    deliverable = DeliverableTemplate(
        product=product,
        department_kind=(department_kind or "").strip(),
        action=(action or "").strip(),
        title=(title or "").strip(),
        due_offset_days=due_offset_days,
        position=0 if last is None else last + 1,
    )
    _validate_deliverable(deliverable, errors)
    _raise(errors)
    deliverable.save()
    audit_record(
        actor=changed_by,
        verb="product.deliverable_add",
        target=product,
        changes={"department_kind": deliverable.department_kind, "action": deliverable.action},
    )
    return deliverable


@transaction.atomic
def deliverable_update(
    *, deliverable: DeliverableTemplate, changed_by: User, **changes: Any
) -> DeliverableTemplate:
    _require_editor(changed_by)
    _require_same_unit(changed_by, deliverable.product)
    unknown = set(changes) - set(DELIVERABLE_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})
    for field, value in changes.items():
        setattr(deliverable, field, value.strip() if isinstance(value, str) else value)
    errors: Errors = {}
    _validate_deliverable(deliverable, errors)
    _raise(errors)
    deliverable.save()
    return deliverable


@transaction.atomic
def deliverable_remove(*, deliverable: DeliverableTemplate, changed_by: User) -> None:
    _require_editor(changed_by)
    _require_same_unit(changed_by, deliverable.product)
    audit_record(
        actor=changed_by,
        verb="product.deliverable_remove",
        target=deliverable.product,
        changes={"title": deliverable.title},
    )
    deliverable.delete()


# --- price lists -------------------------------------------------------------------------------


def _validate_price_list(price_list: PriceList, errors: Errors) -> None:
    if not price_list.name:
        _add(errors, "name", _("Give the price list a name."))
    if not is_currency(price_list.currency or ""):
        _add(errors, "currency", _("%(code)s is not a currency code.") % {"code": price_list.currency})
    if not isinstance(price_list.valid_from, date):
        _add(errors, "valid_from", _("Give the first day the prices are valid."))
    elif price_list.valid_until is not None and price_list.valid_until < price_list.valid_from:
        _add(errors, "valid_until", _("The list cannot end before it starts."))


def _clean_items(
    price_list: PriceList, items: Iterable[Mapping[str, Any]], errors: Errors
) -> list[PriceListItem]:
    """Items {"product", "unit_price"}; an error names the line (`items.2.unit_price`)."""
    cleaned: list[PriceListItem] = []
    seen: set[int] = set()
    for index, item in enumerate(items):
        product = item.get("product")
        unit_price = _decimal(item.get("unit_price"))
        if not isinstance(product, Product) or product.business_unit_id != price_list.business_unit_id:
            _add(errors, f"items.{index}.product", _("Choose a product of your business unit."))
            continue
        if product.pk in seen:
            _add(
                errors,
                f"items.{index}.product",
                _("%(product)s is in the list twice.") % {"product": product},
            )
        seen.add(product.pk)
        if unit_price is None:
            _add(errors, f"items.{index}.unit_price", _("Give the unit price."))
        elif unit_price < 0:
            _add(errors, f"items.{index}.unit_price", _("A price cannot be negative."))
        else:
            cleaned.append(PriceListItem(price_list=price_list, product=product, unit_price=unit_price))
    return cleaned


@transaction.atomic
def price_list_create(
    *,
    created_by: User,
    name: str,
    currency: str,
    valid_from: date,
    valid_until: date | None = None,
    items: Iterable[Mapping[str, Any]] = (),
) -> PriceList:
    """A price list of the creator's unit, with its prices ({"product", "unit_price"} each)."""
    unit = _require_editor(created_by)
    errors: Errors = {}
    price_list = PriceList(
        business_unit=unit,
        name=name.strip(),
        currency=(currency or "").strip().upper(),
        valid_from=valid_from,
        valid_until=valid_until,
    )
    _validate_price_list(price_list, errors)
    cleaned = _clean_items(price_list, items, errors)
    _raise(errors)
    price_list.save()
    PriceListItem.objects.bulk_create(cleaned)
    audit_record(actor=created_by, verb="price_list.create", target=price_list)
    return price_list


PRICE_LIST_FIELDS = ("name", "currency", "valid_from", "valid_until")


@transaction.atomic
def price_list_update(
    *,
    price_list: PriceList,
    changed_by: User,
    items: Iterable[Mapping[str, Any]] | None = None,
    **changes: Any,
) -> PriceList:
    """Change the list's name, currency or validity; with `items`, replace all its prices too."""
    _require_editor(changed_by)
    _require_same_unit(changed_by, price_list)
    unknown = set(changes) - set(PRICE_LIST_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})
    for field, value in changes.items():
        if field in ("name", "currency"):
            value = str(value or "").strip()
            value = value.upper() if field == "currency" else value
        setattr(price_list, field, value)
    errors: Errors = {}
    _validate_price_list(price_list, errors)
    cleaned = _clean_items(price_list, items, errors) if items is not None else None
    _raise(errors)
    price_list.save()
    if cleaned is not None:
        price_list.items.all().delete()
        PriceListItem.objects.bulk_create(cleaned)
    audit_record(
        actor=changed_by,
        verb="price_list.update",
        target=price_list,
        changes={key: str(value) for key, value in changes.items()}
        | ({"items": len(cleaned)} if cleaned is not None else {}),
    )
    return price_list


@transaction.atomic
def price_set(
    *, price_list: PriceList, product: Product, unit_price: Decimal, changed_by: User
) -> PriceListItem:
    """Set (add or change) the price of one product in a list."""
    _require_editor(changed_by)
    _require_same_unit(changed_by, price_list)
    errors: Errors = {}
    price = _decimal(unit_price)
    if product.business_unit_id != price_list.business_unit_id:
        _add(errors, "product", _("Choose a product of your business unit."))
    if price is None:
        _add(errors, "unit_price", _("Give the unit price."))
    elif price < 0:
        _add(errors, "unit_price", _("A price cannot be negative."))
    _raise(errors)
    assert price is not None
    item, _created = PriceListItem.objects.update_or_create(
        price_list=price_list, product=product, defaults={"unit_price": price}
    )
    audit_record(
        actor=changed_by,
        verb="price_list.price_set",
        target=price_list,
        changes={"product": product.sku, "unit_price": str(price)},
    )
    return item


@transaction.atomic
def price_remove(*, price_list: PriceList, product: Product, changed_by: User) -> None:
    _require_editor(changed_by)
    _require_same_unit(changed_by, price_list)
    price_list.items.filter(product=product).delete()
    audit_record(
        actor=changed_by, verb="price_list.price_remove", target=price_list, changes={"product": product.sku}
    )


# --- production costs --------------------------------------------------------------------------


@transaction.atomic
def production_cost_set(
    *,
    product: Product,
    changed_by: User,
    period_start: date,
    period_end: date,
    unit_cost: Decimal,
    currency: str,
) -> ProductionCost:
    """What one unit cost in a period. The same period again changes its cost; an overlap is refused."""
    _require_editor(changed_by)
    _require_same_unit(changed_by, product)
    errors: Errors = {}
    cost = _decimal(unit_cost)
    currency = (currency or "").strip().upper()
    if cost is None:
        _add(errors, "unit_cost", _("Give the cost of one unit."))
    elif cost < 0:
        _add(errors, "unit_cost", _("A cost cannot be negative."))
    if not is_currency(currency):
        _add(errors, "currency", _("%(code)s is not a currency code.") % {"code": currency})
    if not isinstance(period_start, date):
        _add(errors, "period_start", _("Give the first day of the period."))
    if not isinstance(period_end, date):
        _add(errors, "period_end", _("Give the last day of the period."))
    elif isinstance(period_start, date) and period_end < period_start:
        _add(errors, "period_end", _("The period cannot end before it starts."))
    existing = None
    if not errors:
        existing = product.production_costs.filter(period_start=period_start, period_end=period_end).first()
        overlapping = product.production_costs.filter(
            period_start__lte=period_end, period_end__gte=period_start
        )
        if existing is not None:
            overlapping = overlapping.exclude(pk=existing.pk)
        clash = overlapping.order_by("period_start").first()
        if clash is not None:
            _add(
                errors,
                "period_start",
                _("The period overlaps the cost from %(start)s to %(end)s.")
                % {"start": clash.period_start.isoformat(), "end": clash.period_end.isoformat()},
            )
    _raise(errors)
    assert cost is not None
    record = existing or ProductionCost(product=product, period_start=period_start, period_end=period_end)
    record.unit_cost = cost
    record.currency = currency
    record.save()
    audit_record(
        actor=changed_by,
        verb="product.production_cost_set",
        target=product,
        changes={
            "period": f"{period_start.isoformat()}/{period_end.isoformat()}",
            "unit_cost": str(cost),
            "currency": currency,
        },
    )
    return record


@transaction.atomic
def production_cost_remove(*, cost: ProductionCost, changed_by: User) -> None:
    _require_editor(changed_by)
    _require_same_unit(changed_by, cost.product)
    audit_record(
        actor=changed_by,
        verb="product.production_cost_remove",
        target=cost.product,
        changes={"period": f"{cost.period_start.isoformat()}/{cost.period_end.isoformat()}"},
    )
    cost.delete()


# --- stock -------------------------------------------------------------------------------------


@transaction.atomic
def stock_location_create(*, created_by: User, code: str, name: str) -> StockLocation:
    unit = _require_editor(created_by)
    errors: Errors = {}
    code = (code or "").strip().lower()
    name = (name or "").strip()
    location = StockLocation(business_unit=unit, code=code, name=name)
    if not code:
        _add(errors, "code", _("Give the location a short code."))
    else:
        try:
            location.clean_fields(exclude=["business_unit", "name"])
        except ValidationError as exc:
            for message in exc.message_dict.get("code", []):
                _add(errors, "code", message)
        if StockLocation.objects.filter(business_unit=unit, code=code).exists():
            _add(errors, "code", _("There is a location with this code already."))
    if not name:
        _add(errors, "name", _("Give the location a name."))
    _raise(errors)
    location.save()
    return location


def _validate_place(user: User, product: Product, location: StockLocation, errors: Errors) -> None:
    if product.business_unit_id != user.business_unit_id:
        _add(errors, "product", _("Choose a product of your business unit."))
    elif not product.is_stocked:
        _add(errors, "product", _("%(product)s is not kept in stock.") % {"product": product.label()})
    if location.business_unit_id != user.business_unit_id:
        _add(errors, "location", _("Choose a stock location of your business unit."))


@transaction.atomic
def stock_receive(
    *, product: Product, location: StockLocation, quantity: Decimal, received_by: User, note: str = ""
) -> StockMovement:
    """Goods came in: the level at the location rises by `quantity` (more than zero)."""
    _require_stock_keeper(received_by)
    errors: Errors = {}
    _validate_place(received_by, product, location, errors)
    amount = _decimal(quantity)
    if amount is None or amount <= 0:
        _add(errors, "quantity", _("The quantity received must be more than zero."))
    _raise(errors)
    assert amount is not None
    return stock_move(
        product=product,
        location=location,
        quantity=amount,
        kind=MovementKind.RECEIPT,
        by=received_by,
        note=(note or "").strip(),
    )


@transaction.atomic
def stock_adjust(
    *, product: Product, location: StockLocation, counted: Decimal, adjusted_by: User, note: str = ""
) -> StockMovement:
    """A stock count: the level becomes `counted`, the difference is booked as an adjustment.

    A count equal to the level is booked too (quantity 0), so the list of movements shows when stock
    was last counted.
    """
    _require_stock_keeper(adjusted_by)
    errors: Errors = {}
    _validate_place(adjusted_by, product, location, errors)
    amount = _decimal(counted)
    if amount is None or amount < 0:
        _add(errors, "counted", _("The counted quantity cannot be negative."))
    _raise(errors)
    assert amount is not None
    level, _created = StockLevel.objects.select_for_update().get_or_create(product=product, location=location)
    movement = stock_move(
        product=product,
        location=location,
        quantity=amount - level.on_hand,
        kind=MovementKind.ADJUSTMENT,
        by=adjusted_by,
        note=(note or "").strip(),
    )
    audit_record(
        actor=adjusted_by,
        verb="stock.adjust",
        target=product,
        changes={"location": location.code, "from": str(level.on_hand), "to": str(amount)},
    )
    return movement


@transaction.atomic
def reorder_level_set(
    *, product: Product, location: StockLocation, reorder_level: Decimal, changed_by: User
) -> StockLevel:
    """At or below this many units on hand, the product's watcher is told to reorder."""
    _require_editor(changed_by)
    errors: Errors = {}
    _validate_place(changed_by, product, location, errors)
    amount = _decimal(reorder_level)
    if amount is None or amount < 0:
        _add(errors, "reorder_level", _("The reorder level cannot be negative."))
    _raise(errors)
    assert amount is not None
    level, _created = StockLevel.objects.select_for_update().get_or_create(product=product, location=location)
    level.reorder_level = amount
    level.save(update_fields=["reorder_level", "updated_at"])
    return level
