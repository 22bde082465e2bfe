"""Writes to orders, their deliveries and incidents. One transaction each, validated first.

An error names the field it is about; errors about a line name the line too (`lines[2].quantity`), and
nothing is saved when any check fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from salesdesk.catalog.choices import MovementKind
from salesdesk.catalog.models import PriceList, Product, StockLocation
from salesdesk.catalog.pricing import PriceNotFoundError, price_for
from salesdesk.catalog.stock import stock_move
from salesdesk.core.audit import audit_record
from salesdesk.core.money import Money, is_currency
from salesdesk.core.scoping import visible_to
from salesdesk.core.versioning import save_versioned
from salesdesk.customers.models import Account, Contact
from salesdesk.orders.billing import billing_entries_cancel_for_order, billing_entries_create_for_order
from salesdesk.orders.choices import (
    ORDER_TRANSITIONS,
    DeliveryStatus,
    IncidentKind,
    IncidentResolution,
    IncidentStatus,
    OrderStatus,
)
from salesdesk.orders.models import (
    Delivery,
    DeliveryItem,
    Incident,
    Order,
    OrderLine,
    OrderStatusChange,
)
from salesdesk.orders.numbering import next_number
from salesdesk.org.choices import DepartmentKind
from salesdesk.org.models import Department, User
from salesdesk.pipeline.models import Opportunity
from salesdesk.planning import actuals
from salesdesk.worklist.choices import TaskStatus
from salesdesk.worklist.models import Task

ZERO = Decimal(0)
HUNDRED = Decimal(100)
QUOTE_PREFIX = "Q"
ORDER_PREFIX = "O"
DELIVERY_PREFIX = "D"
# The customer has had the goods for a few days when someone asks how they are working.
FOLLOW_UP_AFTER_DAYS = 5

Errors = dict[str, list[str]]


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _can_own(acting: User, person: User | None) -> bool:
    return person is not None and person.is_active and visible_to(acting, User).filter(pk=person.pk).exists()


# --- lines and totals ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderLineInput:
    """One line as a person or a client sends it; empty price and tax rate come from the catalogue."""

    description: str = ""
    quantity: Decimal = Decimal(1)
    product: Product | None = None
    unit_price: Decimal | None = None
    discount_percent: Decimal = ZERO
    tax_rate: Decimal | None = None


@dataclass(frozen=True)
class LineAmounts:
    net: Decimal
    tax: Decimal


def line_amounts(
    *, quantity: Decimal, unit_price: Decimal, discount_percent: Decimal, tax_rate: Decimal, currency: str
) -> LineAmounts:
    """Net and tax of a line, each rounded to the currency's minor unit (the edge where people see them).

    Totals are sums of rounded lines, so the lines always add up to the total shown.
    """
    net = quantity * unit_price * (HUNDRED - discount_percent) / HUNDRED
    rounded_net = Money(net, currency).quantized().amount
    tax = Money(rounded_net * tax_rate / HUNDRED, currency).quantized().amount
    return LineAmounts(net=rounded_net, tax=tax)


def _as_decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return None


def _build_lines(
    *,
    acting: User,
    owner: User,
    currency: str,
    price_list: PriceList | None,
    priced_on: date,
    lines: Sequence[OrderLineInput],
    errors: Errors,
) -> list[OrderLine]:
    """Unsaved order lines with their amounts; problems go into `errors` keyed `lines[i].field`."""
    if not lines:
        _add(errors, "lines", _("Add at least one line."))
    built = []
    visible_products = visible_to(acting, Product)
    for index, line in enumerate(lines):
        key = f"lines[{index}]"
        product = line.product
        quantity = _as_decimal(line.quantity)
        discount = _as_decimal(line.discount_percent)
        unit_price = _as_decimal(line.unit_price)
        tax_rate = _as_decimal(line.tax_rate)
        description = (line.description or "").strip()
        if product is not None:
            if (
                product.business_unit_id != owner.business_unit_id
                or not visible_products.filter(pk=product.pk).exists()
            ):
                _add(errors, f"{key}.product", _("Choose a product of the order's business unit."))
                product = None
            elif not product.is_active:
                _add(errors, f"{key}.product", _("%(product)s is no longer on sale.") % {"product": product})
        if line.product is None and not description:
            _add(errors, f"{key}.description", _("Describe the line or choose a product."))
        if quantity is None or quantity <= 0:
            _add(errors, f"{key}.quantity", _("The quantity must be more than zero."))
        if discount is None or not ZERO <= discount <= HUNDRED:
            _add(errors, f"{key}.discount_percent", _("Give a discount between 0 and 100 %."))
        if tax_rate is not None and not ZERO <= tax_rate <= HUNDRED:
            _add(errors, f"{key}.tax_rate", _("Give a tax rate between 0 and 100 %."))
        if line.unit_price is not None and (unit_price is None or unit_price < 0):
            _add(errors, f"{key}.unit_price", _("The price cannot be negative."))
        if unit_price is None and line.unit_price is None:
            if product is None:
                if line.product is None:
                    _add(errors, f"{key}.unit_price", _("Give a price for a line without a product."))
            elif is_currency(currency):
                try:
                    unit_price = price_for(
                        product=product, currency=currency, on=priced_on, price_list=price_list
                    )
                except PriceNotFoundError as exc:
                    _add(errors, f"{key}.unit_price", " ".join(exc.messages))
        if tax_rate is None and product is not None:
            tax_rate = product.tax_rate
        if any(f.startswith(f"{key}.") for f in errors) or not is_currency(currency):
            continue
        assert quantity is not None
        assert discount is not None
        assert unit_price is not None
        rate = tax_rate if tax_rate is not None else ZERO
        amounts = line_amounts(
            quantity=quantity,
            unit_price=unit_price,
            discount_percent=discount,
            tax_rate=rate,
            currency=currency,
        )
        built.append(
            OrderLine(
                position=index + 1,
                product=product,
                description=(description or (product.label() if product else ""))[:300],
                quantity=quantity,
                unit_price=unit_price,
                discount_percent=discount,
                tax_rate=rate,
                net_amount=amounts.net,
                tax_amount=amounts.tax,
            )
        )
    return built


def _set_totals(order: Order, lines: Sequence[OrderLine]) -> None:
    order.net_total = sum((line.net_amount for line in lines), ZERO)
    order.tax_total = sum((line.tax_amount for line in lines), ZERO)
    order.gross_total = order.net_total + order.tax_total


def _check_header(
    *,
    acting: User,
    account: Account | None,
    owner: User | None,
    contact: Contact | None,
    opportunity: Opportunity | None,
    currency: str,
    price_list: PriceList | None,
    errors: Errors,
) -> None:
    if account is None or not visible_to(acting, Account).filter(pk=account.pk).exists():
        _add(errors, "account", _("Choose an account you can see."))
    if not _can_own(acting, owner):
        _add(errors, "owner", _("Choose an active person as the sales rep."))
    elif owner is not None and owner.business_unit_id is None:
        _add(errors, "owner", _("The sales rep belongs to no business unit."))
    if not is_currency(currency or ""):
        _add(errors, "currency", _("%(code)s is not a currency code.") % {"code": currency})
    if contact is not None and (account is None or contact.account_id != account.pk):
        _add(errors, "contact", _("Choose a contact of the order's account."))
    if opportunity is not None and (
        account is None
        or opportunity.account_id != account.pk
        or not visible_to(acting, Opportunity).filter(pk=opportunity.pk).exists()
    ):
        _add(errors, "opportunity", _("Choose an opportunity of the order's account."))
    if price_list is not None:
        if owner is not None and price_list.business_unit_id != owner.business_unit_id:
            _add(errors, "price_list", _("Choose a price list of the order's business unit."))
        elif price_list.currency != currency:
            _add(
                errors,
                "price_list",
                _("The price list is in %(list)s, the order in %(order)s.")
                % {"list": price_list.currency, "order": currency},
            )


def _record_status(order: Order, *, from_status: str, by: User | None, note: str = "") -> None:
    OrderStatusChange.objects.create(
        order=order,
        from_status=from_status,
        to_status=order.status,
        changed_by=by,
        changed_at=timezone.now(),
        note=note[:500],
    )


# --- orders -------------------------------------------------------------------------------------


@transaction.atomic
def order_create(
    *,
    created_by: User,
    account: Account,
    currency: str,
    lines: Sequence[OrderLineInput],
    owner: User | None = None,
    contact: Contact | None = None,
    opportunity: Opportunity | None = None,
    price_list: PriceList | None = None,
    quoted_on: date | None = None,
    notes: str = "",
) -> Order:
    """A quote for `account` with its lines; empty prices come from the unit's price lists."""
    owner = owner or created_by
    currency = (currency or "").strip().upper()
    quoted_on = quoted_on or timezone.localdate()
    errors: Errors = {}
    _check_header(
        acting=created_by,
        account=account,
        owner=owner,
        contact=contact,
        opportunity=opportunity,
        currency=currency,
        price_list=price_list,
        errors=errors,
    )
    built = _build_lines(
        acting=created_by,
        owner=owner,
        currency=currency,
        price_list=price_list,
        priced_on=quoted_on,
        lines=lines,
        errors=errors,
    )
    _raise_if(errors)
    order = Order(
        number=next_number(QUOTE_PREFIX, model=Order, on=quoted_on),
        account=account,
        territory_id=account.territory_id,
        contact=contact,
        owner=owner,
        opportunity=opportunity,
        currency=currency,
        price_list=price_list,
        quoted_on=quoted_on,
        notes=notes.strip(),
    )
    _set_totals(order, built)
    order._history_user = created_by  # type: ignore[attr-defined]
    order._change_reason = _("Quote created")  # type: ignore[attr-defined]
    order.save()
    for line in built:
        line.order = order
    OrderLine.objects.bulk_create(built)
    _record_status(order, from_status="", by=created_by)
    return order


