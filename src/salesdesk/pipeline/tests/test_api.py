"""Opportunities and pipelines in the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from salesdesk.conftest import Personas
from salesdesk.customers.models import Account
from salesdesk.org.models import BusinessUnit
from salesdesk.pipeline.models import LossReason, Opportunity, Pipeline, StageChange
from salesdesk.pipeline.services import pipeline_default
from salesdesk.pipeline.tests.conftest import ApiClientFor, MakeOpportunity, stage

pytestmark = pytest.mark.django_db


def test_it_lists_pipelines_with_their_stages(
    personas: Personas, pipeline: Pipeline, api_client_for: ApiClientFor
) -> None:
    pipeline_default(business_unit=BusinessUnit.objects.get(code="south"))

    response = api_client_for(personas.rep).get("/api/v1/pipelines")

    [only] = response.json()
    assert (only["id"], only["name"], only["is_default"]) == (pipeline.pk, "Sales", True)
    assert [(s["name"], s["probability"], s["kind"]) for s in only["stages"]] == [
        ("Qualification", 10, "open"),
        ("Needs analysis", 25, "open"),
        ("Proposal", 50, "open"),
        ("Negotiation", 75, "open"),
        ("Won", 100, "won"),
        ("Lost", 0, "lost"),
    ]


def test_it_creates_an_opportunity(
    personas: Personas, pipeline: Pipeline, account: Account, api_client_for: ApiClientFor
) -> None:
    response = api_client_for(personas.rep).post(
        "/api/v1/opportunities",
        {
            "name": "Ovens",
            "account_id": account.pk,
            "amount": "1250.50",
            "currency": "USD",
            "expected_close": "2030-04-01",
            "stage_id": stage(pipeline, "Proposal").pk,
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    opportunity = Opportunity.objects.get()
    assert body["id"] == opportunity.pk
    assert (body["amount"], body["currency"], body["stage_kind"], body["effective_probability"]) == (
        "1250.5000",
        "USD",
        "open",
        50,
    )
    assert (body["owner_id"], body["version"]) == (personas.rep.pk, 1)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "-1"}, "amount", "The amount cannot be negative."),
        ({"currency": "XYZ"}, "currency", "XYZ is not a currency code."),
        ({"stage_id": "foreign"}, "stage", "Choose a stage of the opportunity's pipeline."),
    ],
)
def test_it_refuses_bad_input_naming_the_field_and_saves_nothing(
    personas: Personas,
    pipeline: Pipeline,
    account: Account,
    api_client_for: ApiClientFor,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    if changes.get("stage_id") == "foreign":
        changes["stage_id"] = stage(pipeline_default(business_unit=personas.other_unit), "Proposal").pk
    payload = {"name": "Ovens", "account_id": account.pk, "expected_close": "2030-04-01", **changes}

    response = api_client_for(personas.rep).post(
        "/api/v1/opportunities", payload, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": field, "message": message}]
    assert not Opportunity.objects.exists()


def test_it_pages_the_list_with_a_cursor_and_filters(
    personas: Personas, make_opportunity: MakeOpportunity, api_client_for: ApiClientFor
) -> None:
    for day in (1, 2, 3):
        make_opportunity(f"Deal {day}", expected_close=date(2030, 4, day), amount=Decimal(day * 100))
    make_opportunity("Not mine", owner=personas.other_rep)
    client = api_client_for(personas.rep)

    first = client.get("/api/v1/opportunities?limit=2").json()
    second = client.get(f"/api/v1/opportunities?limit=2&cursor={first['next_cursor']}").json()
    filtered = client.get("/api/v1/opportunities?amount_from=150&close_to=2030-04-02").json()

    assert [o["name"] for o in first["items"]] == ["Deal 1", "Deal 2"]
    assert ([o["name"] for o in second["items"]], second["next_cursor"]) == (["Deal 3"], None)
    assert [o["name"] for o in filtered["items"]] == ["Deal 2"]


def test_it_changes_an_opportunity_and_answers_409_for_a_stale_version(
    personas: Personas, make_opportunity: MakeOpportunity, api_client_for: ApiClientFor
) -> None:
    opportunity = make_opportunity()
    client = api_client_for(personas.rep)

    changed = client.patch(
        f"/api/v1/opportunities/{opportunity.pk}",
        {"version": 1, "amount": "2000", "probability": 40},
        content_type="application/json",
    )
    stale = client.patch(
        f"/api/v1/opportunities/{opportunity.pk}",
        {"version": 1, "name": "Late edit"},
        content_type="application/json",
    )

    assert changed.status_code == 200
    assert (changed.json()["amount"], changed.json()["effective_probability"], changed.json()["version"]) == (
        "2000.0000",
        40,
        2,
    )
    assert stale.status_code == 409
    assert stale.json()["type"] == "urn:salesdesk:problem:stale-record"
    assert Opportunity.objects.get(pk=opportunity.pk).name == "Ovens for Schulz"


def test_it_moves_an_opportunity_and_needs_a_reason_to_lose_it(
    personas: Personas, pipeline: Pipeline, make_opportunity: MakeOpportunity, api_client_for: ApiClientFor
) -> None:
    opportunity = make_opportunity()
    client = api_client_for(personas.rep)
    lost = stage(pipeline, "Lost")

    moved = client.post(
        f"/api/v1/opportunities/{opportunity.pk}/move",
        {"stage_id": stage(pipeline, "Negotiation").pk},
        content_type="application/json",
    )
    no_reason = client.post(
        f"/api/v1/opportunities/{opportunity.pk}/move", {"stage_id": lost.pk}, content_type="application/json"
    )
    reason = LossReason.objects.create(name="Timing")
    with_reason = client.post(
        f"/api/v1/opportunities/{opportunity.pk}/move",
        {"stage_id": lost.pk, "loss_reason_id": reason.pk, "loss_note": "Next year", "version": 2},
        content_type="application/json",
    )

    assert (moved.status_code, moved.json()["stage_id"]) == (200, stage(pipeline, "Negotiation").pk)
    assert no_reason.status_code == 400
    assert no_reason.json()["errors"] == [
        {"field": "loss_reason", "message": "Say why the opportunity was lost."}
    ]
    assert with_reason.status_code == 200
    assert (with_reason.json()["stage_kind"], with_reason.json()["loss_note"]) == ("lost", "Next year")
    assert StageChange.objects.filter(opportunity=opportunity).count() == 3
