"""When a month's numbers are due and when its report goes out, counted in working days (Monday to
Friday) of the following month."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from salesdesk.core.periods import next_month
from salesdesk.reports.models import ReportSettings


def nth_working_day(start: date, n: int) -> date:
    """The n-th Monday-to-Friday day on or after `start` (n=1 is `start` itself if it is one)."""
    day = start
    counted = 0
    while True:
        if day.weekday() < 5:
            counted += 1
            if counted >= n:
                return day
        day += timedelta(days=1)


def working_days_after(day: date, n: int) -> date:
    """The n-th working day after `day` (`day` itself for n=0)."""
    return nth_working_day(day + timedelta(days=1), n) if n else day


def submission_deadline(month: date, settings_row: ReportSettings | None = None) -> date:
    row = settings_row or ReportSettings.current()
    return nth_working_day(next_month(month), row.submission_working_day)


def report_day(month: date, settings_row: ReportSettings | None = None) -> date:
    row = settings_row or ReportSettings.current()
    return working_days_after(submission_deadline(month, row), row.report_working_days_after)


def parse_month(value: str, *, field: str = "month") -> date:
    """ "2026-11" (or a full date) as the month's first day; a ValidationError naming `field` otherwise."""
    text = (value or "").strip()
    try:
        parsed = date.fromisoformat(f"{text}-01" if len(text) == 7 else text)
    except ValueError:
        raise ValidationError(
            {field: _("Give the month as YYYY-MM, for example 2026-11.")}, code="invalid"
        ) from None
    return parsed.replace(day=1)
