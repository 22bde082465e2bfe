"""Real data made through the real services: orders (which keep the rollups), goals, deals, activities."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.test import Client

from salesdesk.api.tests.conftest import api_client_for  # noqa: F401  (shared fixture)
from salesdesk.conftest import Personas
from salesdesk.customers.models import Account
from salesdesk.customers.services import account_create
from salesdesk.orders.choices import OrderStatus
from salesdesk.orders.services import OrderLineInput, order_create, order_transition
from salesdesk.org.models import JobTitle, User
from salesdesk.pipeline.models import LossReason, Opportunity
from salesdesk.pipeline.services import opportunity_create, opportunity_lose, opportunity_win
from salesdesk.planning.choices import GoalScope, Metric
from salesdesk.planning.services import GoalInput, goal_create
from salesdesk.testing.factories import PASSWORD


def signed_in(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def sell(rep: User, account: Account, amount: str, on: date, currency: str = "EUR") -> None:
    """An order of `amount` net, ordered on `on` (so it counts on that day)."""
    order = order_create(
        created_by=rep,
        account=account,
        currency=currency,
        quoted_on=on,
        lines=[
            OrderLineInput(
                description="Anzeige", quantity=Decimal(1), unit_price=Decimal(amount), tax_rate=Decimal(19)
            )
        ],
    )
    order_transition(order=order, to_status=OrderStatus.ORDERED, by=rep, on=on)


def yearly_revenue_goal(manager: User, rep: User, target: str, year: int = 2026) -> None:
    goal_create(
        created_by=manager,
        data=GoalInput(
            scope=GoalScope.PERSON,
            person=rep,
            metric=Metric.REVENUE,
            period_kind="year",
            period_day=date(year, 6, 1),
            target=Decimal(target),
            title=f"Revenue {year}",
            owner=rep,
        ),
    )


def close_deal(
    rep: User, account: Account, *, won: bool, amount: str, created: date, closed: date, currency: str = "EUR"
) -> Opportunity:
    deal = opportunity_create(
        created_by=rep,
        account=account,
        name=f"Deal {amount}",
        expected_close=closed,
        amount=Decimal(amount),
        currency=currency,
    )
    if won:
        opportunity_win(opportunity=deal, won_by=rep)
    else:
        opportunity_lose(
            opportunity=deal, lost_by=rep, loss_reason=LossReason.objects.get_or_create(name="Price")[0]
        )
    # The services stamp today; the test needs the deal to have lived at a known time.
    Opportunity.objects.filter(pk=deal.pk).update(
        created_at=datetime(created.year, created.month, created.day, 9, tzinfo=UTC), closed_on=closed
    )
    return deal


@pytest.fixture
def account_executive(personas: Personas) -> JobTitle:
    title = JobTitle.objects.create(name="Account Executive", level=2)
    for person in (personas.rep, personas.other_rep, personas.outsider):
        person.job_title = title
        person.save(update_fields=["job_title"])
    return title


@pytest.fixture
def shared_account(personas: Personas) -> Callable[[str], Account]:
    def make(name: str, **fields: object) -> Account:
        return account_create(created_by=personas.rep, name=name, is_shared=True, **fields)

    return make