def _require_status(order: Order, *allowed: str, message: str) -> None:
    if order.status not in allowed:
        raise ValidationError({"status": message})


_EDITABLE_ALWAYS = frozenset({"notes"})
_EDITABLE_AS_QUOTE = frozenset({"notes", "contact", "owner", "opportunity", "quoted_on"})


@transaction.atomic
def order_update(*, order: Order, updated_by: User, expected_version: int, **fields: Any) -> Order:
    """Change the order's details. Only notes change once it is ordered; lines: `order_replace_lines`."""
    unknown = set(fields) - _EDITABLE_AS_QUOTE
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})
    if order.status != OrderStatus.QUOTE and set(fields) - _EDITABLE_ALWAYS:
        raise ValidationError({"status": _("Only a quote can be changed; this order is confirmed.")})
    for field, value in fields.items():
        setattr(order, field, value.strip() if isinstance(value, str) else value)
    errors: Errors = {}
    _check_header(
        acting=updated_by,
        account=order.account,
        owner=order.owner,
        contact=order.contact,
        opportunity=order.opportunity,
        currency=order.currency,
        price_list=order.price_list,
        errors=errors,
    )
    if order.quoted_on is None:
        _add(errors, "quoted_on", _("Give the date of the quote."))
    _raise_if(errors)
    save_versioned(order, expected_version=expected_version, reason=_("Edited"), changed_by=updated_by)
    return order


