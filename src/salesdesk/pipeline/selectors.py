"""Reads of pipelines, opportunities, the board and the forecast, always scoped to the reader."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Least, RowNumber, TruncMonth
from django.utils import timezone
from django.utils.timesince import timesince

from salesdesk.core.figure_cache import remembered_figures
from salesdesk.core.fx import MissingRateError
from salesdesk.core.models import CompanySettings, FxRate
from salesdesk.core.money import Money
from salesdesk.core.rate_table import RateTable
from salesdesk.core.scoping import get_visible_or_404, visible_to
from salesdesk.customers.models import Activity
from salesdesk.customers.selectors import people_named
from salesdesk.org.models import User
from salesdesk.pipeline.choices import StageKind
from salesdesk.pipeline.models import Competitor, LossReason, Opportunity, Pipeline, Stage, StageChange

# Closed deals stay on the board this long, so a win is seen before it leaves the columns.
BOARD_CLOSED_DAYS = 30
CARDS_PER_COLUMN = 25
DECIMAL = DecimalField(max_digits=30, decimal_places=4)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class OpportunityFilters:
    owner_id: int | None = None
    owner_name: str = ""  # part of a name or a username, as the list's owner field takes it
    team_id: int | None = None
    pipeline_id: int | None = None
    stage_id: int | None = None
    account_id: int | None = None
    competitor_id: int | None = None
    close_from: date | None = None
    close_to: date | None = None
    amount_from: Decimal | None = None
    amount_to: Decimal | None = None
    open_only: bool = False
    search: str = ""


def pipeline_list(*, user: User) -> QuerySet[Pipeline]:
    return visible_to(user, Pipeline).prefetch_related(
        Prefetch("stages", queryset=Stage.objects.order_by("position"))
    )


def pipeline_get(*, user: User, pk: int | str) -> Pipeline:
    return get_visible_or_404(user, pipeline_list(user=user), pk=pk)


def stage_list(*, user: User, pipeline: Pipeline | None = None) -> QuerySet[Stage]:
    stages = visible_to(user, Stage).select_related("pipeline").order_by("pipeline__name", "position")
    return stages.filter(pipeline=pipeline) if pipeline is not None else stages


def competitor_list() -> QuerySet[Competitor]:
    return Competitor.objects.all()


def loss_reason_list() -> QuerySet[LossReason]:
    return LossReason.objects.all()


def opportunity_list(*, user: User, filters: OpportunityFilters | None = None) -> QuerySet[Opportunity]:
    """Opportunities `user` may see, narrowed by `filters`, with what a list row shows joined in."""
    filters = filters or OpportunityFilters()
    rows = visible_to(user, Opportunity).select_related("account", "owner", "stage", "pipeline")
    conditions = Q()
    if filters.owner_id:
        conditions &= Q(owner_id=filters.owner_id)
    if filters.owner_name:
        conditions &= Q(owner__in=people_named(user=user, name=filters.owner_name).values("pk"))
    if filters.team_id:
        conditions &= Q(owner__teams=filters.team_id)
    if filters.pipeline_id:
        conditions &= Q(pipeline_id=filters.pipeline_id)
    if filters.stage_id:
        conditions &= Q(stage_id=filters.stage_id)
    if filters.account_id:
        conditions &= Q(account_id=filters.account_id)
    if filters.competitor_id:
        conditions &= Q(
            pk__in=Opportunity.competitors.through.objects.filter(competitor_id=filters.competitor_id).values(
                "opportunity_id"
            )
        )
    if filters.close_from:
        conditions &= Q(expected_close__gte=filters.close_from)
    if filters.close_to:
        conditions &= Q(expected_close__lte=filters.close_to)
    if filters.amount_from is not None:
        conditions &= Q(amount__gte=filters.amount_from)
    if filters.amount_to is not None:
        conditions &= Q(amount__lte=filters.amount_to)
    if filters.open_only:
        conditions &= Q(stage__kind=StageKind.OPEN)
    if filters.search:
        conditions &= Q(name__icontains=filters.search) | Q(account__name__icontains=filters.search)
    if filters.team_id:
        # A person in the team twice would otherwise appear twice; a subquery keeps rows unique.
        return rows.filter(pk__in=Opportunity.objects.filter(conditions).values("pk"))
    return rows.filter(conditions)


def opportunity_get(*, user: User, pk: int | str) -> Opportunity:
    """One opportunity with its lines and competitors, or 404 when `user` may not see it."""
    rows = opportunity_list(user=user).select_related("contact", "loss_reason", "teed_up_by")
    return get_visible_or_404(user, rows.prefetch_related("lines", "competitors"), pk=pk)


@dataclass(frozen=True)
class StageStay:
    stage: Stage
    entered_at: datetime
    entered_by: User | None
    seconds: int
    is_current: bool

    @property
    def duration(self) -> timedelta:
        return timedelta(seconds=self.seconds)

    @property
    def duration_text(self) -> str:
        """ "3 days, 4 hours" in the reader's language."""
        return timesince(self.entered_at, self.entered_at + self.duration, depth=2)


