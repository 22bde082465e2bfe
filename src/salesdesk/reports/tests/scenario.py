"""October 2026 in a small team: two reps with revenue goals, real orders, calls and an open deal.

rep:       target €10,000 in October, orders of €8,000 (2 × €4,000), 2 calls, a €10,000 deal at 10 %
other_rep: target €5,000 in October, an order of €6,000
Numbers are due on Wednesday 4 November 2026 (the third working day); the report goes out on the 5th.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.test import Client

from salesdesk.conftest import Personas
from salesdesk.customers.choices import ActivityKind
from salesdesk.customers.services import account_create, activity_log
from salesdesk.orders.choices import OrderStatus
from salesdesk.orders.services import OrderLineInput, order_create, order_transition
from salesdesk.org.models import Team, User
from salesdesk.pipeline.services import opportunity_create
from salesdesk.planning.choices import GoalScope, Metric
from salesdesk.planning.services import GoalInput, goal_create
from salesdesk.testing.factories import PASSWORD

OCTOBER = date(2026, 10, 1)
DEADLINE = date(2026, 11, 4)
REPORT_DAY = date(2026, 11, 5)


def signed_in(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def give_goal(personas: Personas, person: User, yearly: str) -> None:
    goal_create(
        created_by=personas.manager,
        data=GoalInput(
            scope=GoalScope.PERSON,
            person=person,
            metric=Metric.REVENUE,
            period_kind="year",
            period_day=date(2026, 6, 1),
            target=Decimal(yearly),
            title="Umsatz 2026",
            owner=person,
        ),
    )


def sell(person: User, day: date, quantity: int, price: str, name: str = "Kunde GmbH") -> None:
    account = account_create(created_by=person, name=name)
    order = order_create(
        created_by=person,
        account=account,
        currency="EUR",
        quoted_on=day,
        lines=[
            OrderLineInput(
                description="Anzeige",
                quantity=Decimal(quantity),
                unit_price=Decimal(price),
                tax_rate=Decimal(19),
            )
        ],
    )
    order_transition(order=order, to_status=OrderStatus.ORDERED, by=person, on=day)


@dataclass
class October:
    personas: Personas
    team: Team

    @property
    def rep(self) -> User:
        return self.personas.rep

    @property
    def other_rep(self) -> User:
        return self.personas.other_rep


@pytest.fixture
def october(personas: Personas) -> October:
    team = Team.objects.create(business_unit=personas.unit, name="Team Nord", lead=personas.manager)
    personas.rep.teams.add(team)
    personas.other_rep.teams.add(team)
    give_goal(personas, personas.rep, "120000")
    give_goal(personas, personas.other_rep, "60000")
    sell(personas.rep, date(2026, 10, 10), 2, "4000")
    sell(personas.other_rep, date(2026, 10, 15), 1, "6000", name="Bianchi S.r.l.")
    sell(personas.rep, date(2026, 11, 2), 1, "999", name="November GmbH")  # another month
    deal_account = account_create(created_by=personas.rep, name="Deal AG")
    for hour in (9, 11):
        activity_log(
            logged_by=personas.rep,
            kind=ActivityKind.CALL,
            subject="Nachfassen",
            account=deal_account,
            occurred_at=datetime(2026, 10, 20, hour, tzinfo=UTC),
        )
    opportunity_create(
        created_by=personas.rep,
        account=deal_account,
        name="Jahresanzeigen",
        expected_close=date(2026, 12, 20),
        amount=Decimal("10000"),
        probability=10,
    )
    return October(personas, team)
