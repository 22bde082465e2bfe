"""Prospecting in a real browser: qualify and tee up as the coordinator; accept and convert as the rep."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from salesdesk.conftest import Personas
from salesdesk.pipeline.models import Opportunity
from salesdesk.prospects.models import Prospect, Questionnaire
from salesdesk.testing.browser import sign_in, sign_out

pytestmark = pytest.mark.browser


def test_a_coordinator_tees_up_a_prospect_and_the_rep_converts_it(
    personas: Personas, questionnaire: Questionnaire, live_server: LiveServer, page: Page
) -> None:
    # Given a coordinator who records a prospect met at a trade show
    sign_in(page, live_server, "coordinator")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Prospects").click()
    page.get_by_role("link", name="New prospect").click()
    page.fill("#id_company_name", "Bäckerei Schulz")
    page.select_option("#id_source", "trade_show")
    page.fill("#id_contact_name", "Anna Schulz")
    page.fill("#id_email", "anna@schulz.example")
    page.fill("#id_phone", "+49 30 1234567")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Bäckerei Schulz")

    # When she answers its questionnaire with a budget and 120 employees
    page.get_by_role("link", name="Answer questionnaire").click()
    page.get_by_label("Do they have a budget this year?").select_option("yes")
    page.get_by_label("How many employees?").fill("120")
    page.get_by_role("button", name="Save answers").click()

    # Then it is qualified, and she tees it up for the rep with a note
    expect(page.locator(".messages")).to_contain_text("Score 3: the prospect is qualified.")
    expect(page.get_by_test_id("prospect-status")).to_have_text("Qualified")
    page.get_by_role("link", name="Tee up for a rep").click()
    page.select_option("#id_rep", str(personas.rep.pk))
    page.fill("#id_note", "Anna decides before the fair; call after 10.")
    page.get_by_role("button", name="Tee up").click()
    expect(page.get_by_test_id("prospect-status")).to_have_text("Teed up")
    sign_out(page)

    # When the rep signs in, the prospect waits on her worklist; she accepts it and converts it
    sign_in(page, live_server, "rep")
    page.get_by_role("link", name="Prospect teed up for you: Bäckerei Schulz").click()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_test_id("prospect-status")).to_have_text("Accepted by the rep")
    page.get_by_role("link", name="Convert to customer").click()
    page.fill("#id_opportunity_name", "Fair stand 2027")
    page.fill("#id_amount", "12000")
    page.get_by_role("button", name="Convert").click()
    expect(page.get_by_test_id("prospect-status")).to_have_text("Converted")

    # Then the opportunity exists in the first stage, credited to the coordinator who teed it up
    prospect = Prospect.objects.get()
    opportunity = Opportunity.objects.select_related("stage", "account").get()
    assert prospect.converted_opportunity == opportunity
    assert (
        opportunity.name,
        opportunity.account.name,
        opportunity.stage.name,
        opportunity.stage.position,
    ) == (
        "Fair stand 2027",
        "Bäckerei Schulz",
        "Qualification",
        1,
    )
    assert (opportunity.owner, opportunity.teed_up_by, opportunity.source) == (
        personas.rep,
        personas.coordinator,
        "trade_show",
    )