@transaction.atomic
def order_replace_lines(
    *,
    order: Order,
    updated_by: User,
    expected_version: int,
    lines: Sequence[OrderLineInput],
    currency: str | None = None,
    price_list: PriceList | None = None,
) -> Order:
    """Replace every line of a quote (and optionally its currency and price list); totals follow."""
    _require_status(order, OrderStatus.QUOTE, message=_("Only the lines of a quote can be changed."))
    currency = (currency or order.currency).strip().upper()
    errors: Errors = {}
    _check_header(
        acting=updated_by,
        account=order.account,
        owner=order.owner,
        contact=order.contact,
        opportunity=order.opportunity,
        currency=currency,
        price_list=price_list,
        errors=errors,
    )
    built = _build_lines(
        acting=updated_by,
        owner=order.owner,
        currency=currency,
        price_list=price_list,
        priced_on=order.quoted_on,
        lines=lines,
        errors=errors,
    )
    _raise_if(errors)
    order.currency = currency
    order.price_list = price_list
    _set_totals(order, built)
    save_versioned(order, expected_version=expected_version, reason=_("Lines changed"), changed_by=updated_by)
    order.lines.all().delete()
    for line in built:
        line.order = order
    OrderLine.objects.bulk_create(built)
    return order


def _cs_department(business_unit_id: int | None) -> Department | None:
    return Department.objects.filter(
        business_unit_id=business_unit_id, kind=DepartmentKind.CUSTOMER_SERVICE
    ).first()


