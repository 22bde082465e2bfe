"""Demo orders: two years of history for the year-on-year comparisons, and the last weeks' orders in
every status, with deliveries, tracking numbers, incidents of every cause and the billing entries.

The recent orders go through the order services, as the reps and the coordinator would work them: a
quote, ordered, shipped with a tracking number, delivered (which opens the follow-up task), followed up,
or cancelled. The history before that (a few hundred orders, spread over the months with the
trade-show seasons) is written in batches with the ORM, its amounts computed by the same
`line_amounts` the services use, so totals equal their lines; each history order has its status trail,
its delivery and its billing entries, and the older entries are exported to billing month by month.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from salesdesk.catalog.models import Product, StockLocation
from salesdesk.demo.commerce.common import (
    COORDINATOR,
    FINANCE,
    accounts_by_owner,
    month_start,
    products_by_sku,
    sellers,
)
from salesdesk.demo.commerce.data import (
    CARRIERS,
    INCIDENTS,
    LAST_YEAR_FACTOR,
    PRICE_LIST_RATES,
    PRODUCTS,
    RESOLUTION_NOTES,
    SEASON,
)
from salesdesk.demo.customers.common import batches, record_history, users_of
from salesdesk.orders.billing import billing_entries_create_for_order, billing_entries_mark_exported
from salesdesk.orders.choices import BillingStatus, DeliveryStatus, IncidentKind, OrderStatus
from salesdesk.orders.models import (
    BillingEntry,
    Delivery,
    DeliveryItem,
    Order,
    OrderLine,
    OrderStatusChange,
)
from salesdesk.orders.numbering import format_number
from salesdesk.orders.services import (
    OrderLineInput,
    delivery_create,
    delivery_mark_delivered,
    delivery_ship,
    incident_report,
    incident_resolve,
    line_amounts,
    order_create,
    order_followed_up,
    order_transition,
)
from salesdesk.org.models import User

if TYPE_CHECKING:
    from salesdesk.customers.models import Account
    from salesdesk.demo.services import DemoContext

# History orders per month (times the season) at every scale: demo.bulk adds the larger scales' volume.
HISTORY_PER_MONTH = 11
HISTORY_MONTHS = 24
# The recent, service-made orders start this many days back; the history ends before it.
RECENT_DAYS = 40
GOODS = ("BROCHURE-A4", "ROLLUP-85", "SALES-KIT", "COUNTER-STAND")
SERVICES = ("DESIGN-HOUR", "NEWSLETTER", "MAG-AD-1/2")
# What happens to the recent orders of each named seller, in turn.
RECENT_PATHS = ("quote", "ordered", "shipped", "delivered", "followed_up", "cancelled")


def demo_orders(ctx: DemoContext) -> None:
    products = products_by_sku(ctx)
    owners = _owners_with_accounts(ctx)
    _history(ctx, products, owners)
    _recent(ctx, products, owners)


def _owners_with_accounts(ctx: DemoContext) -> list[tuple[User, list[Account]]]:
    by_owner = accounts_by_owner(ctx)
    return [(user, by_owner[user.pk]) for user in sellers(ctx) if by_owner.get(user.pk)]


def _list_price(product: Product, currency: str, on: date, today: date) -> Decimal:
    """The price list's price on `on`: this year's list, last year's, or (older) last year's less 5 %."""
    spec = next(spec for spec in PRODUCTS if spec.sku == product.sku)
    factor = Decimal(1) if on.year >= today.year else LAST_YEAR_FACTOR
    if on.year < today.year - 1:
        factor *= LAST_YEAR_FACTOR
    return (spec.price_eur * PRICE_LIST_RATES[currency] * factor).quantize(Decimal(1))


def _currency(user: User) -> str:
    return user.display_currency if user.display_currency in PRICE_LIST_RATES else "EUR"


def _pick_lines(rng: random.Random, products: dict[str, Product]) -> list[tuple[Product, Decimal, Decimal]]:
    """(product, quantity, discount) for one order: mostly stocked goods, sometimes a service."""
    chosen = rng.sample(GOODS, rng.randint(1, 3))
    if rng.random() < 0.3:
        chosen.append(rng.choice(SERVICES))
    return [
        (
            products[sku],
            Decimal(rng.choice((1, 2, 3, 5, 10, 20))),
            Decimal(rng.choice((0, 0, 0, 5, 10))),
        )
        for sku in chosen
    ]


# --- history (ORM, in batches) --------------------------------------------------------------------


@dataclass
class _Draft:
    order: Order
    lines: list[OrderLine]
    changes: list[OrderStatusChange]


def _history(
    ctx: DemoContext, products: dict[str, Product], owners: list[tuple[User, list[Account]]]
) -> None:
    rng, today = ctx.rng, ctx.today
    coordinator, finance = users_of(ctx)[COORDINATOR], users_of(ctx)[FINANCE]
    newest = today - timedelta(days=RECENT_DAYS)
    sequences: dict[tuple[str, int], int] = {}
    drafts: list[_Draft] = []
    for back in range(HISTORY_MONTHS, 0, -1):
        first = month_start(today, back)
        # Business grew about 10 % a year: last year's months are a little quieter than this year's.
        growth = 1.0 if back <= 12 else 0.9
        count = round(HISTORY_PER_MONTH * SEASON[first.month - 1] * growth)
        for number in range(count):
            owner, accounts = owners[number % len(owners)]
            quoted_on = first + timedelta(days=rng.randint(0, 27))
            if quoted_on > newest:
                continue
            drafts.append(
                _history_order(rng, owner, rng.choice(accounts), quoted_on, products, today, sequences)
            )
    for batch in batches(iter(drafts)):
        created = Order.objects.bulk_create([draft.order for draft in batch])
        record_history(Order, created, by=coordinator)
        OrderLine.objects.bulk_create([line for draft in batch for line in draft.lines])
        OrderStatusChange.objects.bulk_create([change for draft in batch for change in draft.changes])
        _history_deliveries(rng, [draft for draft in batch if draft.order.delivered_on], sequences)
    for draft in drafts:
        if draft.order.ordered_on is not None:
            billing_entries_create_for_order(order=draft.order)
    _export_old_billing(ctx, finance)


def _next(sequences: dict[tuple[str, int], int], prefix: str, year: int) -> str:
    sequences[(prefix, year)] = sequences.get((prefix, year), 0) + 1
    return format_number(prefix, year, sequences[(prefix, year)])


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _history_order(
    rng: random.Random,
    owner: User,
    account: Account,
    quoted_on: date,
    products: dict[str, Product],
    today: date,
    sequences: dict[tuple[str, int], int],
) -> _Draft:
    currency = _currency(owner)
    lines = []
    for position, (product, quantity, discount) in enumerate(_pick_lines(rng, products), start=1):
        unit_price = _list_price(product, currency, quoted_on, today)
        amounts = line_amounts(
            quantity=quantity,
            unit_price=unit_price,
            discount_percent=discount,
            tax_rate=product.tax_rate,
            currency=currency,
        )
        lines.append(
            OrderLine(
                position=position,
                product=product,
                description=product.label(),
                quantity=quantity,
                unit_price=unit_price,
                discount_percent=discount,
                tax_rate=product.tax_rate,
                net_amount=amounts.net,
                tax_amount=amounts.tax,
            )
        )
    cancelled = rng.random() < 0.1
    ordered_on = None if cancelled else quoted_on + timedelta(days=rng.randint(2, 15))
    delivered_on = None if ordered_on is None else ordered_on + timedelta(days=rng.randint(4, 18))
    order = Order(
        number=(
            _next(sequences, "Q", quoted_on.year)
            if ordered_on is None
            else _next(sequences, "O", ordered_on.year)
        ),
        account=account,
        territory_id=account.territory_id,
        owner=owner,
        status=OrderStatus.CANCELLED if cancelled else OrderStatus.FOLLOWED_UP,
        currency=currency,
        quoted_on=quoted_on,
        ordered_on=ordered_on,
        delivered_on=delivered_on,
        invoiced_on=None if delivered_on is None else delivered_on + timedelta(days=2),
        net_total=sum((line.net_amount for line in lines), Decimal(0)),
        tax_total=sum((line.tax_amount for line in lines), Decimal(0)),
    )
    order.gross_total = order.net_total + order.tax_total
    for line in lines:
        line.order = order
    trail = [("", OrderStatus.QUOTE, quoted_on)]
    if cancelled:
        trail.append(
            (OrderStatus.QUOTE, OrderStatus.CANCELLED, quoted_on + timedelta(days=rng.randint(5, 30)))
        )
    else:
        assert ordered_on is not None
        assert delivered_on is not None
        trail += [
            (OrderStatus.QUOTE, OrderStatus.ORDERED, ordered_on),
            (OrderStatus.ORDERED, OrderStatus.DELIVERED, delivered_on),
            (OrderStatus.DELIVERED, OrderStatus.FOLLOWED_UP, delivered_on + timedelta(days=5)),
        ]
    changes = [
        OrderStatusChange(
            order=order, from_status=old, to_status=new, changed_by=owner, changed_at=_moment(min(day, today))
        )
        for old, new, day in trail
    ]
    return _Draft(order, lines, changes)


def _history_deliveries(
    rng: random.Random, drafts: list[_Draft], sequences: dict[tuple[str, int], int]
) -> None:
    """One delivery per delivered history order, every line in full, with its carrier's tracking number."""
    deliveries = []
    for draft in drafts:
        order = draft.order
        assert order.delivered_on is not None
        assert order.ordered_on is not None
        deliveries.append(
            Delivery(
                order=order,
                number=_next(sequences, "D", order.delivered_on.year),
                status=DeliveryStatus.DELIVERED,
                carrier=rng.choice(CARRIERS),
                tracking_number=f"{rng.randint(10**11, 10**12 - 1)}",
                planned_on=order.ordered_on + timedelta(days=3),
                shipped_on=order.delivered_on - timedelta(days=2),
                delivered_on=order.delivered_on,
            )
        )
    Delivery.objects.bulk_create(deliveries)
    DeliveryItem.objects.bulk_create(
        DeliveryItem(delivery=delivery, order_line=line, quantity=line.quantity)
        for delivery, draft in zip(deliveries, drafts, strict=True)
        for line in draft.lines
    )


