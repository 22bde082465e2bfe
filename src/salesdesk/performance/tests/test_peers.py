"""H1: each rep against peers of the same job title, from real goals, orders, deals and activities."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from salesdesk.conftest import Personas
from salesdesk.core.fx import fx_rate_set
from salesdesk.core.periods import FiscalCalendar
from salesdesk.customers.choices import ActivityKind
from salesdesk.customers.models import Account
from salesdesk.customers.services import activity_log
from salesdesk.org.choices import Role
from salesdesk.org.models import JobTitle
from salesdesk.performance.choices import PeerMeasure, PeerPeriod
from salesdesk.performance.leaderboard import build_leaderboard
from salesdesk.performance.peer_window import peer_window
from salesdesk.performance.tests.conftest import close_deal, sell, signed_in, yearly_revenue_goal
from salesdesk.testing.factories import make_user

pytestmark = pytest.mark.django_db
MARCH = {"title": "", "period": PeerPeriod.MONTH, "day": "2026-03-15"}


@pytest.fixture
def march(
    personas: Personas, account_executive: JobTitle, shared_account: Callable[..., Account]
) -> Personas:
    """rep: 8,000 of a 10,000 month (80 %), 3 won and 1 lost; other_rep: 12,000 of 10,000 (120 %),
    1 won and 1 lost; the outsider holds the same title in another unit."""
    account = shared_account("Kunde GmbH")
    for person in (personas.rep, personas.other_rep):
        yearly_revenue_goal(personas.manager, person, "120000")
    sell(personas.rep, account, "8000", date(2026, 3, 10))
    sell(personas.other_rep, account, "12000", date(2026, 3, 12))
    fx_rate_set(currency="USD", valid_on=date(2026, 1, 1), rate=Decimal("1.25"))
    close_deal(
        personas.rep, account, won=True, amount="1000", created=date(2026, 3, 1), closed=date(2026, 3, 11)
    )
    close_deal(
        personas.rep, account, won=True, amount="2000", created=date(2026, 2, 27), closed=date(2026, 3, 19)
    )
    # 3,750 USD at 1.25 is 3,000 EUR.
    close_deal(
        personas.rep,
        account,
        won=True,
        amount="3750",
        created=date(2026, 3, 2),
        closed=date(2026, 3, 2),
        currency="USD",
    )
    close_deal(
        personas.rep, account, won=False, amount="9000", created=date(2026, 1, 5), closed=date(2026, 3, 5)
    )
    # Closed outside March: not counted.
    close_deal(
        personas.rep, account, won=False, amount="500", created=date(2026, 1, 5), closed=date(2026, 4, 2)
    )
    close_deal(
        personas.other_rep,
        account,
        won=True,
        amount="6000",
        created=date(2026, 1, 1),
        closed=date(2026, 3, 2),
    )
    close_deal(
        personas.other_rep,
        account,
        won=False,
        amount="100",
        created=date(2026, 3, 1),
        closed=date(2026, 3, 3),
    )
    for day in (3, 4, 5):
        activity_log(
            logged_by=personas.rep,
            kind=ActivityKind.CALL,
            subject="Anruf",
            account=account,
            occurred_at=datetime(2026, 3, day, 10, tzinfo=UTC),
        )
    activity_log(
        logged_by=personas.other_rep,
        kind=ActivityKind.MEETING,
        subject="Termin",
        account=account,
        occurred_at=datetime(2026, 2, 27, 10, tzinfo=UTC),
    )
    return personas


def _board(personas: Personas, title: JobTitle):  # type: ignore[no-untyped-def]
    window = peer_window(kind=PeerPeriod.MONTH, day=date(2026, 3, 15), calendar=FiscalCalendar(1))
    return build_leaderboard(
        job_title=title, business_unit_id=personas.unit.pk, window=window, currency="EUR"
    )


def test_it_measures_each_peer_from_real_deals_goals_and_orders(
    march: Personas, account_executive: JobTitle
) -> None:
    board = _board(march, account_executive)
    rep = board.card(march.rep.pk)
    assert rep is not None
    figures = rep.figures
    assert figures.attainment == Decimal("80.0")
    assert figures.revenue == Decimal(8000)
    assert (figures.won, figures.lost) == (3, 1)
    assert figures.win_rate == Decimal("75.0")
    assert figures.deal_size == Decimal("2000.00")  # (1,000 + 2,000 + 3,000) / 3
    assert figures.sales_cycle == Decimal("10.0")  # (10 + 20 + 0) / 3 days
    assert figures.activities == 3
    other = board.card(march.other_rep.pk)
    assert other is not None
    assert other.figures.win_rate == Decimal("50.0")
    assert other.figures.sales_cycle == Decimal("60.0")
    assert other.figures.activities == 0  # the meeting was in February


def test_it_ranks_by_attainment_and_puts_the_faster_cycle_first(
    march: Personas, account_executive: JobTitle
) -> None:
    board = _board(march, account_executive)
    assert [standing.person.username for standing in board.standings] == ["other_rep", "rep"]
    rep = board.card(march.rep.pk)
    assert rep is not None
    assert rep.scores[PeerMeasure.ATTAINMENT].placing.rank == 2
    assert rep.scores[PeerMeasure.ATTAINMENT].placing.percentile == Decimal(0)
    assert rep.scores[PeerMeasure.SALES_CYCLE].placing.rank == 1
    assert rep.scores[PeerMeasure.WIN_RATE].placing.percentile == Decimal(100)
    # The outsider holds the title in another unit and is no peer here.
    assert march.outsider.pk not in [standing.person.pk for standing in board.standings]


def test_the_rep_sees_the_leaderboard_and_their_card(march: Personas, account_executive: JobTitle) -> None:
    response = signed_in(march.rep).get(
        reverse("performance:peers"), {**MARCH, "title": account_executive.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("other_rep") < page.index(f'data-person="{march.rep.pk}"')
    assert "120.0 %" in page
    assert "80.0 %" in page
    assert "€8,000.00" in page
    assert "€2,000.00" in page
    assert "10.0 days" in page
    assert "2 of 2" in page  # the rep's attainment rank on the card
    assert '<svg class="chart"' in page


def test_a_rep_of_another_job_title_cannot_open_the_board(
    march: Personas, account_executive: JobTitle
) -> None:
    senior = JobTitle.objects.create(name="Senior Account Executive", level=3)
    someone = make_user(
        "senior", roles=[Role.SALES_REP], business_unit=march.unit, manager=march.manager, job_title=senior
    )
    response = signed_in(someone).get(reverse("performance:peers"), {"title": account_executive.pk})
    assert response.status_code == 404
    own = signed_in(someone).get(reverse("performance:peers"))
    assert own.status_code == 200
    assert "€8,000.00" not in own.content.decode()


def test_a_rep_of_another_unit_cannot_open_the_board(march: Personas, account_executive: JobTitle) -> None:
    response = signed_in(march.outsider).get(
        reverse("performance:peers"), {**MARCH, "title": account_executive.pk}
    )
    # Their own title exists in their unit too, but the unit's board holds only them.
    page = response.content.decode()
    assert response.status_code == 200
    assert "€8,000.00" not in page
    assert "other_rep" not in page


def test_managers_and_coordinators_see_the_board_department_staff_do_not(
    march: Personas, account_executive: JobTitle
) -> None:
    for person in (march.manager, march.coordinator, march.finance):
        response = signed_in(person).get(
            reverse("performance:peers"), {**MARCH, "title": account_executive.pk}
        )
        assert response.status_code == 200, person.username
        assert "€8,000.00" in response.content.decode()
    assert signed_in(march.design_staff).get(reverse("performance:peers")).status_code == 404
