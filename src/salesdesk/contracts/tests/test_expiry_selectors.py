"""Which contracts end in a month or fiscal quarter, who sees them, and what they are worth."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from salesdesk.conftest import Personas
from salesdesk.contracts.choices import ContractStatus
from salesdesk.contracts.expiry import (
    ExpiryFilters,
    expiring_contracts,
    expiring_soon,
    expiring_value_by_month,
    expiry_period,
    expiry_totals,
    group_contracts,
)
from salesdesk.contracts.tests.expiry_data import make_contract
from salesdesk.core.fx import fx_rate_set
from salesdesk.core.models import CompanySettings
from salesdesk.core.periods import FiscalCalendar, PeriodKind
from salesdesk.org.choices import Role
from salesdesk.testing.factories import make_user

TODAY = date(2026, 11, 23)


@pytest.fixture
def april_fiscal_year(db: None) -> FiscalCalendar:
    settings_row = CompanySettings.current()
    settings_row.fiscal_year_start_month = 4
    settings_row.save()
    return FiscalCalendar(4)


def _numbers(rows: object) -> list[str]:
    return [contract.number for contract in rows]  # type: ignore[attr-defined]


def test_a_month_holds_the_contracts_ending_from_its_first_to_its_last_day(
    personas: Personas, april_fiscal_year: FiscalCalendar
) -> None:
    rep = personas.rep
    before = make_contract(rep, date(2026, 11, 30))
    first = make_contract(rep, date(2026, 12, 1))
    last = make_contract(rep, date(2026, 12, 31))
    after = make_contract(rep, date(2027, 1, 1))

    month = expiry_period(kind="month", around=date(2026, 12, 1), calendar=april_fiscal_year)
    rows = expiring_contracts(user=rep, start=month.start, end=month.end)

    assert (month.start, month.end) == (date(2026, 12, 1), date(2026, 12, 31))
    assert _numbers(rows) == [first.number, last.number]
    assert before.number not in _numbers(rows)
    assert after.number not in _numbers(rows)


def test_a_quarter_follows_the_fiscal_year_that_starts_in_april(
    personas: Personas, april_fiscal_year: FiscalCalendar
) -> None:
    rep = personas.rep
    make_contract(rep, date(2026, 9, 30))  # last day of fiscal Q2
    q3_first = make_contract(rep, date(2026, 10, 1))
    q3_last = make_contract(rep, date(2026, 12, 31))
    make_contract(rep, date(2027, 1, 1))  # first day of fiscal Q4

    quarter = expiry_period(kind="quarter", around=date(2026, 11, 15), calendar=april_fiscal_year)
    rows = expiring_contracts(user=rep, start=quarter.start, end=quarter.end)

    assert (quarter.start, quarter.end, quarter.number, quarter.fiscal_year) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
        3,
        2027,
    )
    assert _numbers(rows) == [q3_first.number, q3_last.number]
    q4 = april_fiscal_year.next(quarter)
    assert (q4.start, q4.end) == (date(2027, 1, 1), date(2027, 3, 31))


def test_only_signed_contracts_count(personas: Personas) -> None:
    signed = make_contract(personas.rep, date(2026, 12, 10))
    for status in (
        ContractStatus.DRAFT,
        ContractStatus.TERMINATED,
        ContractStatus.CANCELLED,
        ContractStatus.RENEWED,
    ):
        make_contract(personas.rep, date(2026, 12, 10), status=status)

    rows = expiring_contracts(user=personas.rep, start=date(2026, 12, 1), end=date(2026, 12, 31))

    assert _numbers(rows) == [signed.number]


def test_a_rep_sees_their_own_a_manager_their_line_and_nobody_another_teams(personas: Personas) -> None:
    other_manager = make_user("other_manager", roles=[Role.MANAGER], business_unit=personas.unit)
    other_teams_rep = make_user(
        "other_teams_rep", roles=[Role.SALES_REP], business_unit=personas.unit, manager=other_manager
    )
    day = date(2026, 12, 15)
    mine = make_contract(personas.rep, day)
    colleagues = make_contract(personas.other_rep, day)
    other_teams = make_contract(other_teams_rep, day)
    other_units = make_contract(personas.outsider, day)

    def seen_by(user: object, **filters: int) -> set[str]:
        rows = expiring_contracts(
            user=user,  # type: ignore[arg-type]
            start=date(2026, 12, 1),
            end=date(2026, 12, 31),
            filters=ExpiryFilters(**filters),
        )
        return set(_numbers(rows))

    assert seen_by(personas.rep) == {mine.number}
    assert seen_by(personas.manager) == {mine.number, colleagues.number}
    assert seen_by(other_manager) == {other_teams.number}
    assert seen_by(personas.outsider) == {other_units.number}
    assert seen_by(personas.coordinator) == {mine.number, colleagues.number, other_teams.number}
    # The filters narrow what the person may see, and never widen it.
    assert seen_by(personas.coordinator, team_id=personas.manager.pk) == {mine.number, colleagues.number}
    assert seen_by(personas.coordinator, owner_id=personas.other_rep.pk) == {colleagues.number}
    assert seen_by(personas.manager, team_id=other_manager.pk) == set()
    assert seen_by(personas.rep, owner_id=personas.other_rep.pk) == set()


def test_totals_are_given_per_currency_and_in_the_company_currency(personas: Personas) -> None:
    fx_rate_set(currency="USD", valid_on=date(2026, 1, 1), rate=Decimal("1.25"))
    make_contract(personas.rep, date(2026, 12, 3), value="1000", currency="EUR")
    make_contract(personas.rep, date(2026, 12, 20), value="500", currency="EUR")
    make_contract(personas.rep, date(2026, 12, 21), value="1000", currency="USD")
    make_contract(personas.rep, date(2026, 12, 22), value="900", currency="CHF")  # no rate known

    month = expiry_period(kind="month", around=date(2026, 12, 1), calendar=FiscalCalendar(1))
    totals = expiry_totals(user=personas.rep, period=month, today=TODAY)

    assert totals.count == 4
    assert [(m.currency, m.amount) for m in totals.by_currency] == [
        ("CHF", Decimal("900")),
        ("EUR", Decimal("1500")),
        ("USD", Decimal("1000")),
    ]
    assert totals.company.currency == "EUR"
    assert totals.company.quantized().amount == Decimal("2300.00")  # 1500 EUR + 1000 USD / 1.25
    assert totals.missing == ["CHF"]


def test_the_years_outlook_has_every_month_even_empty_ones(personas: Personas) -> None:
    make_contract(personas.rep, date(2026, 12, 1), value="100")
    make_contract(personas.rep, date(2026, 12, 31), value="200")
    make_contract(personas.rep, date(2027, 3, 15), value="50")
    make_contract(personas.rep, date(2027, 12, 1), value="999")  # the 13th month: outside

    months = expiring_value_by_month(user=personas.rep, first_month=date(2026, 12, 1), today=TODAY)

    assert [m.month for m in months][:4] == [
        date(2026, 12, 1),
        date(2027, 1, 1),
        date(2027, 2, 1),
        date(2027, 3, 1),
    ]
    assert len(months) == 12
    assert [m.totals.company.amount for m in months][:4] == [Decimal(300), 0, 0, Decimal(50)]
    assert [m.totals.count for m in months] == [2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]


def test_a_month_is_grouped_by_week_cut_at_the_months_edges(personas: Personas) -> None:
    month = expiry_period(kind="month", around=date(2026, 12, 1), calendar=FiscalCalendar(1))
    contracts = [
        make_contract(personas.rep, day)
        for day in (date(2026, 12, 1), date(2026, 12, 6), date(2026, 12, 7), date(2026, 12, 31))
    ]

    groups = group_contracts(contracts, period=month)

    assert [(g.start, g.end, len(g.contracts)) for g in groups] == [
        (date(2026, 12, 1), date(2026, 12, 6), 2),  # the week of Monday 30 November, from the 1st
        (date(2026, 12, 7), date(2026, 12, 13), 1),
        (date(2026, 12, 28), date(2026, 12, 31), 1),
    ]
    assert {g.kind for g in groups} == {PeriodKind.WEEK}


def test_a_quarter_is_grouped_by_month(personas: Personas) -> None:
    quarter = expiry_period(kind="quarter", around=date(2026, 10, 1), calendar=FiscalCalendar(4))
    contracts = [make_contract(personas.rep, day) for day in (date(2026, 10, 5), date(2026, 12, 31))]

    groups = group_contracts(contracts, period=quarter)

    assert [(g.start, g.end, g.kind) for g in groups] == [
        (date(2026, 10, 1), date(2026, 10, 31), PeriodKind.MONTH),
        (date(2026, 12, 1), date(2026, 12, 31), PeriodKind.MONTH),
    ]


def test_expiring_soon_is_the_owners_contracts_ending_from_today_within_the_days(personas: Personas) -> None:
    make_contract(personas.rep, date(2026, 11, 22))  # ended yesterday
    today = make_contract(personas.rep, TODAY)
    last_day = make_contract(personas.rep, date(2027, 1, 22))
    make_contract(personas.rep, date(2027, 1, 23))  # a day too far
    make_contract(personas.other_rep, date(2026, 12, 1))  # someone else's

    rows = expiring_soon(owner=personas.rep, today=TODAY, days=60)

    assert _numbers(rows) == [today.number, last_day.number]
