"""The prospects API: list, create, get, PATCH with version, and the hand-off actions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from salesdesk.api.tests.conftest import ApiClientFor
from salesdesk.conftest import Personas
from salesdesk.pipeline.models import Opportunity
from salesdesk.prospects.models import Prospect
from salesdesk.prospects.tests.conftest import MakeProspect

pytestmark = pytest.mark.django_db


def test_it_creates_gets_and_patches_a_prospect_with_a_version_check(
    personas: Personas, api_client_for: ApiClientFor
) -> None:
    client = api_client_for(personas.coordinator)
    created = client.post(
        "/api/v1/prospects",
        {"company_name": "Acme", "source": "web_form", "email": "ops@acme.example"},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["company_name"], body["status"], body["owner_id"], body["version"]) == (
        "Acme",
        "new",
        personas.coordinator.pk,
        1,
    )
    path = f"/api/v1/prospects/{body['id']}"
    assert client.get(path).json()["email"] == "ops@acme.example"

    changed = client.patch(path, {"version": 1, "contact_name": "Ola"}, content_type="application/json")
    assert (changed.status_code, changed.json()["contact_name"], changed.json()["version"]) == (200, "Ola", 2)

    stale = client.patch(path, {"version": 1, "contact_name": "Kari"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["type"] == "urn:salesdesk:problem:stale-record"


def test_a_rep_may_not_create_and_cannot_see_others_prospects(
    personas: Personas, api_client_for: ApiClientFor, teed_up: Prospect
) -> None:
    other = api_client_for(personas.other_rep)
    assert (
        other.post(
            "/api/v1/prospects", {"company_name": "X", "source": "advert"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert other.get(f"/api/v1/prospects/{teed_up.pk}").status_code == 404
    assert other.get("/api/v1/prospects").json()["items"] == []
    assert [p["id"] for p in api_client_for(personas.rep).get("/api/v1/prospects").json()["items"]] == [
        teed_up.pk
    ]


def test_the_hand_off_through_the_api(
    personas: Personas, api_client_for: ApiClientFor, qualified: Prospect
) -> None:
    coordinator, rep = api_client_for(personas.coordinator), api_client_for(personas.rep)
    base = f"/api/v1/prospects/{qualified.pk}"

    no_note = coordinator.post(
        f"{base}/tee-up", {"rep_id": personas.rep.pk, "note": ""}, content_type="application/json"
    )
    assert (no_note.status_code, no_note.json()["errors"]) == (
        400,
        [{"field": "note", "message": "Write a hand-off note for the rep."}],
    )

    teed = coordinator.post(
        f"{base}/tee-up", {"rep_id": personas.rep.pk, "note": "Hot"}, content_type="application/json"
    )
    assert (teed.status_code, teed.json()["status"], teed.json()["assigned_rep_id"]) == (
        200,
        "teed_up",
        personas.rep.pk,
    )

    assert api_client_for(personas.other_rep).post(f"{base}/accept").status_code == 404
    no_reason = rep.post(f"{base}/send-back", {"reason": ""}, content_type="application/json")
    assert no_reason.status_code == 400
    assert rep.post(f"{base}/accept").json()["status"] == "accepted"

    bad = rep.post(f"{base}/convert", {"currency": "XXQ"}, content_type="application/json")
    assert bad.status_code == 400
    assert not Opportunity.objects.exists()

    converted = rep.post(
        f"{base}/convert", {"opportunity_name": "Stand", "amount": "900.50"}, content_type="application/json"
    )
    assert converted.status_code == 200
    opportunity = Opportunity.objects.get()
    assert converted.json()["converted_opportunity_id"] == opportunity.pk
    assert (opportunity.teed_up_by, str(opportunity.amount)) == (personas.coordinator, "900.5000")


def test_the_list_query_count_does_not_grow(
    personas: Personas, api_client_for: ApiClientFor, make_prospect: MakeProspect
) -> None:
    client = api_client_for(personas.coordinator)
    make_prospect("Prospect 0")
    client.get("/api/v1/prospects?limit=50")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/prospects?limit=50")
    for number in range(1, 50):
        make_prospect(f"Prospect {number}")
    with CaptureQueriesContext(connection) as fifty:
        response = client.get("/api/v1/prospects?limit=50")
    assert len(response.json()["items"]) == 50
    assert len(one) == len(fifty)


def test_the_list_filters_and_pages_with_a_cursor(
    personas: Personas, api_client_for: ApiClientFor, make_prospect: MakeProspect
) -> None:
    for number in range(3):
        make_prospect(f"Cold {number}")
    make_prospect("Fair", source="trade_show")
    client = api_client_for(personas.coordinator)
    first = client.get("/api/v1/prospects?source=cold_call&limit=2").json()
    second = client.get(f"/api/v1/prospects?source=cold_call&limit=2&cursor={first['next_cursor']}").json()
    names = [p["company_name"] for p in first["items"] + second["items"]]
    assert sorted(names) == ["Cold 0", "Cold 1", "Cold 2"]
    assert second["next_cursor"] is None
