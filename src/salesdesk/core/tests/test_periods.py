"""The fiscal calendar, checked as properties over any day and any first month of the fiscal year."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from salesdesk.core.periods import FiscalCalendar, PeriodKind

days = st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 31))
start_months = st.integers(min_value=1, max_value=12)
kinds = st.sampled_from(list(PeriodKind))
ONE_DAY = timedelta(days=1)


@given(day=days, start_month=start_months, kind=kinds)
def test_every_period_contains_its_day(day: date, start_month: int, kind: PeriodKind) -> None:
    period = FiscalCalendar(start_month).period(day, kind)

    assert day in period
    assert period.start <= day <= period.end


@given(day=days, start_month=start_months, kind=kinds)
def test_consecutive_periods_tile_without_gap_or_overlap(
    day: date, start_month: int, kind: PeriodKind
) -> None:
    calendar = FiscalCalendar(start_month)
    period = calendar.period(day, kind)

    following = calendar.next(period)
    preceding = calendar.previous(period)

    assert following.start == period.end + ONE_DAY
    assert preceding.end == period.start - ONE_DAY
    assert calendar.previous(following) == period
    assert calendar.next(preceding) == period


@pytest.mark.parametrize(
    ("kind", "count"), [(PeriodKind.MONTH, 12), (PeriodKind.QUARTER, 4), (PeriodKind.YEAR, 1)]
)
@given(day=days, start_month=start_months)
def test_a_fiscal_year_has_12_months_4_quarters_and_1_year(
    kind: PeriodKind, count: int, day: date, start_month: int
) -> None:
    calendar = FiscalCalendar(start_month)
    fiscal_year = calendar.fiscal_year_of(day)
    first_day = calendar.year_start(fiscal_year)
    last_day = calendar.year_start(fiscal_year + 1) - ONE_DAY

    periods = list(calendar.periods_between(first_day, last_day, kind))

    assert [p.number for p in periods] == list(range(1, count + 1))
    assert {p.fiscal_year for p in periods} == {fiscal_year}
    assert periods[0].start == first_day
    assert periods[-1].end == last_day


@given(day=days, start_month=start_months)
def test_weeks_run_monday_to_sunday(day: date, start_month: int) -> None:
    week = FiscalCalendar(start_month).period(day, PeriodKind.WEEK)

    assert week.start.weekday() == 0
    assert week.end.weekday() == 6
    assert week.days == 7


@given(day=days, start_month=start_months)
def test_week_numbers_count_up_from_one_inside_the_fiscal_year(day: date, start_month: int) -> None:
    calendar = FiscalCalendar(start_month)
    week = calendar.period(day, PeriodKind.WEEK)
    following = calendar.next(week)

    assert 1 <= week.number <= 53
    if following.fiscal_year == week.fiscal_year:
        assert following.number == week.number + 1
    else:
        assert following.number == 1
        assert week.number in (52, 53)


@given(day=days)
def test_with_a_january_start_weeks_are_iso_weeks(day: date) -> None:
    week = FiscalCalendar(1).period(day, PeriodKind.WEEK)

    iso = day.isocalendar()
    assert (week.fiscal_year, week.number) == (iso.year, iso.week)


@pytest.mark.parametrize("kind", [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR])
@given(day=days, start_month=start_months)
def test_same_period_last_year_has_the_same_number_one_year_earlier(
    kind: PeriodKind, day: date, start_month: int
) -> None:
    calendar = FiscalCalendar(start_month)
    period = calendar.period(day, kind)

    last_year = calendar.same_period_last_year(period)

    assert (last_year.kind, last_year.fiscal_year, last_year.number) == (
        kind,
        period.fiscal_year - 1,
        period.number,
    )


@given(day=days, start_month=start_months)
def test_same_week_last_year_has_the_same_number_or_is_the_last_week(day: date, start_month: int) -> None:
    calendar = FiscalCalendar(start_month)
    week = calendar.period(day, PeriodKind.WEEK)

    last_year = calendar.same_period_last_year(week)

    assert last_year.kind == PeriodKind.WEEK
    assert last_year.fiscal_year == week.fiscal_year - 1
    if last_year.number != week.number:
        # week 53 without a twin: the last week of the previous fiscal year
        assert (week.number, last_year.number) == (53, 52)
        assert calendar.next(last_year).fiscal_year == week.fiscal_year


def test_week_53_maps_to_week_52_when_last_year_had_no_53rd_week() -> None:
    calendar = FiscalCalendar(1)
    week_53 = calendar.period(date(2026, 12, 31), PeriodKind.WEEK)  # ISO 2026-W53

    last_year = calendar.same_period_last_year(week_53)

    assert (week_53.fiscal_year, week_53.number) == (2026, 53)
    assert (last_year.fiscal_year, last_year.number) == (2025, 52)
    assert (last_year.start, last_year.end) == (date(2025, 12, 22), date(2025, 12, 28))


def test_a_fiscal_year_starting_in_april_names_the_year_it_ends_in() -> None:
    calendar = FiscalCalendar(4)

    quarter = calendar.period(date(2026, 4, 1), PeriodKind.QUARTER)
    month = calendar.period(date(2026, 4, 1), PeriodKind.MONTH)
    year = calendar.period(date(2026, 4, 1), PeriodKind.YEAR)

    assert (quarter.fiscal_year, quarter.number, quarter.key) == (2027, 1, "2027-Q1")
    assert (quarter.start, quarter.end) == (date(2026, 4, 1), date(2026, 6, 30))
    assert (month.fiscal_year, month.number, month.key) == (2027, 1, "2027-M01")
    assert (year.start, year.end, year.key) == (date(2026, 4, 1), date(2027, 3, 31), "2027")


def test_the_day_before_an_april_start_closes_the_previous_fiscal_year() -> None:
    calendar = FiscalCalendar(4)

    month = calendar.period(date(2026, 3, 31), PeriodKind.MONTH)
    quarter = calendar.period(date(2026, 3, 31), PeriodKind.QUARTER)

    assert (month.fiscal_year, month.number, month.key) == (2026, 12, "2026-M12")
    assert (quarter.fiscal_year, quarter.number) == (2026, 4)


def test_labels_in_english() -> None:
    calendar = FiscalCalendar(4)
    day = date(2026, 4, 1)

    with translation.override("en"):
        assert calendar.period(day, PeriodKind.YEAR).label() == "FY 2027"
        assert calendar.period(day, PeriodKind.QUARTER).label() == "Q1 FY 2027"
        assert calendar.period(day, PeriodKind.WEEK).label() == "Week 1, FY 2027"


@pytest.mark.parametrize("start_month", [0, 13])
def test_a_start_month_outside_1_to_12_is_refused(start_month: int) -> None:
    with pytest.raises(ValueError, match=f"not {start_month}"):
        FiscalCalendar(start_month)