def stage_history(*, opportunity: Opportunity, now: datetime | None = None) -> list[StageStay]:
    """Each stage the deal has been in, oldest first, with how long it stayed there."""
    now = now or timezone.now()
    changes = list(
        StageChange.objects.filter(opportunity=opportunity).select_related("to_stage", "changed_by")
    )
    stays = []
    for change, following in zip(changes, [*changes[1:], None], strict=True):
        if following is not None:
            seconds = following.seconds_in_previous
        else:
            seconds = max(0, int((now - change.changed_at).total_seconds()))
        stays.append(
            StageStay(
                stage=change.to_stage,
                entered_at=change.changed_at,
                entered_by=change.changed_by,
                seconds=seconds,
                is_current=following is None,
            )
        )
    return stays


def opportunity_activities(*, user: User, opportunity: Opportunity) -> QuerySet[Activity]:
    return visible_to(user, Activity).filter(opportunity=opportunity).select_related("owner")[:50]


@dataclass
class Converted:
    """A sum in the company currency, with the currencies that had no rate left out of it."""

    total: Money
    missing: set[str] = field(default_factory=set)


def _convert_sums(sums: dict[tuple[str, date], Decimal], rates: RateTable) -> Converted:
    """Convert per (currency, day) sums, one conversion per group, never per opportunity."""
    # Summed as plain decimals in a fixed order (the same sum as adding Money one by one, without
    # thousands of intermediate Money objects), wrapped once.
    in_company = Decimal(0)
    missing: set[str] = set()
    for (currency, day), amount in sorted(sums.items()):
        try:
            in_company += rates.to_company(amount, currency, day)
        except MissingRateError:
            missing.add(currency)
    return Converted(Money(in_company, rates.company_currency), missing)


@dataclass
class BoardColumn:
    stage: Stage
    cards: list[Opportunity]  # the first CARDS_PER_COLUMN, soonest expected close first
    total: Converted  # of every deal in the column, not only the cards shown
    count: int

    @property
    def more(self) -> int:
        """Deals in the column beyond the cards shown (the list page holds them all)."""
        return self.count - len(self.cards)


