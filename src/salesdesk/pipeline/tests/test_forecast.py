"""The weighted forecast: per month of expected close, in the company currency, at dated rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from salesdesk.conftest import Personas
from salesdesk.core.fx import fx_rate_set
from salesdesk.core.money import Money
from salesdesk.pipeline.models import Pipeline
from salesdesk.pipeline.selectors import ForecastMonth, forecast
from salesdesk.pipeline.services import opportunity_win
from salesdesk.pipeline.tests.conftest import MakeOpportunity, stage

pytestmark = pytest.mark.django_db

TODAY = date(2030, 3, 15)


def _figures(months: list[ForecastMonth]) -> list[tuple[date, int, Money, Money]]:
    return [(m.month, m.count, m.amount.total.quantized(), m.weighted.total.quantized()) for m in months]


@pytest.fixture
def deals(personas: Personas, pipeline: Pipeline, make_opportunity: MakeOpportunity) -> None:
    # 1 EUR bought 1.25 USD from January, 1.10 USD from March.
    fx_rate_set(currency="USD", valid_on=date(2030, 1, 1), rate=Decimal("1.25"))
    fx_rate_set(currency="USD", valid_on=date(2030, 3, 1), rate=Decimal("1.10"))
    # April, EUR 1,000 in Qualification (10 %)
    make_opportunity("Ovens", amount=Decimal("1000"), expected_close=date(2030, 4, 10))
    # April, USD 2,200 in Proposal (50 %): a future date, so today's rate 1.10 → EUR 2,000
    make_opportunity(
        "Mixers",
        amount=Decimal("2200"),
        currency="USD",
        expected_close=date(2030, 4, 20),
        stage=stage(pipeline, "Proposal"),
    )
    # February (past), USD 1,000 at 30 % set by hand: converted at February's rate 1.25 → EUR 800
    make_opportunity(
        "Proofer", amount=Decimal("1000"), currency="USD", expected_close=date(2030, 2, 10), probability=30
    )
    # Won deals are not forecast any more
    won = make_opportunity("Sold already", amount=Decimal("99999"), expected_close=date(2030, 4, 1))
    opportunity_win(opportunity=won, won_by=personas.rep)
    # Another rep's deal, April, EUR 500 in Negotiation (75 %)
    make_opportunity(
        "Their deal",
        owner=personas.other_rep,
        amount=Decimal("500"),
        expected_close=date(2030, 4, 5),
        stage=stage(pipeline, "Negotiation"),
    )


def test_it_forecasts_a_reps_own_deals_by_month_in_the_company_currency(
    personas: Personas, deals: None
) -> None:
    months = forecast(user=personas.rep, today=TODAY)

    assert _figures(months) == [
        (date(2030, 2, 1), 1, Money(Decimal("800.00"), "EUR"), Money(Decimal("240.00"), "EUR")),
        (date(2030, 4, 1), 2, Money(Decimal("3000.00"), "EUR"), Money(Decimal("1100.00"), "EUR")),
    ]


def test_a_manager_sees_the_team_and_can_narrow_to_one_owner(personas: Personas, deals: None) -> None:
    everyone = forecast(user=personas.manager, today=TODAY)
    one_rep = forecast(user=personas.manager, owner_id=personas.other_rep.pk, today=TODAY)

    assert _figures(everyone)[1] == (
        date(2030, 4, 1),
        3,
        Money(Decimal("3500.00"), "EUR"),
        Money(Decimal("1475.00"), "EUR"),
    )
    assert _figures(one_rep) == [
        (date(2030, 4, 1), 1, Money(Decimal("500.00"), "EUR"), Money(Decimal("375.00"), "EUR"))
    ]


def test_an_outsider_forecasts_nothing_of_another_unit(personas: Personas, deals: None) -> None:
    assert forecast(user=personas.outsider, today=TODAY) == []


def test_a_currency_without_a_rate_is_left_out_and_named(
    personas: Personas, make_opportunity: MakeOpportunity
) -> None:
    make_opportunity("Yen deal", amount=Decimal("100000"), currency="JPY", expected_close=date(2030, 4, 1))
    make_opportunity("Euro deal", amount=Decimal("1000"), expected_close=date(2030, 4, 2))

    [april] = forecast(user=personas.rep, today=TODAY)

    assert april.count == 2
    assert april.amount.total.quantized() == Money(Decimal("1000.00"), "EUR")
    assert april.amount.missing == {"JPY"}


def test_the_forecast_page_shows_the_table_and_an_accessible_chart(
    personas: Personas, make_opportunity: MakeOpportunity
) -> None:
    make_opportunity("Ovens", amount=Decimal("1000"), expected_close=date(2030, 4, 10))
    client = Client()
    client.force_login(personas.rep)

    response = client.get("/pipeline/forecast/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "April 2030" in html
    assert "€1,000.00" in html
    assert "€100.00" in html
    assert 'role="img"' in html
    assert "Weighted forecast by month</title>" in html
    assert "<title>April 2030: €100.00</title>" in html


def test_the_forecast_api_answers_figures_per_month(
    personas: Personas, deals: None, api_client_for: object
) -> None:
    client = api_client_for(personas.rep)  # type: ignore[operator]

    response = client.get("/api/v1/forecast")

    assert response.status_code == 200
    rows = response.json()
    # Today (before 2030) no USD rate was known yet: the USD deals are counted but left out of the sums
    assert rows == [
        {
            "month": "2030-02-01",
            "count": 1,
            "amount": "0.00",
            "weighted": "0.00",
            "currency": "EUR",
            "missing_rates": ["USD"],
        },
        {
            "month": "2030-04-01",
            "count": 2,
            "amount": "1000.00",
            "weighted": "100.00",
            "currency": "EUR",
            "missing_rates": ["USD"],
        },
    ]
