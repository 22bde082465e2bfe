"""The company's fiscal calendar: weeks, months, quarters and years, with a configurable first month.

A fiscal year is named after the calendar year in which it ends (FY2027 runs April 2026 to March 2027 when
the year starts in April), as most companies do. Weeks run Monday to Sunday and belong to the fiscal year
that holds their Thursday, which for a January start is exactly ISO 8601 week numbering.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class PeriodKind(models.TextChoices):
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def next_month(day: date) -> date:
    """The first day of the calendar month after the one holding `day`."""
    return _add_months(day, 1)


def previous_month(day: date) -> date:
    """The first day of the calendar month before the one holding `day`."""
    return _add_months(day, -1)


def month_end(day: date) -> date:
    """The last day of the calendar month holding `day`."""
    return next_month(day) - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Period:
    kind: PeriodKind
    start: date
    end: date  # inclusive
    fiscal_year: int
    number: int  # 1-based position inside the fiscal year (week 1..53, month 1..12, quarter 1..4)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def key(self) -> str:
        """A stable identifier, e.g. 2027-Q2, 2027-M05, 2027-W09, 2027."""
        prefix = {PeriodKind.WEEK: "W", PeriodKind.MONTH: "M", PeriodKind.QUARTER: "Q"}.get(self.kind)
        if prefix is None:
            return f"{self.fiscal_year}"
        width = 1 if self.kind == PeriodKind.QUARTER else 2
        return f"{self.fiscal_year}-{prefix}{self.number:0{width}d}"

    def label(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return pgettext("fiscal year label", "FY %(year)s") % {"year": self.fiscal_year}
        if self.kind == PeriodKind.QUARTER:
            return pgettext("fiscal quarter label", "Q%(number)s FY %(year)s") % {
                "number": self.number,
                "year": self.fiscal_year,
            }
        if self.kind == PeriodKind.MONTH:
            return date_format(self.start, "YEAR_MONTH_FORMAT")
        return pgettext("fiscal week label", "Week %(number)s, FY %(year)s") % {
            "number": self.number,
            "year": self.fiscal_year,
        }


class FiscalCalendar:
    def __init__(self, start_month: int = 1) -> None:
        if not 1 <= start_month <= 12:
            raise ValueError(f"A fiscal year starts in month 1 to 12, not {start_month}.")
        self.start_month = start_month

    def year_start(self, fiscal_year: int) -> date:
        calendar_year = fiscal_year if self.start_month == 1 else fiscal_year - 1
        return date(calendar_year, self.start_month, 1)

    def fiscal_year_of(self, day: date) -> int:
        if self.start_month == 1:
            return day.year
        return day.year + 1 if day.month >= self.start_month else day.year

    def period(self, day: date, kind: PeriodKind | str) -> Period:
        kind = PeriodKind(kind)
        if kind == PeriodKind.WEEK:
            return self._week(day)
        fiscal_year = self.fiscal_year_of(day)
        year_start = self.year_start(fiscal_year)
        months_in = (day.year - year_start.year) * 12 + day.month - year_start.month
        span = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[kind]
        index = months_in // span
        start = _add_months(year_start, index * span)
        end = _add_months(start, span) - timedelta(days=1)
        return Period(kind, start, end, fiscal_year, index + 1)

    def _week(self, day: date) -> Period:
        start = day - timedelta(days=day.weekday())
        thursday = start + timedelta(days=3)
        fiscal_year = self.fiscal_year_of(thursday)
        number = (start - self._first_monday(fiscal_year)).days // 7 + 1
        return Period(PeriodKind.WEEK, start, start + timedelta(days=6), fiscal_year, number)

    def _first_monday(self, fiscal_year: int) -> date:
        # Week 1 is the week that holds the first Thursday on or after the fiscal year's first day.
        year_start = self.year_start(fiscal_year)
        first_thursday = year_start + timedelta(days=(3 - year_start.weekday()) % 7)
        return first_thursday - timedelta(days=3)

    def next(self, period: Period) -> Period:
        return self.period(period.end + timedelta(days=1), period.kind)

    def previous(self, period: Period) -> Period:
        return self.period(period.start - timedelta(days=1), period.kind)

    def same_period_last_year(self, period: Period) -> Period:
        if period.kind == PeriodKind.WEEK:
            # The same week number a year earlier; a 53rd week maps to that year's last week.
            last_year_week_one = self._first_monday(period.fiscal_year - 1)
            candidate = self.period(last_year_week_one + timedelta(weeks=period.number - 1), PeriodKind.WEEK)
            if candidate.fiscal_year != period.fiscal_year - 1:
                candidate = self.previous(candidate)
            return candidate
        return self.period(_add_months(period.start, -12), period.kind)

    def periods_between(self, first: date, last: date, kind: PeriodKind | str) -> Iterator[Period]:
        period = self.period(first, kind)
        while period.start <= last:
            yield period
            period = self.next(period)


def company_calendar() -> FiscalCalendar:
    from salesdesk.core.models import CompanySettings

    return FiscalCalendar(CompanySettings.current().fiscal_year_start_month)