def _follow_up_task(order: Order, *, by: User, delivered_on: date) -> Task:
    """Seed 001: after delivery someone asks the customer how the purchase is working.

    The order's rep does it while they are still in the unit; otherwise the unit's customer-service
    queue gets it (owned by a member of that department, else by whoever recorded the delivery).
    """
    from salesdesk.worklist.services import task_create

    rep = order.owner
    unit_id = by.business_unit_id or rep.business_unit_id
    department = None
    owner = rep
    if not rep.is_active or rep.business_unit_id != unit_id:
        department = _cs_department(unit_id)
        member = (
            department.members.filter(is_active=True).order_by("pk").first()
            if department is not None
            else None
        )
        owner = member or by
    # Stored as text, so written in the language of the person whose worklist it lands on.
    with translation.override(owner.language or None):
        title = _("Follow up with %(account)s: how is %(order)s working?") % {
            "account": order.account.name,
            "order": order.number,
        }
        notes = _("Delivered on %(day)s. Ask whether everything arrived and is in use; note any problem.") % {
            "day": date_format(delivered_on, "SHORT_DATE_FORMAT")
        }
    return task_create(
        created_by=by,
        owner=owner,
        department=department,
        title=title,
        notes=notes,
        due_on=delivered_on + timedelta(days=FOLLOW_UP_AFTER_DAYS),
        subject=order,
    )


def follow_up_tasks(order: Order) -> Any:
    from django.contrib.contenttypes.models import ContentType

    return Task.objects.filter(content_type=ContentType.objects.get_for_model(Order), object_id=str(order.pk))


@transaction.atomic
def order_transition(
    *,
    order: Order,
    to_status: str,
    by: User,
    expected_version: int | None = None,
    on: date | None = None,
    note: str = "",
) -> Order:
    """Move the order along quote → ordered → delivered → followed up (or cancelled on the way).

    Ordering numbers the order and creates its billing entries; cancelling cancels them; delivery
    creates the follow-up task.
    """
    if to_status not in OrderStatus.values:
        raise ValidationError({"to_status": _("Choose a known status.")})
    previous = order.status
    if to_status not in ORDER_TRANSITIONS[previous]:
        raise ValidationError(
            {
                "to_status": _("An order that is %(old)s cannot become %(new)s.")
                % {"old": OrderStatus(previous).label, "new": OrderStatus(to_status).label}
            }
        )
    on = on or timezone.localdate()
    if to_status == OrderStatus.ORDERED and not order.lines.exists():
        raise ValidationError({"lines": _("An order needs at least one line.")})
    if (
        to_status == OrderStatus.CANCELLED
        and order.deliveries.exclude(status=DeliveryStatus.PLANNED).exists()
    ):
        raise ValidationError(
            {"to_status": _("Goods are on their way or delivered; it cannot be cancelled.")}
        )
    # The plan-vs-actual rollups move by exactly what this transition changes.
    with actuals.tracking(order.pk):
        quote_number = order.number
        order.status = to_status
        if to_status == OrderStatus.ORDERED:
            order.ordered_on = on
            order.number = next_number(ORDER_PREFIX, model=Order, on=on)
            note = " · ".join(
                part for part in (_("Quote %(number)s") % {"number": quote_number}, note) if part
            )
        elif to_status == OrderStatus.DELIVERED:
            order.delivered_on = on
        save_versioned(
            order,
            expected_version=order.version if expected_version is None else expected_version,
            reason=_("%(old)s → %(new)s")
            % {"old": OrderStatus(previous).label, "new": OrderStatus(to_status).label},
            changed_by=by,
        )
        _record_status(order, from_status=previous, by=by, note=note.strip())
        if to_status == OrderStatus.ORDERED:
            billing_entries_create_for_order(order=order)
        elif to_status == OrderStatus.CANCELLED:
            billing_entries_cancel_for_order(order=order)
        elif to_status == OrderStatus.DELIVERED:
            _follow_up_task(order, by=by, delivered_on=on)
    audit_record(
        actor=by,
        verb=f"order.{to_status}",
        target=order,
        changes={"status": [previous, to_status]},
        reason=note.strip(),
    )
    return order


