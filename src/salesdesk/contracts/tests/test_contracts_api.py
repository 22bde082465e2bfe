"""Contracts and deliverables in the API: create, sign, queue, complete, 409, scoping."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from salesdesk.contracts.choices import ContractStatus
from salesdesk.contracts.models import Contract, Deliverable
from salesdesk.contracts.tests.fixtures_contracts import *  # noqa: F403
from salesdesk.contracts.tests.fixtures_contracts import ApiClientFor, MakeContract, Seed

pytestmark = pytest.mark.django_db


def _payload(seed: Seed, **changes: Any) -> dict[str, Any]:
    return {
        "account_id": seed.account.pk,
        "title": "Spring campaign",
        "start_on": seed.start_on.isoformat(),
        "end_on": (seed.start_on + timedelta(days=364)).isoformat(),
        "currency": "EUR",
        "lines": [
            {
                "product_id": seed.advert.pk,
                "quantity": "2",
                "billing": "per_issue",
                "issues": ["2027/03", "2027/04"],
            },
            {
                "product_id": seed.banner.pk,
                "quantity": "1",
                "discount_percent": "100",
                "target_url": "https://x.example",
            },
            {"product_id": seed.stand.pk, "quantity": "1", "discount_percent": "40"},
        ],
        **changes,
    }


def test_it_drafts_signs_and_completes_through_the_api(seed: Seed, api_client_for: ApiClientFor) -> None:
    rep = api_client_for(seed.personas.rep)

    created = rep.post("/api/v1/contracts", _payload(seed), content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["value"], len(body["lines"]), body["deliverables"]) == (
        "draft",
        "3200.0000",
        3,
        [],
    )

    signed = rep.post(
        f"/api/v1/contracts/{body['id']}/sign",
        {"signed_on": timezone.localdate().isoformat(), "version": body["version"]},
        content_type="application/json",
    )
    assert signed.status_code == 200, signed.content
    assert signed.json()["promises"] == {"done": 0, "open": 3, "overdue": 0, "all_kept": False}

    fairs = api_client_for(seed.fairs_staff)
    queue = fairs.get("/api/v1/deliverables", {"scope": "department"}).json()
    [stand] = queue["items"]
    assert (stand["title"], stand["department_id"], stand["contract_number"]) == (
        "Invoice the discounted stand",
        seed.fairs.pk,
        body["number"],
    )
    refused = fairs.post(f"/api/v1/deliverables/{stand['id']}/complete", {}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "evidence"

    done = fairs.post(
        f"/api/v1/deliverables/{stand['id']}/complete",
        {"reference": "INV-2027-1"},
        content_type="application/json",
    )
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["confirmed_by_id"]) == ("done", seed.fairs_staff.pk)


def test_bad_input_names_the_line_and_field_and_saves_nothing(
    seed: Seed, api_client_for: ApiClientFor
) -> None:
    payload = _payload(seed, currency="USD")
    payload["lines"][1]["quantity"] = "-1"

    response = api_client_for(seed.personas.rep).post(
        "/api/v1/contracts", payload, content_type="application/json"
    )

    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"lines.0.unit_price", "lines.1.quantity", "lines.2.unit_price"} <= fields
    assert Contract.objects.count() == 0


def test_a_stale_change_answers_409(
    seed: Seed, make_contract: MakeContract, api_client_for: ApiClientFor
) -> None:
    contract = make_contract()
    rep = api_client_for(seed.personas.rep)

    first = rep.patch(
        f"/api/v1/contracts/{contract.pk}", {"version": 1, "title": "New"}, content_type="application/json"
    )
    second = rep.patch(
        f"/api/v1/contracts/{contract.pk}", {"version": 1, "title": "Old"}, content_type="application/json"
    )

    assert first.status_code == 200
    assert first.json()["version"] == 2
    assert second.status_code == 409
    assert Contract.objects.get().title == "New"


def test_scoping_applies_in_the_api(
    seed: Seed, make_contract: MakeContract, api_client_for: ApiClientFor
) -> None:
    contract = make_contract(signed=True)
    banner = contract.deliverables.get(department=seed.web)
    outsider = api_client_for(seed.personas.outsider)
    design = api_client_for(seed.personas.design_staff)

    assert outsider.get(f"/api/v1/contracts/{contract.pk}").status_code == 404
    assert outsider.get("/api/v1/contracts").json()["items"] == []
    assert design.get(f"/api/v1/deliverables/{banner.pk}").status_code == 404
    assert (
        design.get("/api/v1/deliverables", {"scope": "department", "department": seed.web.pk}).status_code
        == 404
    )
    # Department staff read the contract of their work, with only their own promises.
    detail = design.get(f"/api/v1/contracts/{contract.pk}").json()
    assert [d["title"] for d in detail["deliverables"]] == ["Place the advert in the issues"]


def test_a_coordinator_assigns_to_a_department_member(
    seed: Seed, make_contract: MakeContract, api_client_for: ApiClientFor
) -> None:
    banner = make_contract(signed=True).deliverables.get(department=seed.web)
    coordinator = api_client_for(seed.personas.coordinator)

    wrong = coordinator.post(
        f"/api/v1/deliverables/{banner.pk}/assign",
        {"assignee_id": seed.fairs_staff.pk},
        content_type="application/json",
    )
    right = coordinator.post(
        f"/api/v1/deliverables/{banner.pk}/assign",
        {"assignee_id": seed.web_staff.pk},
        content_type="application/json",
    )

    assert wrong.status_code == 400
    assert right.json()["assignee_id"] == seed.web_staff.pk
    assert Deliverable.objects.get(pk=banner.pk).assignee == seed.web_staff


def test_the_contract_list_filters(
    seed: Seed, make_contract: MakeContract, api_client_for: ApiClientFor
) -> None:
    draft = make_contract(title="Autumn")
    signed = make_contract(signed=True)
    rep = api_client_for(seed.personas.rep)

    assert [c["id"] for c in rep.get("/api/v1/contracts", {"status": "signed"}).json()["items"]] == [
        signed.pk
    ]
    assert [c["id"] for c in rep.get("/api/v1/contracts", {"q": "autumn"}).json()["items"]] == [draft.pk]
    assert Contract.objects.get(pk=signed.pk).status == ContractStatus.SIGNED
