"""H1: each peer's figures over a window, in a constant number of queries however many peers.

- plan attainment: revenue ÷ the person's whole-scope revenue goals over the window's months (planning);
- revenue: the monthly rollups (never raw order lines);
- win rate: won ÷ (won + lost) opportunities closed in the window;
- average deal size: won amounts converted to company currency at the closing day's rate ÷ won count;
- sales cycle: average days from an opportunity's creation (company calendar day) to its close, won only;
- activities: done activities that happened in the window, on the company's calendar day.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Func, IntegerField, Sum, Value
from django.db.models.functions import Greatest, TruncDate

from salesdesk.core.figure_cache import remembered_figures
from salesdesk.core.models import CompanySettings
from salesdesk.core.rate_table import RateTable
from salesdesk.customers.choices import ActivityStatus
from salesdesk.customers.models import Activity
from salesdesk.performance.choices import PeerMeasure
from salesdesk.performance.peer_window import PeerWindow
from salesdesk.pipeline.choices import StageKind
from salesdesk.pipeline.models import Opportunity
from salesdesk.pipeline.selectors import deals_stamp
from salesdesk.planning.choices import Metric
from salesdesk.planning.measures import actual_by_owner
from salesdesk.planning.plan_vs_actual import percent
from salesdesk.planning.targets import person_targets

ZERO = Decimal(0)
TENTH = Decimal("0.1")
# Shorter is better for the sales cycle; more is better for everything else.
LOWER_IS_BETTER = frozenset({PeerMeasure.SALES_CYCLE})


@dataclass(frozen=True, slots=True)
class PeerFigures:
    target: Decimal
    revenue: Decimal
    won: int
    lost: int
    won_amount: Decimal
    cycle_days: int  # summed over the won deals
    activities: int

    @property
    def attainment(self) -> Decimal | None:
        return percent(self.revenue, self.target)

    @property
    def win_rate(self) -> Decimal | None:
        return percent(Decimal(self.won), Decimal(self.won + self.lost))

    @property
    def deal_size(self) -> Decimal | None:
        return (self.won_amount / self.won).quantize(Decimal("0.01")) if self.won else None

    @property
    def sales_cycle(self) -> Decimal | None:
        if not self.won:
            return None
        return (Decimal(self.cycle_days) / self.won).quantize(TENTH, rounding=ROUND_HALF_UP)

    def value(self, measure: str) -> Decimal | None:
        values: dict[str, Decimal | None] = {
            PeerMeasure.ATTAINMENT: self.attainment,
            PeerMeasure.REVENUE: self.revenue,
            PeerMeasure.WIN_RATE: self.win_rate,
            PeerMeasure.DEAL_SIZE: self.deal_size,
            PeerMeasure.SALES_CYCLE: self.sales_cycle,
            PeerMeasure.ACTIVITIES: Decimal(self.activities),
        }
        return values[measure]


@dataclass(slots=True)
class _Deals:
    won: int = 0
    lost: int = 0
    won_amount: Decimal = ZERO
    cycle_days: int = 0


class _DaysLater(Func):
    """How many days the first date is after the second (negative when it is before)."""

    output_field = IntegerField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "CAST(julianday(%(expressions)s) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, arg_joiner=") - julianday(", **extra)


def _deals(person_ids: list[int], window: PeerWindow, company: CompanySettings) -> dict[int, _Deals]:
    zone = zoneinfo.ZoneInfo(company.time_zone)
    closed = Opportunity.objects.filter(
        owner_id__in=person_ids,
        closed_on__gte=window.first_day,
        closed_on__lte=window.last_day,
        stage__kind__in=[StageKind.WON, StageKind.LOST],
    )
    # Summed by the database: per person and outcome the deals and their days from opening to close;
    # won amounts per currency and closing day, each converted at that day's rate.
    cycles = closed.annotate(cycle=_DaysLater(F("closed_on"), TruncDate("created_at", tzinfo=zone)))
    deals: dict[int, _Deals] = defaultdict(_Deals)
    by_outcome = (
        cycles.order_by()
        .values("owner_id", "stage__kind")
        .annotate(deals=Count("pk"), days=Sum(Greatest("cycle", Value(0))))
        .values_list("owner_id", "stage__kind", "deals", "days")
    )
    for owner_id, kind, count, cycle_days in by_outcome:
        if kind == StageKind.LOST:
            deals[owner_id].lost += count
        else:
            deals[owner_id].won += count
            deals[owner_id].cycle_days += cycle_days or 0
    won = (
        closed.filter(stage__kind=StageKind.WON)
        .order_by()
        .values_list("owner_id", "currency", "closed_on")
        .annotate(Sum("amount"))
    )
    rows = list(won)
    rates = RateTable(company.currency, {currency for _o, currency, _c, _a in rows}, window.last_day)
    for owner_id, currency, closed_on, amount in rows:
        deals[owner_id].won_amount += rates.to_company_rounded(amount, currency, closed_on)
    return deals


def _activities(person_ids: list[int], window: PeerWindow, company: CompanySettings) -> dict[int, int]:
    zone = zoneinfo.ZoneInfo(company.time_zone)
    rows = (
        Activity.objects.filter(
            owner_id__in=person_ids, status=ActivityStatus.DONE, occurred_at__isnull=False
        )
        .annotate(day=TruncDate("occurred_at", tzinfo=zone))
        .filter(day__gte=window.first_day, day__lte=window.last_day)
        .values("owner_id")
        .annotate(done=Count("pk"))
        .values_list("owner_id", "done")
    )
    return dict(rows)


def peer_figures(*, person_ids: list[int], window: PeerWindow) -> dict[int, PeerFigures]:
    """{person id: figures} for every person asked about (zeros where nothing happened)."""
    if not person_ids:
        return {}
    company = CompanySettings.current()
    targets = person_targets(person_ids, Metric.REVENUE, window.first_month, window.last_month)
    revenue = actual_by_owner(
        owner_ids=person_ids,
        metric=Metric.REVENUE,
        first_month=window.first_month,
        last_month=window.last_month,
    )
    # Closed deals of a whole job title over a year: a second of database time at scale, so remembered
    # until a deal changes (see core.figure_cache).
    deals = remembered_figures(
        "peer-deals",
        asked=(sorted(person_ids), window.first_day, window.last_day, company.currency, company.time_zone),
        stamp=deals_stamp(),
        compute=lambda: dict(_deals(person_ids, window, company)),
    )
    activities = _activities(person_ids, window, company)
    figures = {}
    for pk in person_ids:
        closed = deals.get(pk, _Deals())
        figures[pk] = PeerFigures(
            target=targets.get(pk, ZERO),
            revenue=revenue.get(pk, ZERO),
            won=closed.won,
            lost=closed.lost,
            won_amount=closed.won_amount,
            cycle_days=closed.cycle_days,
            activities=activities.get(pk, 0),
        )
    return figures