@transaction.atomic
def order_mark_invoiced(
    *, order: Order, by: User, on: date | None = None, expected_version: int | None = None
) -> Order:
    """Record the day the order was invoiced (planning may recognise revenue then)."""
    if order.status in (OrderStatus.QUOTE, OrderStatus.CANCELLED):
        raise ValidationError({"invoiced_on": _("Only a confirmed order can be invoiced.")})
    with actuals.tracking(order.pk):
        order.invoiced_on = on or timezone.localdate()
        save_versioned(
            order,
            expected_version=order.version if expected_version is None else expected_version,
            reason=_("Invoiced"),
            changed_by=by,
        )
    audit_record(
        actor=by, verb="order.invoiced", target=order, changes={"invoiced_on": str(order.invoiced_on)}
    )
    return order


@transaction.atomic
def order_followed_up(
    *, order: Order, by: User, expected_version: int | None = None, note: str = ""
) -> Order:
    """The customer was asked how it is going: close the open follow-up tasks, the order is followed up."""
    from salesdesk.worklist.services import task_complete

    _require_status(order, OrderStatus.DELIVERED, message=_("Only a delivered order can be followed up."))
    transitioned = order_transition(
        order=order,
        to_status=OrderStatus.FOLLOWED_UP,
        by=by,
        expected_version=expected_version,
        note=note,
    )
    for task in follow_up_tasks(order).filter(status=TaskStatus.OPEN):
        task_complete(task=task, completed_by=by)
    return transitioned


# --- deliveries ---------------------------------------------------------------------------------