def _export_old_billing(ctx: DemoContext, finance: User) -> None:
    """Finance exported every month's entries before this one, one batch a month."""
    cutoff = month_start(ctx.today)
    pending = BillingEntry.objects.filter(
        status=BillingStatus.PENDING, bill_on__lt=cutoff, order__isnull=False
    )
    for back in range(HISTORY_MONTHS, 0, -1):
        first = month_start(ctx.today, back)
        entries = pending.filter(bill_on__gte=first, bill_on__lt=month_start(ctx.today, back - 1))
        if entries.exists():
            billing_entries_mark_exported(entries=entries, exported_by=finance)


# --- recent orders (through the services) ---------------------------------------------------------


def _recent(ctx: DemoContext, products: dict[str, Product], owners: list[tuple[User, list[Account]]]) -> None:
    rng, today = ctx.rng, ctx.today
    coordinator = users_of(ctx)[COORDINATOR]
    locations = list(StockLocation.objects.filter(business_unit=ctx.business_unit).order_by("pk"))
    delivered: list[tuple[Order, Delivery]] = []
    named = [(owner, accounts) for owner, accounts in owners if owner.username in users_of(ctx)][:7]
    for index, (owner, accounts) in enumerate(named):
        for step, path in enumerate(RECENT_PATHS):
            if (index + step) % 7 == 6:
                continue  # not every rep has every kind: the lists look lived in, not generated
            quoted_on = today - timedelta(days=RECENT_DAYS - 2 - rng.randint(0, 6) - 5 * step)
            order = order_create(
                created_by=owner,
                account=accounts[(index + step) % len(accounts)],
                currency=_currency(owner),
                quoted_on=quoted_on,
                lines=[
                    OrderLineInput(product=product, quantity=quantity, discount_percent=discount)
                    for product, quantity, discount in _pick_lines(rng, products)
                ],
            )
            if path == "quote":
                continue
            if path == "cancelled":
                order_transition(
                    order=order, to_status=OrderStatus.CANCELLED, by=owner, on=quoted_on + timedelta(days=4),
                    note="The customer postponed the campaign.",
                )  # fmt: skip
                continue
            ordered_on = quoted_on + timedelta(days=2)
            order_transition(order=order, to_status=OrderStatus.ORDERED, by=owner, on=ordered_on)
            delivery = delivery_create(
                order=order,
                by=coordinator,
                items=[(line, line.quantity) for line in order.lines.order_by("position")],
                carrier=CARRIERS[(index + step) % len(CARRIERS)],
                planned_on=ordered_on + timedelta(days=5),
                from_location=locations[index % len(locations)],
            )
            if path == "ordered":
                continue
            shipped_on = min(ordered_on + timedelta(days=3), today)
            delivery_ship(
                delivery=delivery,
                by=coordinator,
                shipped_on=shipped_on,
                tracking_number=f"{rng.randint(10**11, 10**12 - 1)}",
            )
            if path == "shipped":
                continue
            delivery_mark_delivered(
                delivery=delivery, by=coordinator, delivered_on=min(shipped_on + timedelta(days=2), today)
            )
            order.refresh_from_db()
            delivered.append((order, delivery))
            if path == "followed_up":
                order_followed_up(order=order, by=owner, note="All arrived in good order.")
    _incidents(ctx, delivered, coordinator)


def _incidents(ctx: DemoContext, delivered: list[tuple[Order, Delivery]], coordinator: User) -> None:
    """One incident of every cause on recently delivered orders; the two newest are still open."""
    resolutions = list(RESOLUTION_NOTES)
    for number, (kind, (order, delivery)) in enumerate(zip(IncidentKind, delivered, strict=False)):
        line = order.lines.order_by("position").first()
        incident = incident_report(
            order=order,
            delivery=delivery,
            product=line.product if line else None,
            kind=kind,
            description=INCIDENTS[kind],
            by=coordinator,
            cost=Decimal(ctx.rng.choice((0, 45, 120, 380))),
            reported_on=delivery.delivered_on,
        )
        if number < len(IncidentKind) - 2:
            resolution = resolutions[number % len(resolutions)]
            incident_resolve(
                incident=incident,
                resolution=resolution,
                note=RESOLUTION_NOTES[resolution],
                by=coordinator,
                expected_version=incident.version,
                closed_on=min(ctx.today, (delivery.delivered_on or ctx.today) + timedelta(days=3)),
            )
