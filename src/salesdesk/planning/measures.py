"""Actual figures per week or month for a subject and a metric.

Money and units come from the `SalesActual` rollups (never from raw order lines); new customers from the
accounts' "customer since" date; calls and meetings from done activities, counted on the company's
calendar day.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth, TruncWeek

from salesdesk.catalog.models import Product
from salesdesk.core.models import CompanySettings
from salesdesk.core.periods import month_end
from salesdesk.customers.choices import ActivityKind, ActivityStatus
from salesdesk.customers.models import Account, Activity
from salesdesk.planning.choices import Grain, Metric
from salesdesk.planning.models import SalesActual

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Narrowing:
    """A goal's optional restriction to one product, a category or a territory."""

    product_id: int | None = None
    category_id: int | None = None
    territory_id: int | None = None

    @property
    def is_whole(self) -> bool:
        return not (self.product_id or self.category_id or self.territory_id)


WHOLE = Narrowing()


def _rollup_rows(
    owner_ids: list[int] | None, grain: str, first: date, last: date, narrowing: Narrowing
) -> QuerySet[SalesActual]:
    """The rows of the one slice that answers `narrowing`: totals, a product (or category), a territory."""
    rows = SalesActual.objects.filter(grain=grain, period_start__gte=first, period_start__lte=last)
    if owner_ids is not None:
        rows = rows.filter(owner_id__in=owner_ids)
    if narrowing.product_id:
        return rows.filter(product_key=narrowing.product_id, territory_key=SalesActual.ALL)
    if narrowing.category_id:
        in_category = Product.objects.filter(category_id=narrowing.category_id).values("pk")
        return rows.filter(product_key__in=in_category, territory_key=SalesActual.ALL)
    if narrowing.territory_id:
        return rows.filter(product_key=SalesActual.ALL, territory_key=narrowing.territory_id)
    return rows.filter(product_key=SalesActual.ALL, territory_key=SalesActual.ALL)


def _product_slice(owner_ids: list[int] | None, first_month: date, last_month: date) -> QuerySet[SalesActual]:
    rows = SalesActual.objects.filter(
        grain=Grain.MONTH,
        period_start__gte=first_month,
        period_start__lte=last_month,
        territory_key=SalesActual.ALL,
    ).exclude(product_key=SalesActual.ALL)
    if owner_ids is not None:
        rows = rows.filter(owner_id__in=owner_ids)
    return rows


_LINE_VALUE = {
    Metric.REVENUE: Sum("revenue"),
    Metric.UNITS: Sum("units"),
    Metric.GROSS_MARGIN: Sum(F("revenue") - F("cost")),
}


def actual_by_period(
    *,
    owner_ids: list[int] | None,
    metric: str,
    grain: str,
    first: date,
    last: date,
    narrowing: Narrowing = WHOLE,
) -> dict[date, Decimal]:
    """{week or month start: actual} for the periods starting between `first` and `last`."""
    if owner_ids == []:
        return {}
    if metric in _LINE_VALUE:
        rows = (
            _rollup_rows(owner_ids, grain, first, last, narrowing)
            .values("period_start")
            .annotate(value=_LINE_VALUE[Metric(metric)])
            .values_list("period_start", "value")
        )
        return {start: Decimal(value or 0) for start, value in rows}
    return _counted(owner_ids, metric, grain, first, last)


def month_actuals(
    *, owner_ids: list[int] | None, month: date, asked: Iterable[tuple[str, Narrowing]]
) -> dict[tuple[str, Narrowing], Decimal]:
    """{(metric, narrowing): actual} of one month for every pair asked, e.g. every goal of a plan.

    One query reads all of the month's rollup slices, one the products of the asked categories and one
    each count metric, however many goals ask; each pair then takes the same slice `actual_by_period`
    would (counts ignore the narrowing there too).
    """
    pairs = set(asked)
    if owner_ids == []:
        return dict.fromkeys(pairs, ZERO)
    money_pairs = [(metric, narrowing) for metric, narrowing in pairs if metric in _LINE_VALUE]
    slices = _month_slices(owner_ids, month) if money_pairs else {}
    categories = {n.category_id for _m, n in money_pairs if n.category_id and not n.product_id}
    in_category: dict[int, list[int]] = defaultdict(list)
    for category_id, product_id in Product.objects.filter(category_id__in=categories).values_list(
        "category_id", "pk"
    ):
        in_category[category_id].append(product_id)
    result = {
        (metric, narrowing): sum(
            (_slice_value(metric, slices.get(key)) for key in _slice_keys(narrowing, in_category)), ZERO
        )
        for metric, narrowing in money_pairs
    }
    for metric in {metric for metric, _narrowing in pairs if metric not in _LINE_VALUE}:
        counted = _counted(owner_ids, metric, Grain.MONTH, month, month).get(month, ZERO)
        result.update({pair: counted for pair in pairs if pair[0] == metric})
    return result


def _month_slices(owner_ids: list[int] | None, month: date) -> dict[tuple[int, int], LineTotals]:
    rows = SalesActual.objects.filter(grain=Grain.MONTH, period_start=month)
    if owner_ids is not None:
        rows = rows.filter(owner_id__in=owner_ids)
    return {
        (product, territory): LineTotals(Decimal(revenue or 0), Decimal(cost or 0), Decimal(units or 0))
        for product, territory, revenue, cost, units in rows.values("product_key", "territory_key")
        .annotate(revenue=Sum("revenue"), cost=Sum("cost"), units=Sum("units"))
        .values_list("product_key", "territory_key", "revenue", "cost", "units")
    }