def delivered_quantities(order: Order) -> dict[int, Decimal]:
    """Per order line, how much is on a delivery already (planned, on its way or delivered)."""
    rows = (
        DeliveryItem.objects.filter(delivery__order=order)
        .values("order_line_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    return {row["order_line_id"]: row["total"] or ZERO for row in rows}


def remaining_quantities(order: Order) -> dict[int, Decimal]:
    """Per order line, how much is still to be put on a delivery."""
    delivered = delivered_quantities(order)
    return {line.pk: line.quantity - delivered.get(line.pk, ZERO) for line in order.lines.all()}


@transaction.atomic
def delivery_create(
    *,
    order: Order,
    by: User,
    items: Sequence[tuple[OrderLine, Decimal]],
    carrier: str = "",
    tracking_number: str = "",
    planned_on: date | None = None,
    from_location: StockLocation | None = None,
) -> Delivery:
    """Plan a shipment of some of the order's lines; never more than ordered minus already shipped."""
    # Lock the order so two deliveries planned at once cannot both take the last units.
    Order.objects.select_for_update().filter(pk=order.pk).exists()
    errors: Errors = {}
    if order.status != OrderStatus.ORDERED:
        _add(errors, "order", _("Only a confirmed order can be delivered."))
    remaining = remaining_quantities(order)
    if not items:
        _add(errors, "items", _("Choose at least one line to deliver."))
    stocked = False
    seen: set[int] = set()
    for index, (line, quantity) in enumerate(items):
        key = f"items[{index}]"
        if line.order_id != order.pk:
            _add(errors, f"{key}.order_line", _("Choose a line of this order."))
            continue
        if line.pk in seen:
            _add(errors, f"{key}.order_line", _("Each line may appear once."))
        seen.add(line.pk)
        if quantity is None or quantity <= 0:
            _add(errors, f"{key}.quantity", _("The quantity must be more than zero."))
        elif quantity > remaining.get(line.pk, ZERO):
            _add(
                errors,
                f"{key}.quantity",
                _("Only %(left)s of %(line)s are left to deliver.")
                % {"left": f"{remaining.get(line.pk, ZERO).normalize():f}", "line": line.description},
            )
        if line.product_id and line.product and line.product.is_stocked:
            stocked = True
    if from_location is not None and from_location.business_unit_id != order.owner.business_unit_id:
        _add(errors, "from_location", _("Choose a stock location of the order's business unit."))
    elif from_location is None and stocked:
        _add(errors, "from_location", _("Say which stock location the goods leave from."))
    _raise_if(errors)
    delivery = Delivery.objects.create(
        order=order,
        number=next_number(DELIVERY_PREFIX, model=Delivery),
        carrier=carrier.strip(),
        tracking_number=tracking_number.strip(),
        planned_on=planned_on,
        from_location=from_location,
    )
    DeliveryItem.objects.bulk_create(
        DeliveryItem(delivery=delivery, order_line=line, quantity=quantity) for line, quantity in items
    )
    audit_record(actor=by, verb="delivery.planned", target=delivery, reason=order.number)
    return delivery


def _delivery_tracking(delivery: Delivery, carrier: str | None, tracking_number: str | None) -> None:
    if carrier is not None:
        delivery.carrier = carrier.strip()
    if tracking_number is not None:
        delivery.tracking_number = tracking_number.strip()


@transaction.atomic
def delivery_ship(
    *,
    delivery: Delivery,
    by: User,
    shipped_on: date | None = None,
    carrier: str | None = None,
    tracking_number: str | None = None,
) -> Delivery:
    """The goods left: record the day, and the carrier and tracking number if known now."""
    if delivery.status != DeliveryStatus.PLANNED:
        raise ValidationError({"status": _("Only a planned delivery can be shipped.")})
    if delivery.order.status != OrderStatus.ORDERED:
        raise ValidationError({"order": _("The order is not open for delivery.")})
    _delivery_tracking(delivery, carrier, tracking_number)
    delivery.status = DeliveryStatus.SHIPPED
    delivery.shipped_on = shipped_on or timezone.localdate()
    delivery.save()
    audit_record(actor=by, verb="delivery.shipped", target=delivery, reason=delivery.tracking_number)
    return delivery


@transaction.atomic
def delivery_mark_delivered(
    *,
    delivery: Delivery,
    by: User,
    delivered_on: date | None = None,
    carrier: str | None = None,
    tracking_number: str | None = None,
) -> Delivery:
    """The customer has the goods: stock leaves its location, and once every line of the order is
    delivered the order becomes delivered (which creates the follow-up task)."""
    if delivery.status == DeliveryStatus.DELIVERED:
        raise ValidationError({"status": _("This delivery is delivered already.")})
    order = Order.objects.select_for_update().get(pk=delivery.order_id)
    if order.status != OrderStatus.ORDERED:
        raise ValidationError({"order": _("The order is not open for delivery.")})
    _delivery_tracking(delivery, carrier, tracking_number)
    delivered_on = delivered_on or timezone.localdate()
    delivery.status = DeliveryStatus.DELIVERED
    delivery.shipped_on = delivery.shipped_on or delivered_on
    delivery.delivered_on = delivered_on
    delivery.save()
    items = delivery.items.select_related("order_line__product")
    for item in items:
        product = item.order_line.product
        if product is not None and product.is_stocked and delivery.from_location is not None:
            stock_move(
                product=product,
                location=delivery.from_location,
                quantity=-item.quantity,
                kind=MovementKind.DELIVERY,
                by=by,
                delivery=delivery,
                note=order.number,
            )
    audit_record(actor=by, verb="delivery.delivered", target=delivery, reason=order.number)
    done = {
        row["order_line_id"]: row["total"]
        for row in DeliveryItem.objects.filter(
            delivery__order=order, delivery__status=DeliveryStatus.DELIVERED
        )
        .values("order_line_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    }
    if all(done.get(line.pk, ZERO) >= line.quantity for line in order.lines.all()):
        order_transition(order=order, to_status=OrderStatus.DELIVERED, by=by, on=delivered_on)
    return delivery


# --- incidents ----------------------------------------------------------------------------------


def _check_incident(incident: Incident, *, acting: User, errors: Errors) -> None:
    order = incident.order
    if incident.kind not in IncidentKind.values:
        _add(errors, "kind", _("Choose what went wrong."))
    if not (incident.description or "").strip():
        _add(errors, "description", _("Describe what happened."))
    cost = _as_decimal(incident.cost)
    if cost is None or cost < 0:
        _add(errors, "cost", _("The cost cannot be negative."))
    if not is_currency(incident.currency or ""):
        _add(errors, "currency", _("%(code)s is not a currency code.") % {"code": incident.currency})
    if incident.delivery_id and incident.delivery and incident.delivery.order_id != order.pk:
        _add(errors, "delivery", _("Choose a delivery of this order."))
    if incident.product_id and not order.lines.filter(product_id=incident.product_id).exists():
        _add(errors, "product", _("Choose a product on this order."))
    owner = incident.owner if incident.owner_id else None
    if not _can_own(acting, owner):
        _add(errors, "owner", _("Choose an active person to own the incident."))
    if incident.reported_on is None:
        _add(errors, "reported_on", _("Give the day it was reported."))


@transaction.atomic
def incident_report(
    *,
    order: Order,
    kind: str,
    description: str,
    by: User,
    delivery: Delivery | None = None,
    product: Product | None = None,
    cost: Decimal = ZERO,
    currency: str = "",
    owner: User | None = None,
    reported_on: date | None = None,
) -> Incident:
    """Something went wrong with a delivery: it is owned by someone (the reporter by default) until closed."""
    if order.status in (OrderStatus.QUOTE, OrderStatus.CANCELLED):
        raise ValidationError({"order": _("Incidents are reported on confirmed orders.")})
    incident = Incident(
        order=order,
        delivery=delivery,
        product=product,
        rep_id=order.owner_id,
        kind=kind,
        description=(description or "").strip(),
        cost=cost,
        currency=(currency or order.currency).strip().upper(),
        owner=owner or by,
        reported_on=reported_on or timezone.localdate(),
    )
    errors: Errors = {}
    _check_incident(incident, acting=by, errors=errors)
    _raise_if(errors)
    incident._history_user = by  # type: ignore[attr-defined]
    incident._change_reason = _("Reported")  # type: ignore[attr-defined]
    incident.save()
    audit_record(actor=by, verb="incident.reported", target=incident, changes={"kind": kind})
    return incident


_INCIDENT_FIELDS = frozenset(
    {"kind", "description", "cost", "currency", "owner", "product", "delivery", "reported_on"}
)


@transaction.atomic
def incident_update(*, incident: Incident, by: User, expected_version: int, **fields: Any) -> Incident:
    """Correct an open incident's details or hand it to someone else."""
    unknown = set(fields) - _INCIDENT_FIELDS
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})
    if incident.status != IncidentStatus.OPEN:
        raise ValidationError({"status": _("Reopen the incident to change it.")})
    for field, value in fields.items():
        if field == "currency" and isinstance(value, str):
            value = value.strip().upper()
        setattr(incident, field, value.strip() if isinstance(value, str) else value)
    errors: Errors = {}
    _check_incident(incident, acting=by, errors=errors)
    _raise_if(errors)
    save_versioned(incident, expected_version=expected_version, reason=_("Edited"), changed_by=by)
    return incident


@transaction.atomic
def incident_resolve(
    *,
    incident: Incident,
    resolution: str,
    note: str,
    by: User,
    expected_version: int,
    closed_on: date | None = None,
) -> Incident:
    """Close the incident with how it was resolved (replacement, credit note, return, discount)."""
    errors: Errors = {}
    if incident.status != IncidentStatus.OPEN:
        _add(errors, "status", _("The incident is closed already."))
    if resolution not in IncidentResolution.values:
        _add(errors, "resolution", _("Choose how it was resolved."))
    _raise_if(errors)
    incident.status = IncidentStatus.CLOSED
    incident.resolution = resolution
    incident.resolution_note = (note or "").strip()
    incident.closed_on = closed_on or timezone.localdate()
    save_versioned(
        incident,
        expected_version=expected_version,
        reason=_("Resolved: %(how)s") % {"how": IncidentResolution(resolution).label},
        changed_by=by,
    )
    audit_record(actor=by, verb="incident.resolved", target=incident, changes={"resolution": resolution})
    return incident


@transaction.atomic
def incident_reopen(*, incident: Incident, by: User, expected_version: int, note: str = "") -> Incident:
    """The resolution did not hold: the incident is open again with the same owner."""
    if incident.status != IncidentStatus.CLOSED:
        raise ValidationError({"status": _("The incident is open already.")})
    incident.status = IncidentStatus.OPEN
    incident.resolution = ""
    incident.closed_on = None
    save_versioned(
        incident, expected_version=expected_version, reason=note.strip() or _("Reopened"), changed_by=by
    )
    audit_record(actor=by, verb="incident.reopened", target=incident, reason=note.strip())
    return incident
