"""Keeping the `SalesActual` rollups equal to the recognised order lines.

An order counts from its recognition date (order, delivery or invoice date: a company setting) unless it
is a quote or cancelled. Each line adds its net amount, converted to the company currency at the rate of
that date and rounded to four places, its quantity, and its production cost (quantity × the unit cost
valid that day, converted the same way) to one week row and one month row of its rep, product and
territory.

The order services wrap every change that can move an order's contribution in `tracking(order_ids)`:
the contribution is computed before and after, and only the difference is added, so an update costs a
few rows whatever the size of the table. `rebuild()` recomputes everything (or everything from a date,
after an exchange rate or production cost was corrected) from the raw lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Q

from salesdesk.catalog.models import ProductionCost
from salesdesk.core.choices import RecognitionBasis
from salesdesk.core.fx import rate_on
from salesdesk.core.models import CompanySettings
from salesdesk.orders.choices import OrderStatus
from salesdesk.orders.models import Order, OrderLine
from salesdesk.planning.choices import Grain
from salesdesk.planning.models import SalesActual

FOUR_PLACES = Decimal("0.0001")
ZERO = Decimal(0)
ALL = SalesActual.ALL
NOT_COUNTED = (OrderStatus.QUOTE, OrderStatus.CANCELLED)
_BASIS_FIELD = {
    RecognitionBasis.ORDER: "ordered_on",
    RecognitionBasis.DELIVERY: "delivered_on",
    RecognitionBasis.INVOICE: "invoiced_on",
}

# (grain, period start, owner id, product key, territory key); see SalesActual for the three slices.
Key = tuple[str, date, int, int, int]


@dataclass(slots=True)
class Amounts:
    revenue: Decimal = ZERO
    cost: Decimal = ZERO
    units: Decimal = ZERO
    lines: int = 0

    def add(self, other: Amounts, sign: int = 1) -> None:
        self.revenue += sign * other.revenue
        self.cost += sign * other.cost
        self.units += sign * other.units
        self.lines += sign * other.lines

    def is_zero(self) -> bool:
        return not (self.revenue or self.cost or self.units or self.lines)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


def recognition_field() -> str:
    return _BASIS_FIELD[RecognitionBasis(CompanySettings.current().revenue_recognition)]


def in_company_currency(
    amount: Decimal, currency: str, day: date, rates: dict[tuple[str, date], Decimal]
) -> Decimal:
    """`amount` converted at the rate valid on `day`, rounded half away from zero to four places."""
    if (currency, day) not in rates:
        rates[currency, day] = rate_on(currency, day)
    return (amount / rates[currency, day]).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


class _UnitCosts:
    """Production cost per unit of a product on a day, in company currency; loaded once per product."""

    def __init__(self, rates: dict[tuple[str, date], Decimal]) -> None:
        self._periods: dict[int, list[tuple[date, date, Decimal, str]]] = {}
        self._rates = rates

    def load(self, product_ids: Iterable[int]) -> None:
        missing = {pk for pk in product_ids if pk not in self._periods}
        if not missing:
            return
        for pk in missing:
            self._periods[pk] = []
        rows = (
            ProductionCost.objects.filter(product_id__in=missing)
            .values_list("product_id", "period_start", "period_end", "unit_cost", "currency")
            .order_by("product_id", "-period_start")
        )  # the latest period first, as the SQL rebuild picks
        for product_id, start, end, unit_cost, currency in rows:
            self._periods[product_id].append((start, end, unit_cost, currency))

    def cost(self, product_id: int | None, quantity: Decimal, day: date) -> Decimal:
        if product_id is None:
            return ZERO
        for start, end, unit_cost, currency in self._periods.get(product_id, ()):
            if start <= day <= end:
                return in_company_currency(quantity * unit_cost, currency, day, self._rates)
        return ZERO


class _Reader:
    """Reads orders' contributions; rates, unit costs and the recognition setting are looked up once per
    reader, so the "before" and "after" of a change cost one query each."""

    def __init__(self) -> None:
        self.field = recognition_field()
        self.rates: dict[tuple[str, date], Decimal] = {}
        self.costs = _UnitCosts(self.rates)

    def contributions(self, order_ids: Iterable[int]) -> dict[Key, Amounts]:
        ids = list(order_ids)
        if not ids:
            return {}
        field = self.field
        lines = list(
            OrderLine.objects.filter(order_id__in=ids)
            .exclude(order__status__in=NOT_COUNTED)
            .exclude(**{f"order__{field}__isnull": True})
            .values_list(
                "product_id",
                "quantity",
                "net_amount",
                "order__owner_id",
                "order__territory_id",
                "order__currency",
                f"order__{field}",
            )
        )
        self.costs.load({line[0] for line in lines if line[0]})
        totals: dict[Key, Amounts] = defaultdict(Amounts)
        for product_id, quantity, net_amount, owner, territory_id, currency, day in lines:
            line = Amounts(
                revenue=in_company_currency(net_amount, currency, day, self.rates),
                cost=self.costs.cost(product_id, quantity, day),
                units=quantity,
                lines=1,
            )
            product = product_id or SalesActual.NONE
            territory = territory_id or SalesActual.NONE
            for grain, start in ((Grain.WEEK, week_start(day)), (Grain.MONTH, month_start(day))):
                for slice_key in ((ALL, ALL), (product, ALL), (ALL, territory)):
                    totals[(grain, start, owner, *slice_key)].add(line)
        return dict(totals)


def contributions(order_ids: Iterable[int]) -> dict[Key, Amounts]:
    """What the given orders add to the rollups as the database holds them now."""
    return _Reader().contributions(order_ids)


def _difference(after: dict[Key, Amounts], before: dict[Key, Amounts]) -> dict[Key, Amounts]:
    delta: dict[Key, Amounts] = defaultdict(Amounts)
    for key, amounts in after.items():
        delta[key].add(amounts)
    for key, amounts in before.items():
        delta[key].add(amounts, sign=-1)
    return {key: amounts for key, amounts in delta.items() if not amounts.is_zero()}


UPSERT_BATCH = 500
_UPSERT = (
    "INSERT INTO {table}"
    " (grain, period_start, owner_id, product_key, territory_key, revenue, cost, units, lines)"
    " VALUES {values}"
    " ON CONFLICT (grain, period_start, owner_id, product_key, territory_key) DO UPDATE SET"
    " revenue = {table}.revenue + excluded.revenue, cost = {table}.cost + excluded.cost,"
    " units = {table}.units + excluded.units, lines = {table}.lines + excluded.lines"
)


def apply(delta: dict[Key, Amounts]) -> None:
    """Add `delta` to the rollup rows (creating them), then drop the touched rows left with no line."""
    if not delta:
        return
    table = connection.ops.quote_name(SalesActual._meta.db_table)
    rows = [
        (grain, start, owner, product, territory, str(a.revenue), str(a.cost), str(a.units), a.lines)
        for (grain, start, owner, product, territory), a in delta.items()
    ]
    with connection.cursor() as cursor:
        # One statement per batch of rows: a round trip per row would cost more than the work itself.
        for first in range(0, len(rows), UPSERT_BATCH):
            batch = rows[first : first + UPSERT_BATCH]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                _UPSERT.format(table=table, values=values), [value for row in batch for value in row]
            )
    emptied = [key for key, amounts in delta.items() if amounts.lines < 0]
    if emptied:
        keys = ", ".join(["(%s, %s, %s, %s, %s)"] * len(emptied))
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE lines <= 0 AND"  # noqa: S608  (our table name, placeholders)
                f" (grain, period_start, owner_id, product_key, territory_key) IN (VALUES {keys})",
                [value for key in emptied for value in key],
            )


@contextmanager
def tracking(*order_ids: int) -> Iterator[None]:
    """Wrap a change to orders: their rollup contribution is moved by exactly what the change did."""
    with transaction.atomic():
        # Lock the orders so two changes to one order cannot both read the same "before".
        list(Order.objects.select_for_update().filter(pk__in=order_ids).values_list("pk", flat=True))
        reader = _Reader()
        before = reader.contributions(order_ids)
        yield
        apply(_difference(reader.contributions(order_ids), before))


# --- rebuild -------------------------------------------------------------------------------------

BATCH = 5_000


def rebuild(*, since: date | None = None, progress: Any = None) -> int:
    """Recompute the rollups from the order lines (all, or every week and month from the one holding
    `since`). Returns the number of order lines counted.

    PostgreSQL does it in one statement; other databases in batches of orders through the same code the
    incremental path uses.
    """
    field = recognition_field()
    starts: dict[str, date] | None = (
        None if since is None else {Grain.WEEK: week_start(since), Grain.MONTH: month_start(since)}
    )
    with transaction.atomic():
        stale = SalesActual.objects.all()
        if starts is not None:
            stale = stale.filter(
                Q(grain=Grain.WEEK, period_start__gte=starts[Grain.WEEK])
                | Q(grain=Grain.MONTH, period_start__gte=starts[Grain.MONTH])
            )
        stale.delete()
        if connection.vendor == "postgresql":
            from salesdesk.planning.rebuild_sql import rebuild_postgresql

            counted = rebuild_postgresql(field=field, starts=starts)
            if progress is not None:
                progress.set_total(counted)
                progress.advance(counted)
            return counted
        return _rebuild_in_batches(field, starts, progress)


def _rebuild_in_batches(field: str, starts: dict[str, date] | None, progress: Any) -> int:
    orders = Order.objects.exclude(status__in=NOT_COUNTED).exclude(**{f"{field}__isnull": True})
    if starts is not None:
        orders = orders.filter(**{f"{field}__gte": min(starts.values())})
    order_ids = list(orders.order_by("pk").values_list("pk", flat=True))
    if progress is not None:
        progress.set_total(len(order_ids))
    counted = 0
    for first in range(0, len(order_ids), BATCH):
        batch = order_ids[first : first + BATCH]
        totals = contributions(batch)
        if starts is not None:
            # A week (or month) that began before its grain's start keeps its rows untouched.
            totals = {key: amounts for key, amounts in totals.items() if key[1] >= starts[key[0]]}
        counted += sum(
            amounts.lines
            for key, amounts in totals.items()
            if key[0] == Grain.MONTH and key[3] == ALL and key[4] == ALL
        )
        apply(totals)
        if progress is not None:
            progress.advance(len(batch))
    return counted
