"""Planning: every list costs as many queries for 50 goals, people, products or weeks as for 1.

| List                                              | Kind | Where tested                               |
|---------------------------------------------------|------|--------------------------------------------|
| /planning/ (a team: drill-down by person)         | page | here                                       |
| /planning/ (a person: drill-down by product)      | page | here                                       |
| /planning/my-plan/ (the month's goals)            | page | here                                       |
| /planning/last-year/ (by product)                 | page | here                                       |
| /planning/goals/                                  | page | here                                       |
| /api/v1/goals                                     | API  | here                                       |
| /api/v1/actuals (per week)                        | API  | here                                       |
| /api/v1/plan-vs-actual (fixed periods)            | API  | here (50 members' goals summed)            |
| /api/v1/last-year (by product)                    | API  | here                                       |
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from salesdesk.conftest import Personas
from salesdesk.customers.models import Account
from salesdesk.customers.services import account_create
from salesdesk.org.choices import Role
from salesdesk.org.models import Team
from salesdesk.planning.choices import GoalScope, Metric
from salesdesk.planning.services import GoalInput, goal_create
from salesdesk.planning.tests.test_last_year import sell_product
from salesdesk.testing.catalog_factories import ProductFactory
from salesdesk.testing.factories import make_user
from salesdesk.testing.query_counts import RowMaker, assert_queries_constant, signed_in, with_token

pytestmark = pytest.mark.django_db

FIRST_MONDAY_2025 = date(2025, 1, 6)
# Every member's yearly goal; the team's summed target counts the members.
MEMBER_TARGET = Decimal(1200)


@pytest.fixture
def account(personas: Personas) -> Account:
    return account_create(created_by=personas.rep, name="Kunde GmbH", is_shared=True)


@pytest.fixture
def team(personas: Personas) -> Team:
    """A team the manager leads and has no goal of its own: its targets are its members' goals."""
    return Team.objects.create(business_unit=personas.unit, name="Nord", lead=personas.manager)


def _add_team_member(personas: Personas, team: Team, account: Account) -> RowMaker:
    """A rep of the team with a yearly 2025 goal and one sale in their own week of 2025."""

    def add(index: int) -> None:
        person = make_user(
            f"member{index:02d}",
            roles=[Role.SALES_REP],
            business_unit=personas.unit,
            manager=personas.manager,
            full_name=f"Member {index:02d}",
        )
        person.teams.add(team)
        goal_create(
            created_by=personas.manager,
            data=GoalInput(
                scope=GoalScope.PERSON,
                person=person,
                metric=Metric.REVENUE,
                period_kind="year",
                period_day=date(2025, 6, 1),
                target=MEMBER_TARGET,
                title="Revenue 2025",
                owner=person,
            ),
        )
        product = ProductFactory(business_unit=personas.unit, name=f"Item {index:02d}")
        sell_product(
            person, account, product, FIRST_MONDAY_2025 + timedelta(weeks=index), units=1, price="100"
        )

    return add


def _add_product_sold_both_years(personas: Personas, account: Account) -> RowMaker:
    """A product the rep sold in March 2025 and in March 2026."""

    def add(index: int) -> None:
        product = ProductFactory(business_unit=personas.unit, name=f"Product {index:02d}")
        sell_product(personas.rep, account, product, date(2025, 3, 10), units=2, price="100")
        sell_product(personas.rep, account, product, date(2026, 3, 10), units=3, price="90")

    return add


def _add_goal(personas: Personas, *, first_week: date) -> RowMaker:
    """A weekly calls goal of the rep or the other rep, set by the manager."""

    def add(index: int) -> None:
        goal_create(
            created_by=personas.manager,
            data=GoalInput(
                scope=GoalScope.PERSON,
                person=personas.rep if index % 2 == 0 else personas.other_rep,
                metric=Metric.CALLS,
                period_kind="week",
                period_day=first_week + timedelta(weeks=index),
                target=Decimal(40),
                title=f"Goal {index:02d}",
                owner=personas.rep,
            ),
        )

    return add


