"""Peers and market analysis cost as many queries for 50 peers, segments or sales as for 1.

| List                    | Kind | Where tested                                                   |
|-------------------------|------|----------------------------------------------------------------|
| /performance/peers/     | page | here                                                           |
| /api/v1/peers           | API  | here                                                           |
| /performance/market/    | page | here (fixed indicators: 50 segments offered, 50 sales summed)  |
| /api/v1/market-analysis | API  | here (fixed indicators: 50 sales summed into one segment)      |
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from salesdesk.conftest import Personas
from salesdesk.core.fx import fx_rate_set
from salesdesk.customers.choices import ActivityKind
from salesdesk.customers.models import Account, Segment
from salesdesk.customers.services import activity_log
from salesdesk.org.choices import Role
from salesdesk.org.models import JobTitle
from salesdesk.performance.choices import PeerPeriod
from salesdesk.performance.tests.conftest import close_deal, sell, yearly_revenue_goal
from salesdesk.testing.factories import make_user
from salesdesk.testing.query_counts import RowMaker, assert_queries_constant, signed_in, with_token

pytestmark = pytest.mark.django_db

# Every sale into the segment is worth 100 EUR (even ones as 125 USD, so the first already needs a rate),
# so the sales figure counts them.
SALE_IN_EUR = Decimal(100)


@pytest.fixture
def crowd() -> JobTitle:
    return JobTitle.objects.create(name="Crowd", level=1)


def _add_peer(personas: Personas, account: Account, title: JobTitle) -> RowMaker:
    """A rep of `title` with a goal, an order, a won and a lost deal and a call: every measure has data."""

    def add(index: int) -> None:
        person = make_user(
            f"peer{index:02d}",
            roles=[Role.SALES_REP],
            business_unit=personas.unit,
            manager=personas.manager,
            job_title=title,
            full_name=f"Peer {index:02d}",
        )
        yearly_revenue_goal(personas.manager, person, "1000")
        sell(person, account, "100", date(2026, 3, 3))
        close_deal(person, account, won=True, amount="50", created=date(2026, 3, 1), closed=date(2026, 3, 5))
        close_deal(person, account, won=False, amount="50", created=date(2026, 3, 1), closed=date(2026, 3, 6))
        activity_log(logged_by=person, kind=ActivityKind.CALL, subject="Call", account=account)

    return add


def test_the_peers_page(personas: Personas, shared_account: Callable[..., Account], crowd: JobTitle) -> None:
    assert_queries_constant(
        signed_in(personas.coordinator),
        f"/performance/peers/?title={crowd.pk}&period={PeerPeriod.YEAR}",
        add_row=_add_peer(personas, shared_account("Kunde GmbH"), crowd),
        row_text=lambda index: f"Peer {index:02d}<",
    )


def test_the_peers_api(personas: Personas, shared_account: Callable[..., Account], crowd: JobTitle) -> None:
    assert_queries_constant(
        with_token(personas.manager),
        f"/api/v1/peers?title={crowd.pk}&period={PeerPeriod.YEAR}&day=2026-06-30",
        add_row=_add_peer(personas, shared_account("Kunde GmbH"), crowd),
        rows_key="peers",
    )


def _add_segment_and_sale(
    personas: Personas, retail: Segment, shared_account: Callable[..., Account]
) -> RowMaker:
    """One more segment to choose from, and one more customer of `retail` buying in March 2026."""
    fx_rate_set(currency="USD", valid_on=date(2026, 1, 1), rate=Decimal("1.25"))

    def add(index: int) -> None:
        Segment.objects.create(business_unit=personas.unit, name=f"Segment {index:02d}")
        shop = shared_account(f"Shop {index:02d}", segments=[retail])
        if index % 2 == 0:
            sell(personas.rep, shop, "125", date(2026, 3, 10), currency="USD")
        else:
            sell(personas.other_rep, shop, "100", date(2026, 3, 10))

    return add


def _sales_counted(current_sales: Decimal) -> int:
    return int(current_sales / SALE_IN_EUR)


@pytest.fixture
def retail(personas: Personas) -> Segment:
    return Segment.objects.create(business_unit=personas.unit, name="Retail")


def test_the_market_page(personas: Personas, retail: Segment, shared_account: Callable[..., Account]) -> None:
    def count_rows(response: Any) -> int:
        segments_offered = sum(
            1 for index in range(50) if f">Segment {index:02d}<" in response.content.decode()
        )
        sales = _sales_counted(response.context["report"].analysis.current.sales)
        assert segments_offered == sales, "every row adds a segment and a sale"
        return sales

    assert_queries_constant(
        signed_in(personas.coordinator),
        f"/performance/market/?kind=month&day=2026-03-01&segment={retail.pk}",
        add_row=_add_segment_and_sale(personas, retail, shared_account),
        count_rows=count_rows,
    )


def test_the_market_analysis_api(
    personas: Personas, retail: Segment, shared_account: Callable[..., Account]
) -> None:
    def count_rows(response: Any) -> int:
        sales = next(row for row in response.json()["indicators"] if row["indicator"] == "sales")
        return _sales_counted(Decimal(sales["current"]))

    assert_queries_constant(
        with_token(personas.coordinator),
        f"/api/v1/market-analysis?kind=month&month=2026-03&segment={retail.pk}",
        add_row=_add_segment_and_sale(personas, retail, shared_account),
        count_rows=count_rows,
    )
