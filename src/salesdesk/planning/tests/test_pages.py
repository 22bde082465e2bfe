"""The plan-vs-actual page, its PDF and XLSX show the same figures; scoping hides others' numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from salesdesk.conftest import Personas
from salesdesk.customers.services import account_create
from salesdesk.orders.choices import OrderStatus
from salesdesk.orders.services import OrderLineInput, order_create, order_transition
from salesdesk.planning.choices import GoalScope, Metric
from salesdesk.planning.services import GoalInput, goal_create
from salesdesk.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _signed_in(user: object) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


@pytest.fixture
def planned(personas: Personas) -> Personas:
    goal_create(
        created_by=personas.manager,
        data=GoalInput(
            scope=GoalScope.PERSON,
            person=personas.rep,
            metric=Metric.REVENUE,
            period_kind="year",
            period_day=date(2026, 6, 1),
            target=Decimal("120000"),
            title="Umsatz 2026",
            owner=personas.rep,
        ),
    )
    account = account_create(created_by=personas.rep, name="Kunde GmbH", is_shared=True)
    order = order_create(
        created_by=personas.rep,
        account=account,
        currency="EUR",
        quoted_on=date(2026, 2, 1),
        lines=[
            OrderLineInput(
                description="Anzeige", quantity=Decimal(2), unit_price=Decimal("4000"), tax_rate=Decimal(19)
            )
        ],
    )
    order_transition(order=order, to_status=OrderStatus.ORDERED, by=personas.rep, on=date(2026, 2, 10))
    return personas


def test_the_rep_sees_target_actual_and_variance_of_february(planned: Personas) -> None:
    response = _signed_in(planned.rep).get(reverse("planning:plan-vs-actual"), {"year": 2026})
    page = response.content.decode()
    assert response.status_code == 200
    assert "€10,000.00" in page  # the February target
    assert "€8,000.00" in page  # the February actual
    assert "−€2,000.00" in page  # the variance


def test_the_xlsx_holds_the_same_numbers(planned: Personas) -> None:
    response = _signed_in(planned.manager).get(
        reverse("planning:plan-vs-actual-xlsx"), {"subject": f"person-{planned.rep.pk}", "year": 2026}
    )
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    rows = {row[1].strftime("%Y-%m"): row for row in sheet.iter_rows(min_row=5, values_only=True) if row[1]}
    assert rows["2026-02"][3] == 10000
    assert rows["2026-02"][4] == 8000


def test_the_pdf_is_a_pdf_with_the_title(planned: Personas) -> None:
    response = _signed_in(planned.manager).get(
        reverse("planning:plan-vs-actual-pdf"), {"subject": f"person-{planned.rep.pk}", "year": 2026}
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_rep_cannot_open_a_colleagues_numbers(planned: Personas) -> None:
    response = _signed_in(planned.other_rep).get(
        reverse("planning:plan-vs-actual"), {"subject": f"person-{planned.rep.pk}", "year": 2026}
    )
    page = response.content.decode()
    assert "€8,000.00" not in page