def test_the_plan_page_of_a_team_lists_its_people(personas: Personas, team: Team, account: Account) -> None:
    assert_queries_constant(
        signed_in(personas.manager),
        f"/planning/?subject=team-{team.pk}&year=2025",
        add_row=_add_team_member(personas, team, account),
        row_text=lambda index: f"Member {index:02d}<",
    )


def test_the_plan_page_of_a_person_lists_their_products(personas: Personas, account: Account) -> None:
    assert_queries_constant(
        signed_in(personas.rep),
        f"/planning/?subject=person-{personas.rep.pk}&year=2025",
        add_row=_add_product_sold_both_years(personas, account),
        row_text=lambda index: f"Product {index:02d}<",
    )


def test_the_plan_vs_actual_api_sums_the_members_goals(
    personas: Personas, team: Team, account: Account
) -> None:
    def members_counted(response: Any) -> int:
        target = sum(Decimal(row["target"]) for row in response.json()["rows"])
        return int(target / MEMBER_TARGET)

    assert_queries_constant(
        with_token(personas.manager),
        f"/api/v1/plan-vs-actual?subject=team-{team.pk}&year=2025",
        add_row=_add_team_member(personas, team, account),
        count_rows=members_counted,
    )


def test_the_actuals_api_per_week(personas: Personas, team: Team, account: Account) -> None:
    assert_queries_constant(
        with_token(personas.manager),
        f"/api/v1/actuals?subject=team-{team.pk}&grain=week&start=2025-01-01&end=2025-12-31",
        add_row=_add_team_member(personas, team, account),
        rows_key=None,
    )


def test_my_plan_lists_the_months_goals(personas: Personas) -> None:
    # Every goal is a March 2025 revenue goal of the rep, each narrowed to its own product.
    def add_goal(index: int) -> None:
        product = ProductFactory(business_unit=personas.unit, name=f"Goal product {index:02d}")
        goal_create(
            created_by=personas.manager,
            data=GoalInput(
                scope=GoalScope.PERSON,
                person=personas.rep,
                metric=Metric.REVENUE if index % 2 == 0 else Metric.UNITS,
                period_kind="month",
                period_day=date(2025, 3, 1),
                target=Decimal(400),
                title=f"Goal {index:02d}",
                owner=personas.rep,
                product_id=product.pk,
            ),
        )

    assert_queries_constant(
        signed_in(personas.rep),
        "/planning/my-plan/?month=2025-03",
        add_row=add_goal,
        row_text=lambda index: f"Goal {index:02d}<",
    )


def test_the_last_year_page(personas: Personas, account: Account) -> None:
    assert_queries_constant(
        signed_in(personas.rep),
        f"/planning/last-year/?subject=person-{personas.rep.pk}&kind=year&month=2026-03",
        add_row=_add_product_sold_both_years(personas, account),
        row_text=lambda index: f"Product {index:02d}<",
    )


def test_the_last_year_api(personas: Personas, account: Account) -> None:
    assert_queries_constant(
        with_token(personas.rep),
        f"/api/v1/last-year?subject=person-{personas.rep.pk}&kind=year&day=2026-03-01",
        add_row=_add_product_sold_both_years(personas, account),
        rows_key="products",
    )


def test_the_goal_list_page(personas: Personas) -> None:
    assert_queries_constant(
        signed_in(personas.manager),
        "/planning/goals/?year=2026",
        add_row=_add_goal(personas, first_week=date(2026, 1, 5)),
        row_text=lambda index: f"Goal {index:02d}<",
    )


def test_the_goal_list_api(personas: Personas) -> None:
    assert_queries_constant(
        with_token(personas.manager),
        "/api/v1/goals",
        add_row=_add_goal(personas, first_week=date(2025, 1, 6)),
    )
