"""K2: the seed's market analysis table for one period and segment: our sales, the market's size, our
share of it and customer satisfaction, each this period, against the previous period (month over month,
or quarter over quarter) and the same period last year, in absolute terms and in per cent; and the same
figures over the last twelve periods for the chart.

Six queries whatever the range: company settings, the sales (rollups, or one grouped order query for a
segment), market sizes, their exchange rates, satisfaction scores and the saved comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from salesdesk.core.models import CompanySettings
from salesdesk.core.periods import FiscalCalendar, Period, PeriodKind
from salesdesk.customers.models import Segment
from salesdesk.performance.market_inputs import market_inputs
from salesdesk.performance.market_sales import segment_sales_by_month, unit_sales_by_month
from salesdesk.performance.models import MarketComment
from salesdesk.planning.plan_vs_actual import percent

ZERO = Decimal(0)
TENTH = Decimal("0.1")
CHART_PERIODS = 12


class Indicator:
    SALES = "sales"
    MARKET_SIZE = "market_size"
    SHARE = "share"
    SATISFACTION = "satisfaction"


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    period: Period
    sales: Decimal
    market_size: Decimal | None  # company currency
    satisfaction: Decimal | None  # 0–100

    @property
    def share(self) -> Decimal | None:
        """Our sales as a percentage of the market, one decimal."""
        return percent(self.sales, self.market_size) if self.market_size is not None else None

    def value(self, indicator: str) -> Decimal | None:
        return {
            Indicator.SALES: self.sales,
            Indicator.MARKET_SIZE: self.market_size,
            Indicator.SHARE: self.share,
            Indicator.SATISFACTION: self.satisfaction,
        }[indicator]


@dataclass(frozen=True, slots=True)
class Change:
    """From `before` to `now`: the difference (money, or points for a share or a score) and per cent."""

    before: Decimal | None
    now: Decimal | None

    @property
    def absolute(self) -> Decimal | None:
        if self.before is None or self.now is None:
            return None
        return self.now - self.before

    @property
    def relative(self) -> Decimal | None:
        if self.before is None or self.now is None or not self.before:
            return None
        return ((self.now - self.before) * 100 / self.before).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MarketAnalysis:
    business_unit_id: int
    segment: Segment | None
    current: PeriodFigures
    previous: PeriodFigures
    last_year: PeriodFigures
    series: list[PeriodFigures]  # the last twelve periods, oldest first, ending with the current one
    currency: str
    comment: MarketComment | None

    @property
    def period(self) -> Period:
        return self.current.period

    def change(self, indicator: str, *, against: str) -> Change:
        before = self.previous if against == "previous" else self.last_year
        return Change(before.value(indicator), self.current.value(indicator))


def previous_periods(calendar: FiscalCalendar, period: Period, count: int) -> list[Period]:
    """`count` periods ending with `period`, oldest first."""
    periods = [period]
    while len(periods) < count:
        periods.insert(0, calendar.previous(periods[0]))
    return periods


def _sales_per_period(
    months: dict[date, Decimal], periods: list[Period], calendar: FiscalCalendar
) -> dict[date, Decimal]:
    totals = {}
    for period in periods:
        starts = [
            month.start for month in calendar.periods_between(period.start, period.end, PeriodKind.MONTH)
        ]
        totals[period.start] = sum((months.get(start, ZERO) for start in starts), ZERO)
    return totals


def market_analysis(
    *,
    business_unit_id: int,
    segment: Segment | None,
    period: Period,
    calendar: FiscalCalendar,
) -> MarketAnalysis:
    company = CompanySettings.current()
    series_periods = previous_periods(calendar, period, CHART_PERIODS)
    last_year = calendar.same_period_last_year(period)
    previous = calendar.previous(period)
    periods = sorted({*series_periods, last_year, previous}, key=lambda item: item.start)
    first_day, last_day = periods[0].start, periods[-1].end
    if segment is None:
        months = unit_sales_by_month(
            business_unit_id=business_unit_id, first_month=first_day, last_month=last_day.replace(day=1)
        )
    else:
        months = segment_sales_by_month(
            segment_id=segment.pk, first_day=first_day, last_day=last_day, company=company
        )
    sales = _sales_per_period(months, periods, calendar)
    inputs = market_inputs(
        business_unit_id=business_unit_id,
        segment_id=segment.pk if segment else None,
        first_day=first_day,
        last_day=last_day,
        calendar=calendar,
        company=company,
    )
    figures = {
        item.start: PeriodFigures(
            item, sales[item.start], inputs.market_size(item), inputs.satisfaction_score(item)
        )
        for item in periods
    }
    comment = MarketComment.objects.filter(
        business_unit_id=business_unit_id,
        period_kind=period.kind,
        period_start=period.start,
        segment=segment,
    ).first()
    return MarketAnalysis(
        business_unit_id=business_unit_id,
        segment=segment,
        current=figures[period.start],
        previous=figures[previous.start],
        last_year=figures[last_year.start],
        series=[figures[item.start] for item in series_periods],
        currency=company.currency,
        comment=comment,
    )
