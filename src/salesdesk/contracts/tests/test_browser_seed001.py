"""Seed 001 end to end in a real browser: every promise of a signed contract reaches the department that
keeps it, is confirmed there with evidence, and the rep and finance see the result without typing it twice.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from salesdesk.contracts.models import Contract, Deliverable
from salesdesk.contracts.tests.fixtures_contracts import *  # noqa: F403 (the seed's world)
from salesdesk.contracts.tests.fixtures_contracts import Seed
from salesdesk.orders.models import BillingEntry
from salesdesk.testing.browser import sign_in, sign_out

pytestmark = pytest.mark.browser


def open_from_nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()


def fill_line(page: Page, index: int, **values: str) -> None:
    row = page.get_by_test_id(f"line-{index}")
    for name, value in values.items():
        field = row.locator(f"[name=lines-{index}-{name}]")
        if name == "product":
            field.select_option(label=value)
        elif name == "billing":
            field.select_option(value)
        else:
            field.fill(value)


def test_a_signed_contracts_promises_are_kept_by_three_departments(
    seed: Seed, live_server: LiveServer, page: Page
) -> None:
    personas = seed.personas
    start_on = seed.start_on
    # The rep drafts the contract: an advert in two issues, a free banner, a stand at 40 % off
    sign_in(page, live_server, "rep")
    open_from_nav(page, "Contracts")
    page.get_by_role("link", name="New contract").click()
    page.locator("#id_account").select_option(label=seed.account.name)
    page.fill("#id_title", "Spring campaign 2027")
    page.fill("#id_start_on", start_on.isoformat())
    page.fill("#id_end_on", (start_on + timedelta(days=364)).isoformat())
    page.fill("#id_currency", "eur")
    fill_line(page, 0, product="Print advert", quantity="2", billing="per_issue", issues="2027/03, 2027/04")
    fill_line(page, 1, product="Web banner", unit_price="0", target_url="https://schulz.example/fruehling")
    fill_line(page, 2, product="Trade-show stand", discount_percent="40")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_test_id("contract-status")).to_have_text("Draft")
    # 2 × 1,000 + 0 + 2,000 less 40 %
    expect(page.get_by_test_id("contract-value")).to_contain_text("3,200.00")

    # …and records the customer's signature: the promises go to the departments
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_test_id("contract-status")).to_have_text("Signed")
    expect(page.get_by_test_id("promises")).to_have_text("0 of 3 promises kept")
    contract = Contract.objects.get()
    deliverables = {d.department.kind: d for d in Deliverable.objects.select_related("department")}
    assert {kind: d.department for kind, d in deliverables.items()} == {
        "design": personas.design,
        "web": seed.web,
        "fairs": seed.fairs,
    }
    sign_out(page)

    # Design places the advert, confirming it from the queue row with the issue numbers
    sign_in(page, live_server, "design_staff")
    open_from_nav(page, "Queue")
    page.get_by_role("link", name="My department").click()
    row = page.get_by_test_id(f"queue-row-{deliverables['design'].pk}")
    expect(row).to_contain_text(contract.number)
    row.get_by_label("Issue or reference number").fill("2027/03 p. 12, 2027/04 p. 9")
    row.get_by_role("button", name="Done").click()
    expect(row).to_contain_text("confirmed by")
    sign_out(page)

    # Web puts the banner live and gives the link; the fairs desk invoices the stand
    for username, kind, field, evidence in [
        ("web_staff", "web", "Link", "https://schulz.example/fruehling"),
        ("fairs_staff", "fairs", "Issue or reference number", "INV-2027-0042"),
    ]:
        sign_in(page, live_server, username)
        open_from_nav(page, "Queue")
        page.get_by_role("link", name="My department").click()
        page.get_by_test_id(f"queue-row-{deliverables[kind].pk}").get_by_role(
            "link", name=deliverables[kind].title
        ).click()
        page.get_by_role("button", name="Done").click()  # without evidence: refused
        expect(page.get_by_test_id("deliverable-status")).not_to_have_text("Done")
        page.get_by_label(field, exact=True).fill(evidence)
        page.get_by_role("button", name="Done").click()
        expect(page.get_by_test_id("deliverable-status")).to_have_text("Done")
        expect(page.get_by_test_id("confirmed-by")).to_be_visible()
        sign_out(page)

    # The rep sees every promise kept, each with who confirmed it
    sign_in(page, live_server, "rep")
    page.goto(f"{live_server.url}/contracts/{contract.pk}/")
    expect(page.get_by_test_id("promises")).to_have_text("All promises kept")
    for deliverable in deliverables.values():
        expect(page.get_by_test_id(f"promise-{deliverable.pk}")).to_contain_text("Done")
    sign_out(page)

    # Finance finds the stand's billing entry at the discounted amount, typed by nobody
    sign_in(page, live_server, "finance")
    open_from_nav(page, "Billing")
    stand_row = page.locator("tbody tr", has_text="Trade-show stand")
    expect(stand_row).to_contain_text("1,200.00")
    stand_entry = BillingEntry.objects.get(contract_line__product=seed.stand)
    assert (stand_entry.amount, stand_entry.currency) == (Decimal("1200.00"), "EUR")
    kept = Deliverable.objects.filter(contract=contract, status="done").exclude(confirmed_by=None)
    assert kept.count() == 3
