"""K2: the entered market sizes and satisfaction scores of a range of periods, one query each, resolved
per period.

A quarter without an entry of its own takes the sum of its three months' market sizes when all three were
entered, and the answer-weighted mean of whatever months have a satisfaction score. Market sizes are
converted to company currency at the rate of the period's last day. Satisfaction is compared on 0–100:
a five-point score reads as people read it (4.2 of 5 is 84).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from salesdesk.core.models import CompanySettings
from salesdesk.core.periods import FiscalCalendar, Period, PeriodKind
from salesdesk.core.rate_table import RateTable
from salesdesk.performance.choices import MarketPeriodKind, SatisfactionScale
from salesdesk.performance.models import MarketSize, SatisfactionScore

TENTH = Decimal("0.1")


def on_hundred(score: Decimal, scale: str) -> Decimal:
    return score * 20 if scale == SatisfactionScale.FIVE_POINT else score


@dataclass(frozen=True)
class MarketInputs:
    """Entries keyed by (period kind, period start) for one unit and segment."""

    sizes: dict[tuple[str, date], Decimal]  # in company currency
    satisfaction: dict[tuple[str, date], tuple[Decimal, int]]  # 0–100 and the weight (answers)
    calendar: FiscalCalendar

    def market_size(self, period: Period) -> Decimal | None:
        own = self.sizes.get((period.kind, period.start))
        if own is not None or period.kind != PeriodKind.QUARTER:
            return own
        months = [self.sizes.get((MarketPeriodKind.MONTH, start)) for start in self._months(period)]
        if any(size is None for size in months):
            return None
        return sum((size for size in months if size is not None), Decimal(0))

    def satisfaction_score(self, period: Period) -> Decimal | None:
        own = self.satisfaction.get((period.kind, period.start))
        if own is not None:
            return own[0]
        if period.kind != PeriodKind.QUARTER:
            return None
        months = [
            self.satisfaction[(MarketPeriodKind.MONTH, start)]
            for start in self._months(period)
            if (MarketPeriodKind.MONTH, start) in self.satisfaction
        ]
        weight = sum(answers for _score, answers in months)
        if not weight:
            return None
        total = sum((score * answers for score, answers in months), Decimal(0))
        return (total / weight).quantize(TENTH, rounding=ROUND_HALF_UP)

    def _months(self, quarter: Period) -> Iterable[date]:
        return [
            month.start
            for month in self.calendar.periods_between(quarter.start, quarter.end, PeriodKind.MONTH)
        ]


def market_inputs(
    *,
    business_unit_id: int,
    segment_id: int | None,
    first_day: date,
    last_day: date,
    calendar: FiscalCalendar,
    company: CompanySettings,
) -> MarketInputs:
    where = {
        "business_unit_id": business_unit_id,
        "period_start__gte": first_day,
        "period_start__lte": last_day,
    }
    where.update({"segment_id": segment_id} if segment_id else {"segment__isnull": True})
    size_rows = list(
        MarketSize.objects.filter(**where).values_list("period_kind", "period_start", "amount", "currency")
    )
    rates = RateTable(company.currency, {currency for *_rest, currency in size_rows}, last_day)
    sizes = {}
    for kind, start, amount, currency in size_rows:
        period_end = calendar.period(start, kind).end
        sizes[(kind, start)] = rates.to_company_rounded(amount, currency, min(period_end, last_day))
    satisfaction = {
        (kind, start): (on_hundred(score, scale), answers or 1)
        for kind, start, score, scale, answers in SatisfactionScore.objects.filter(**where).values_list(
            "period_kind", "period_start", "score", "scale", "sample_size"
        )
    }
    return MarketInputs(sizes, satisfaction, calendar)
