"""The worklist home page costs as many queries for 50 items of a rule as for 1.

| List                                              | Kind | Where tested                          |
|---------------------------------------------------|------|---------------------------------------|
| / (the worklist: open tasks)                      | page | here                                  |
| / (the worklist: opportunities past their close)  | page | here                                  |
| / (the worklist: planned activities)              | page | here                                  |
| / (the worklist: incidents still open)            | page | here                                  |
| /tasks/                                           | page | core/tests/test_list_query_counts.py  |
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from salesdesk.conftest import Personas
from salesdesk.customers.choices import ActivityKind
from salesdesk.customers.services import account_create, activity_plan
from salesdesk.orders.choices import IncidentKind
from salesdesk.orders.services import OrderLineInput, incident_report
from salesdesk.orders.tests.test_orders_services import confirmed_order, make_shop
from salesdesk.pipeline.services import opportunity_create
from salesdesk.testing.query_counts import RowMaker, RowText, assert_queries_constant, signed_in
from salesdesk.worklist.rules import ITEMS_PER_RULE
from salesdesk.worklist.services import task_create

pytestmark = pytest.mark.django_db

RuleRows = Callable[[Personas], tuple[RowMaker, RowText]]


def _tasks(personas: Personas) -> tuple[RowMaker, RowText]:
    """Open tasks of the rep, each about an account of its own."""
    today = timezone.localdate()

    def add(index: int) -> None:
        account = account_create(created_by=personas.rep, name=f"Account {index:02d}")
        task_create(
            created_by=personas.rep,
            title=f"Task {index:02d}",
            due_on=today + timedelta(days=index),
            subject=account,
        )

    return add, lambda index: f"Task {index:02d}<"


def _overdue_opportunities(personas: Personas) -> tuple[RowMaker, RowText]:
    today = timezone.localdate()
    account = account_create(created_by=personas.rep, name="Kunde GmbH", is_shared=True)

    def add(index: int) -> None:
        opportunity_create(
            created_by=personas.rep,
            account=account,
            name=f"Deal {index:02d}",
            expected_close=today - timedelta(days=index + 1),
            amount=Decimal(1000),
        )

    return add, lambda index: f"Deal {index:02d}<"


def _planned_activities(personas: Personas) -> tuple[RowMaker, RowText]:
    today = timezone.localdate()

    def add(index: int) -> None:
        activity_plan(
            planned_by=personas.rep,
            kind=ActivityKind.CALL,
            subject=f"Call {index:02d}",
            planned_for=today + timedelta(days=index),
            account=account_create(created_by=personas.rep, name=f"Account {index:02d}"),
        )

    return add, lambda index: f"Call {index:02d}<"


def _stale_incidents(personas: Personas) -> tuple[RowMaker, RowText]:
    """Incidents of the rep, each on its own order and reported on its own day, weeks ago."""
    shop = make_shop(personas)
    first_report = timezone.localdate() - timedelta(days=30)

    def reported_on(index: int) -> str:
        return (first_report - timedelta(days=index)).isoformat()

    def add(index: int) -> None:
        order = confirmed_order(
            shop, personas.rep, lines=[OrderLineInput(product=shop.service, quantity=Decimal(1))]
        )
        incident_report(
            order=order,
            kind=IncidentKind.DAMAGE,
            description="Scratched",
            owner=personas.rep,
            by=personas.rep,
            reported_on=first_report - timedelta(days=index),
        )

    return add, lambda index: f"reported {reported_on(index)}<"


# The list takes at most ITEMS_PER_RULE + 1 items from a rule; a rule that reads only that many from the
# database (overdue opportunities) shows ITEMS_PER_RULE and a last item linking to the rest.
@pytest.mark.parametrize(
    ("rule_rows", "shown"),
    [
        (_tasks, ITEMS_PER_RULE + 1),
        (_overdue_opportunities, ITEMS_PER_RULE),
        (_planned_activities, ITEMS_PER_RULE + 1),
        (_stale_incidents, ITEMS_PER_RULE + 1),
    ],
)
def test_the_worklist_home_page(personas: Personas, rule_rows: RuleRows, shown: int) -> None:
    add_row, row_text = rule_rows(personas)
    assert_queries_constant(
        signed_in(personas.rep), "/", add_row=add_row, row_text=row_text, expect_rows=shown
    )
