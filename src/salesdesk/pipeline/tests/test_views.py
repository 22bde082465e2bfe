"""The board, the list, the detail page and the forms, as a signed-in person uses them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from salesdesk.conftest import Personas
from salesdesk.core.fx import fx_rate_set
from salesdesk.pipeline.models import Competitor, LossReason, Opportunity, Pipeline, StageChange
from salesdesk.pipeline.services import opportunity_competitors_set, opportunity_move
from salesdesk.pipeline.tests.conftest import MakeOpportunity, stage

pytestmark = pytest.mark.django_db


def _client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_board_shows_columns_in_order_with_counts_and_totals_in_the_company_currency(
    personas: Personas, pipeline: Pipeline, make_opportunity: MakeOpportunity
) -> None:
    fx_rate_set(currency="USD", valid_on=date(2020, 1, 1), rate=Decimal("2"))
    make_opportunity("Ovens", amount=Decimal("1000"))
    make_opportunity("Mixers", amount=Decimal("3000"), currency="USD")

    response = _client_for(personas.rep).get("/pipeline/")

    columns = response.context["columns"]
    assert [c.stage.name for c in columns] == [
        "Qualification",
        "Needs analysis",
        "Proposal",
        "Negotiation",
        "Won",
        "Lost",
    ]
    assert (columns[0].count, str(columns[0].total.total.quantized())) == (2, "2500.00 EUR")
    html = response.content.decode()
    assert "2 opportunities" in html
    assert "€2,500.00" in html
    assert "$3,000.00" in html
    assert "Bäckerei Schulz GmbH" in html
    assert 'src="/static/pipeline/board.js"' in html


def test_a_full_column_shows_its_soonest_deals_and_counts_and_totals_all_of_them(
    personas: Personas, pipeline: Pipeline, make_opportunity: MakeOpportunity, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given five deals in the first stage and a board that shows three cards a column
    monkeypatch.setattr("salesdesk.pipeline.selectors.CARDS_PER_COLUMN", 3)
    for day in (5, 1, 4, 2, 3):
        make_opportunity(f"Deal {day}", amount=Decimal("100"), expected_close=date(2030, 5, day))

    response = _client_for(personas.rep).get("/pipeline/")

    # then the column holds the three closing soonest, says two more are in the list, and counts all five
    first = response.context["columns"][0]
    assert [card.name for card in first.cards] == ["Deal 1", "Deal 2", "Deal 3"]
    assert (first.count, first.more, str(first.total.total.quantized())) == (5, 2, "500.00 EUR")
    html = response.content.decode()
    assert "5 opportunities" in html
    assert "Deal 4" not in html
    assert f'href="/opportunities/?stage={first.stage.pk}">2 more, with a later expected close' in html


def test_moving_a_card_answers_with_the_updated_board(
    personas: Personas, pipeline: Pipeline, make_opportunity: MakeOpportunity
) -> None:
    opportunity = make_opportunity()
    won = stage(pipeline, "Won")

    response = _client_for(personas.rep).post(
        f"/opportunities/{opportunity.pk}/move/", {"stage": won.pk}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert response.templates[0].name == "pipeline/partials/_board.html"
    assert response.context["columns"][4].count == 1
    opportunity.refresh_from_db()
    assert opportunity.stage == won
    assert StageChange.objects.filter(opportunity=opportunity, to_stage=won).count() == 1


def test_the_move_form_works_without_javascript(
    personas: Personas, pipeline: Pipeline, make_opportunity: MakeOpportunity
) -> None:
    opportunity = make_opportunity()

    response = _client_for(personas.rep).post(
        f"/opportunities/{opportunity.pk}/move/", {"stage": stage(pipeline, "Proposal").pk}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/pipeline/{pipeline.pk}/"
    assert Opportunity.objects.get(pk=opportunity.pk).stage.name == "Proposal"


def test_moving_to_lost_opens_the_lose_form_and_the_form_needs_a_reason(
    personas: Personas, pipeline: Pipeline, make_opportunity: MakeOpportunity
) -> None:
    opportunity = make_opportunity()
    lost = stage(pipeline, "Lost")
    price = LossReason.objects.create(name="Price")
    client = _client_for(personas.rep)

    moved = client.post(
        f"/opportunities/{opportunity.pk}/move/", {"stage": lost.pk}, headers={"HX-Request": "true"}
    )
    assert moved["HX-Redirect"] == f"/opportunities/{opportunity.pk}/lose/?stage={lost.pk}"
    assert Opportunity.objects.get(pk=opportunity.pk).stage.name == "Qualification"

    without_reason = client.post(f"/opportunities/{opportunity.pk}/lose/?stage={lost.pk}", {"stage": lost.pk})
    assert without_reason.status_code == 200
    assert "This field is required." in without_reason.content.decode()
    assert Opportunity.objects.get(pk=opportunity.pk).stage.name == "Qualification"

    with_reason = client.post(
        f"/opportunities/{opportunity.pk}/lose/",
        {"stage": lost.pk, "loss_reason": price.pk, "loss_note": "Meier was cheaper", "version": 1},
    )
    assert with_reason.status_code == 302
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert (stored.stage.name, stored.loss_reason, stored.loss_note) == ("Lost", price, "Meier was cheaper")


def test_the_detail_page_shows_facts_weighted_value_and_time_in_each_stage(
    personas: Personas, pipeline: Pipeline, make_opportunity: MakeOpportunity
) -> None:
    opportunity = make_opportunity(amount=Decimal("2000"))
    Opportunity.objects.filter(pk=opportunity.pk).update(stage_entered_at=timezone.now() - timedelta(days=2))
    StageChange.objects.filter(opportunity=opportunity).update(changed_at=timezone.now() - timedelta(days=2))
    opportunity.refresh_from_db()
    opportunity_move(opportunity=opportunity, stage=stage(pipeline, "Proposal"), moved_by=personas.rep)
    opportunity_competitors_set(
        opportunity=opportunity,
        competitors=[Competitor.objects.create(name="Ofenbau Meier")],
        changed_by=personas.rep,
    )

    response = _client_for(personas.rep).get(f"/opportunities/{opportunity.pk}/")

    html = response.content.decode()
    assert "€2,000.00" in html
    assert '<dd data-testid="weighted-value">€1,000.00</dd>' in html  # Proposal: 50 %
    assert "2\xa0days" in html  # time spent in Qualification
    assert "Ofenbau Meier" in html


def test_creating_from_the_form_with_a_negative_amount_names_the_field(
    personas: Personas, account: object
) -> None:
    response = _client_for(personas.rep).post(
        "/opportunities/new/",
        {
            "name": "Ovens",
            "account": account.pk,  # type: ignore[attr-defined]
            "amount": "-10",
            "currency": "EUR",
            "expected_close": "2030-04-01",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"amount": ["The amount cannot be negative."]}
    assert not Opportunity.objects.exists()


def test_creating_from_the_form_opens_the_deal(personas: Personas, account: object) -> None:
    response = _client_for(personas.rep).post(
        "/opportunities/new/",
        {
            "name": "Ovens",
            "account": account.pk,  # type: ignore[attr-defined]
            "amount": "1250.50",
            "currency": "usd",
            "expected_close": "2030-04-01",
        },
    )

    opportunity = Opportunity.objects.get()
    assert response["Location"] == f"/opportunities/{opportunity.pk}/"
    assert (opportunity.amount, opportunity.currency, opportunity.owner) == (
        Decimal("1250.5000"),
        "USD",
        personas.rep,
    )


def test_a_stale_edit_from_the_form_is_refused_with_a_message(
    personas: Personas, make_opportunity: MakeOpportunity
) -> None:
    opportunity = make_opportunity()
    opportunity_move(
        opportunity=opportunity,
        stage=opportunity.pipeline.stages.get(name="Proposal"),
        moved_by=personas.manager,
    )

    response = _client_for(personas.rep).post(
        f"/opportunities/{opportunity.pk}/edit/",
        {
            "name": "Renamed",
            "account": opportunity.account_id,
            "amount": "1000",
            "currency": "EUR",
            "expected_close": "2030-05-20",
            "version": 1,
        },
    )

    assert response.status_code == 200
    assert "you had version 1, it is now version 2" in response.content.decode()
    assert Opportunity.objects.get(pk=opportunity.pk).name == "Ovens for Schulz"


def test_the_list_filters_by_stage_competitor_close_date_and_amount(
    personas: Personas, pipeline: Pipeline, make_opportunity: MakeOpportunity
) -> None:
    rival = Competitor.objects.create(name="Ofenbau Meier")
    small = make_opportunity("Small", amount=Decimal("100"), expected_close=date(2030, 1, 10))
    big = make_opportunity("Big", amount=Decimal("9000"), expected_close=date(2030, 6, 10))
    opportunity_competitors_set(opportunity=big, competitors=[rival], changed_by=personas.rep)
    opportunity_move(opportunity=small, stage=stage(pipeline, "Proposal"), moved_by=personas.rep)
    client = _client_for(personas.rep)

    def names(query: str) -> list[str]:
        return [o.name for o in client.get(f"/opportunities/?{query}").context["page"]]

    assert names("") == ["Small", "Big"]
    assert names(f"stage={stage(pipeline, 'Proposal').pk}") == ["Small"]
    assert names(f"competitor={rival.pk}") == ["Big"]
    assert names("close_from=2030-02-01&close_to=2030-12-31") == ["Big"]
    assert names("amount_from=50&amount_to=500") == ["Small"]
    assert names(f"owner={personas.rep.pk}&q=big") == ["Big"]


def _count_queries(client: Client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/opportunities/", "/pipeline/", "/api/v1/opportunities?limit=50"])
def test_pages_cost_the_same_queries_for_one_row_as_for_fifty(
    personas: Personas, make_opportunity: MakeOpportunity, path: str
) -> None:
    client = _client_for(personas.manager)
    make_opportunity("Deal 0")
    one = _count_queries(client, path)

    for number in range(1, 50):
        make_opportunity(f"Deal {number}", owner=personas.rep if number % 2 else personas.other_rep)
    fifty = _count_queries(client, path)

    assert one == fifty
    html = client.get(path).content.decode()
    # The board shows a column's soonest deals and counts them all; the lists show every one.
    assert "50 opportunities" in html if path == "/pipeline/" else "Deal 49" in html


def test_the_worklist_shows_the_owners_deals_past_their_expected_close(
    personas: Personas, make_opportunity: MakeOpportunity
) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    overdue = make_opportunity("Late ovens", expected_close=yesterday)
    make_opportunity("Future ovens", expected_close=timezone.localdate() + timedelta(days=10))
    make_opportunity("Someone else's", owner=personas.other_rep, expected_close=yesterday)

    html = _client_for(personas.rep).get("/").content.decode()

    assert "Close or re-date: Late ovens" in html
    assert f"/opportunities/{overdue.pk}/" in html
    assert "Future ovens" not in html
    assert "Someone else" not in html


def test_the_navigation_shows_pipeline(personas: Personas) -> None:
    html = _client_for(personas.rep).get("/pipeline/").content.decode()

    assert '<a href="/pipeline/" aria-current="page">Pipeline</a>' in html


def test_the_lose_form_refuses_a_stage_that_is_not_a_lost_one(
    personas: Personas, pipeline: Pipeline, make_opportunity: MakeOpportunity
) -> None:
    opportunity = make_opportunity()
    price = LossReason.objects.create(name="Price")

    response = _client_for(personas.rep).post(
        f"/opportunities/{opportunity.pk}/lose/",
        {"stage": stage(pipeline, "Won").pk, "loss_reason": price.pk, "version": 1},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Choose a stage for lost opportunities."]
    assert Opportunity.objects.get(pk=opportunity.pk).stage.name == "Qualification"


def test_the_products_form_saves_the_lines_of_the_deal(
    personas: Personas, make_opportunity: MakeOpportunity
) -> None:
    opportunity = make_opportunity()

    response = _client_for(personas.rep).post(
        f"/opportunities/{opportunity.pk}/products/",
        {
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-product": "Deck oven",
            "lines-0-quantity": "2",
            "lines-0-unit_price": "4500",
            "version": "1",
        },
    )

    assert response.status_code == 302
    detail = _client_for(personas.rep).get(f"/opportunities/{opportunity.pk}/").content.decode()
    assert "<td>Deck oven</td>" in detail
    assert "€4,500.00" in detail
