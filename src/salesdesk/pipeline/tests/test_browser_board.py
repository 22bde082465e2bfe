"""The kanban board in a real browser: drag a card to "Won"."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from salesdesk.conftest import Personas
from salesdesk.pipeline.models import Opportunity, Pipeline, StageChange
from salesdesk.pipeline.tests.conftest import MakeOpportunity, stage
from salesdesk.testing.browser import sign_in

pytestmark = pytest.mark.browser


def test_a_rep_drags_an_opportunity_to_won(
    personas: Personas,
    pipeline: Pipeline,
    make_opportunity: MakeOpportunity,
    live_server: LiveServer,
    page: Page,
) -> None:
    # Given a rep with an opportunity in Qualification, looking at the board
    opportunity = make_opportunity("Ovens for Schulz")
    sign_in(page, live_server, "rep")
    page.get_by_role("link", name="Pipeline", exact=True).click()
    expect(page.locator("h1")).to_have_text("Pipeline: Sales")
    card = page.locator(f'.board-card[data-opportunity-id="{opportunity.pk}"]')
    won_column = page.get_by_test_id("column-Won")
    expect(won_column.locator(".board-count")).to_have_text("0 opportunities")

    # When she drags the card onto the Won column
    card.drag_to(won_column)

    # Then the board shows it under Won, and the database has the won stage and the move
    expect(won_column.locator(".board-card")).to_contain_text("Ovens for Schulz")
    expect(won_column.locator(".board-count")).to_have_text("1 opportunity")
    expect(won_column.locator(".board-total")).to_have_text("€1,000.00")
    qualification = page.get_by_test_id("column-Qualification")
    expect(qualification.locator(".board-count")).to_have_text("0 opportunities")
    opportunity.refresh_from_db()
    assert opportunity.stage == stage(pipeline, "Won")
    assert opportunity.closed_on is not None
    assert StageChange.objects.filter(
        opportunity=opportunity, from_stage=stage(pipeline, "Qualification"), to_stage=stage(pipeline, "Won")
    ).exists()
    assert Opportunity.objects.get(pk=opportunity.pk).version == 2


def test_the_move_to_select_moves_a_card_without_dragging(
    personas: Personas,
    pipeline: Pipeline,
    make_opportunity: MakeOpportunity,
    live_server: LiveServer,
    page: Page,
) -> None:
    opportunity = make_opportunity("Mixers")
    sign_in(page, live_server, "rep")
    page.goto(f"{live_server.url}/pipeline/")

    page.select_option(f"#move-{opportunity.pk}", label="Proposal")
    page.get_by_role("button", name="Move to").click()

    expect(page.get_by_test_id("column-Proposal").locator(".board-card")).to_contain_text("Mixers")
    assert Opportunity.objects.get(pk=opportunity.pk).stage == stage(pipeline, "Proposal")