def board_columns(*, user: User, pipeline: Pipeline, today: date | None = None) -> list[BoardColumn]:
    """The kanban board: one column per stage in order, open deals and those closed lately.

    A column shows its CARDS_PER_COLUMN soonest deals; its count and total (in the company currency at
    today's rates) cover all of them. A rep with thousands of open deals gets a board that renders in
    milliseconds, not megabytes: two queries whatever the number of deals.
    """
    today = today or timezone.localdate()
    company = CompanySettings.current().currency
    stages = list(pipeline.stages.order_by("position"))
    deals = opportunity_list(user=user, filters=OpportunityFilters(pipeline_id=pipeline.pk)).filter(
        Q(stage__kind=StageKind.OPEN) | Q(closed_on__gte=today - timedelta(days=BOARD_CLOSED_DAYS))
    )
    soonest_first = [F("expected_close").asc(), F("pk").asc()]
    cards = (
        deals.annotate(place=Window(RowNumber(), partition_by=[F("stage_id")], order_by=soonest_first))
        .filter(place__lte=CARDS_PER_COLUMN)
        .order_by("expected_close", "pk")
    )
    by_stage: dict[int, list[Opportunity]] = defaultdict(list)
    for card in cards:
        by_stage[card.stage_id].append(card)
    counts: dict[int, int] = defaultdict(int)
    sums: dict[int, dict[tuple[str, date], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for stage_id, currency, count, amount in (
        deals.order_by().values_list("stage_id", "currency").annotate(Count("pk"), Sum("amount"))
    ):
        counts[stage_id] += count
        sums[stage_id][(currency, today)] += amount
    rates = RateTable(company, {currency for group in sums.values() for currency, _day in group}, today)
    return [
        BoardColumn(
            stage=stage,
            cards=by_stage[stage.pk],
            total=_convert_sums(sums[stage.pk], rates),
            count=counts[stage.pk],
        )
        for stage in stages
    ]


@dataclass(frozen=True)
class DealSums:
    by: dict[str, Any]  # the group's values, by field or expression name
    deals: int
    amount: Decimal  # in the deals' own currency: group by currency to convert
    weighted: Decimal  # amount × effective probability (the deal's own, else its stage's)


def deals_stamp() -> tuple[Any, ...]:
    """What changes whenever a deal or a stage is added or saved, or an exchange rate recorded: the key
    under which summed deals are remembered (`core.figure_cache`). One query over four indexes."""
    history = Opportunity.history.model._meta.db_table
    with connection.cursor() as cursor:
        # Table names from the models' own meta, nothing a person typed.
        sql = (
            f"SELECT (SELECT max(id) FROM {Opportunity._meta.db_table}),"  # noqa: S608
            f" (SELECT max(history_id) FROM {history}),"
            f" (SELECT max(updated_at) FROM {Stage._meta.db_table}),"
            f" (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(rate), 0)"
            f" FROM {FxRate._meta.db_table})"
        )
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def summed_deals(deals: QuerySet[Opportunity], fields: Sequence[str], **expressions: Any) -> list[DealSums]:
    """`deals` summed by the database per group of `fields` and named `expressions`.

    A team's hundreds of thousands of open deals come back as a few hundred groups instead of being
    read into Python one by one (the forecast and the monthly report's pipeline); the groups are
    remembered until a deal changes.
    """
    names = [*fields, *expressions]
    rows = (
        deals.order_by()
        .annotate(**expressions, effective=Coalesce(F("probability"), F("stage__probability")))
        .values(*names)
        .annotate(
            deal_count=Count("pk"),
            amount_sum=Sum("amount"),
            amount_percent=Sum(ExpressionWrapper(F("amount") * F("effective"), output_field=DECIMAL)),
        )
    )

    def compute() -> list[DealSums]:
        return [
            DealSums(
                by={name: row[name] for name in names},
                deals=row["deal_count"],
                amount=row["amount_sum"],
                weighted=row["amount_percent"] / HUNDRED,
            )
            for row in rows
        ]

    sql, params = rows.query.sql_with_params()
    return remembered_figures("summed-deals", asked=(sql, params), stamp=deals_stamp(), compute=compute)


@dataclass
class ForecastMonth:
    month: date
    count: int
    amount: Converted
    weighted: Converted


def forecast(
    *, user: User, owner_id: int | None = None, team_id: int | None = None, today: date | None = None
) -> list[ForecastMonth]:
    """Open deals by month of expected close: amount and amount × effective probability.

    Both are in the company currency, each deal converted at the rate of its expected close or of
    today, whichever is earlier (a rate of the future is not known yet).
    """
    today = today or timezone.localdate()
    company = CompanySettings.current().currency
    # Per month, currency and rate day (a deal's expected close, or today for the ones still ahead).
    deals = opportunity_list(
        user=user, filters=OpportunityFilters(owner_id=owner_id, team_id=team_id, open_only=True)
    )
    groups = summed_deals(
        deals,
        ["currency"],
        month=TruncMonth("expected_close"),
        rate_day=Least(F("expected_close"), Value(today, output_field=DateField())),
    )
    counts: dict[date, int] = defaultdict(int)
    amounts: dict[date, dict[tuple[str, date], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    weighted: dict[date, dict[tuple[str, date], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for group in groups:
        month, key = group.by["month"], (group.by["currency"], group.by["rate_day"])
        counts[month] += group.deals
        amounts[month][key] += group.amount
        weighted[month][key] += group.weighted
    rates = RateTable(company, {currency for sums in amounts.values() for currency, _day in sums}, today)
    return [
        ForecastMonth(
            month=month,
            count=counts[month],
            amount=_convert_sums(amounts[month], rates),
            weighted=_convert_sums(weighted[month], rates),
        )
        for month in sorted(counts)
    ]


def overdue_opportunities(*, owner: User, today: date) -> QuerySet[Opportunity]:
    """The owner's open deals whose expected close has passed (for the worklist)."""
    return Opportunity.objects.filter(
        owner=owner, stage__kind=StageKind.OPEN, expected_close__lt=today
    ).select_related("account", "stage")
