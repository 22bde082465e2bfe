"""H1: the stretch of fiscal time peers are compared over (a month, a quarter, a year, or the year so far).

Targets and revenue come from monthly plans and monthly rollups, so they cover the whole months the window
touches (the running month counts whole, as in plan vs actual's drill-down); opportunities and activities
count by their day inside the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from salesdesk.core.periods import FiscalCalendar, PeriodKind
from salesdesk.performance.choices import PeerPeriod


@dataclass(frozen=True, slots=True)
class PeerWindow:
    kind: str
    first_day: date
    last_day: date
    label: str

    @property
    def first_month(self) -> date:
        return self.first_day.replace(day=1)

    @property
    def last_month(self) -> date:
        return self.last_day.replace(day=1)


def peer_window(*, kind: str, day: date, calendar: FiscalCalendar) -> PeerWindow:
    """The window of `kind` holding `day`; the year to date runs from the fiscal year's start to `day`
    (today unless told)."""
    if kind == PeerPeriod.YEAR_TO_DATE:
        year = calendar.period(day, PeriodKind.YEAR)
        label = _("FY %(year)s to %(day)s") % {
            "year": year.fiscal_year,
            "day": date_format(day, "SHORT_DATE_FORMAT"),
        }
        return PeerWindow(kind, year.start, min(day, year.end), label)
    period = calendar.period(day, PeriodKind(kind))
    return PeerWindow(kind, period.start, period.end, period.label())