def _slice_keys(narrowing: Narrowing, in_category: dict[int, list[int]]) -> list[tuple[int, int]]:
    """The (product key, territory key) slices `_rollup_rows` reads for `narrowing`."""
    everything = SalesActual.ALL
    if narrowing.product_id:
        return [(narrowing.product_id, everything)]
    if narrowing.category_id:
        return [(product_id, everything) for product_id in in_category.get(narrowing.category_id, [])]
    if narrowing.territory_id:
        return [(everything, narrowing.territory_id)]
    return [(everything, everything)]


def _slice_value(metric: str, totals: LineTotals | None) -> Decimal:
    if totals is None:
        return ZERO
    if metric == Metric.REVENUE:
        return totals.revenue
    if metric == Metric.UNITS:
        return totals.units
    return totals.revenue - totals.cost


def _period_end(grain: str, start: date) -> date:
    if grain == Grain.WEEK:
        return start + timedelta(days=6)
    return month_end(start)


def _counted_records(
    owner_ids: list[int] | None, metric: str, first: date, last: date
) -> tuple[QuerySet[Account] | QuerySet[Activity], str, zoneinfo.ZoneInfo | None]:
    """The records a count metric counts between two days (both included), their date field, and the
    time zone their calendar day is taken in (None: the field is a date)."""
    records: QuerySet[Account] | QuerySet[Activity]
    if metric == Metric.NEW_CUSTOMERS:
        records = Account.objects.filter(
            customer_since__gte=first, customer_since__lte=last, merged_into__isnull=True
        )
        field, zone = "customer_since", None
    else:
        zone = zoneinfo.ZoneInfo(CompanySettings.current().time_zone)
        # A visit is a meeting at the customer's; both count as meetings.
        kinds = [ActivityKind.CALL] if metric == Metric.CALLS else [ActivityKind.MEETING, ActivityKind.VISIT]
        records = (
            Activity.objects.filter(kind__in=kinds, status=ActivityStatus.DONE, occurred_at__isnull=False)
            .annotate(day=TruncDate("occurred_at", tzinfo=zone))
            .filter(day__gte=first, day__lte=last)
        )
        field = "occurred_at"
    if owner_ids is not None:
        records = records.filter(owner_id__in=owner_ids)
    return records, field, zone


def _counted(
    owner_ids: list[int] | None, metric: str, grain: str, first: date, last: date
) -> dict[date, Decimal]:
    records, field, zone = _counted_records(owner_ids, metric, first, _period_end(grain, last))
    trunc = TruncWeek if grain == Grain.WEEK else TruncMonth
    start = trunc(field, tzinfo=zone) if zone else trunc(field)
    result: dict[date, Decimal] = {}
    for start_value, value in (
        records.annotate(start=start)
        .values("start")
        .annotate(value=Count("pk"))
        .values_list("start", "value")
    ):
        day = start_value.date() if isinstance(start_value, datetime) else start_value
        result[day] = result.get(day, ZERO) + Decimal(value)
    return result


def actual_by_owner(
    *,
    owner_ids: list[int] | None,
    metric: str,
    first_month: date,
    last_month: date,
    narrowing: Narrowing = WHOLE,
) -> dict[int, Decimal]:
    """{owner id: actual} over whole months from `first_month` to `last_month`, one query whatever the
    number of owners (drill-downs, peers, the monthly report)."""
    if metric in _LINE_VALUE:
        rows = (
            _rollup_rows(owner_ids, Grain.MONTH, first_month, last_month, narrowing)
            .values("owner_id")
            .annotate(value=_LINE_VALUE[Metric(metric)])
            .values_list("owner_id", "value")
        )
        return {owner: Decimal(value or 0) for owner, value in rows}
    records, _field, _zone = _counted_records(
        owner_ids, metric, first_month, _period_end(Grain.MONTH, last_month)
    )
    counts = records.values("owner_id").annotate(value=Count("pk")).values_list("owner_id", "value")
    return {owner: Decimal(value) for owner, value in counts}


def actual_by_product(
    *, owner_ids: list[int] | None, metric: str, first_month: date, last_month: date
) -> dict[int, Decimal]:
    """{product key: actual} over whole months (SalesActual.NONE: lines without a product)."""
    if metric not in _LINE_VALUE:
        return {}
    rows = (
        _product_slice(owner_ids, first_month, last_month)
        .values("product_key")
        .annotate(value=_LINE_VALUE[Metric(metric)])
        .values_list("product_key", "value")
    )
    return {product: Decimal(value or 0) for product, value in rows}


@dataclass(frozen=True, slots=True)
class LineTotals:
    revenue: Decimal = ZERO
    cost: Decimal = ZERO
    units: Decimal = ZERO

    @property
    def average_price(self) -> Decimal | None:
        return self.revenue / self.units if self.units else None

    @property
    def unit_cost(self) -> Decimal | None:
        return self.cost / self.units if self.units else None


def line_totals_by_product(
    *, owner_ids: list[int] | None, first_month: date, last_month: date
) -> dict[int, LineTotals]:
    """{product key: revenue, production cost and units} over whole months, in one query."""
    rows = (
        _product_slice(owner_ids, first_month, last_month)
        .values("product_key")
        .annotate(revenue=Sum("revenue"), cost=Sum("cost"), units=Sum("units"))
        .values_list("product_key", "revenue", "cost", "units")
    )
    return {
        product: LineTotals(Decimal(revenue or 0), Decimal(cost or 0), Decimal(units or 0))
        for product, revenue, cost, units in rows
    }
