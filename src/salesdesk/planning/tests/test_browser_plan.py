"""The planning cycle in a real browser: a manager sets a rep's goal, the rep sees the month's plan,
orders come in, the plan-vs-actual table shows the variance, the rep writes the variance analysis and
next action, and the manager downloads the PDF (its text read back) and the XLSX (opened with openpyxl).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from salesdesk.conftest import Personas
from salesdesk.customers.services import account_create
from salesdesk.orders.choices import OrderStatus
from salesdesk.orders.services import OrderLineInput, order_create, order_transition
from salesdesk.testing.browser import sign_in, sign_out

pytestmark = pytest.mark.browser


def _order_comes_in(personas: Personas, day: date, amount: str) -> None:
    account = account_create(created_by=personas.rep, name="Bäckerei Schulz GmbH", is_shared=True)
    order = order_create(
        created_by=personas.rep,
        account=account,
        currency="EUR",
        quoted_on=day,
        lines=[
            OrderLineInput(
                description="Anzeige", quantity=Decimal(1), unit_price=Decimal(amount), tax_rate=Decimal(19)
            )
        ],
    )
    order_transition(order=order, to_status=OrderStatus.ORDERED, by=personas.rep, on=day)


def test_goal_plan_actual_variance_note_and_downloads(
    personas: Personas, live_server: LiveServer, page: Page
) -> None:
    today = timezone.localdate()
    month_row = f"[data-period='{today.replace(day=1).isoformat()}']"
    # The manager sets the rep's revenue goal for the year: 120,000, split evenly (10,000 a month).
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/planning/goals/")
    page.get_by_role("link", name="New goal").click()
    page.locator("#id_scope").select_option("person")
    page.locator("#id_person").select_option(label="rep")
    page.locator("#id_metric").select_option("revenue")
    page.locator("#id_period_kind").select_option("year")
    page.fill("#id_period_day", today.isoformat())
    page.fill("#id_target", "120000")
    page.fill("#id_title", "Umsatz mit Anzeigen")
    page.locator("#id_owner").select_option(label="rep")
    page.get_by_test_id("save-goal").click()
    expect(page.get_by_test_id("goal-target")).to_have_text("€120,000.00")
    sign_out(page)

    # The rep sees this month's plan.
    sign_in(page, live_server, "rep")
    page.goto(f"{live_server.url}/planning/my-plan/")
    expect(page.get_by_test_id("month-plan")).to_contain_text("€10,000.00")

    # Orders come in; the table shows target, actual and variance for the month.
    _order_comes_in(personas, today, "7500")
    page.goto(f"{live_server.url}/planning/")
    row = page.locator(month_row)
    expect(row).to_contain_text("€10,000.00")
    expect(row).to_contain_text("€7,500.00")
    expect(row).to_contain_text("−€2,500.00")
    expect(row).to_contain_text("−25.0 %")

    # The rep writes the variance analysis and the next action in place.
    row.get_by_test_id("edit-note").click()
    row.locator("textarea[name=analysis]").fill("Zwei Messeaufträge in den nächsten Monat verschoben")
    row.locator("textarea[name=next_action]").fill("Schulz am Freitag anrufen")
    row.get_by_role("button", name="Save").click()
    expect(row).to_contain_text("Zwei Messeaufträge in den nächsten Monat verschoben")
    expect(row).to_contain_text("Schulz am Freitag anrufen")
    sign_out(page)

    # The manager opens the rep's numbers and downloads both files.
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/planning/?subject=person-{personas.rep.pk}&year={today.year}")
    expect(page.locator(month_row)).to_contain_text("Schulz am Freitag anrufen")
    with page.expect_download() as pdf_download:
        page.get_by_test_id("download-pdf").click()
    # Table cells wrap, so the words are compared with the line breaks taken out.
    pdf_text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(pdf_download.value.path()).pages).split()
    )
    assert "Plan vs actual: rep, Revenue" in pdf_text
    assert "Schulz am Freitag anrufen" in pdf_text
    assert "€7,500.00" in pdf_text
    with page.expect_download() as xlsx_download:
        page.get_by_test_id("download-xlsx").click()
    sheet = load_workbook(BytesIO(open(xlsx_download.value.path(), "rb").read())).active  # noqa: SIM115
    assert sheet is not None
    rows = {row[1]: row for row in sheet.iter_rows(min_row=5, values_only=True) if row[1]}
    month = next(values for start, values in rows.items() if start.date() == today.replace(day=1))
    assert (month[3], month[4], month[5]) == (10000, 7500, -2500)
    assert month[9] == "Schulz am Freitag anrufen"
