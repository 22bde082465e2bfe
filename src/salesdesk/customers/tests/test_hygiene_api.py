"""The hygiene and duplicates API: the same rules as the pages, for coordinators only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from salesdesk.api.services import api_token_create
from salesdesk.conftest import Personas
from salesdesk.customers.dedupe import duplicates_scan
from salesdesk.customers.hygiene import email_mark_bounced
from salesdesk.customers.models import Account, DuplicatePair
from salesdesk.customers.services import account_create, contact_create
from salesdesk.org.models import User
from salesdesk.worklist.models import Task
from salesdesk.worklist.services import task_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_for(db: None) -> Callable[[User], Client]:
    def make(user: User) -> Client:
        _token, plaintext = api_token_create(user=user, name="tests")
        return Client(headers={"Authorization": f"Bearer {plaintext}"})

    return make


def test_a_coordinator_lists_broken_details_and_fixes_one(
    personas: Personas, api_for: Callable[[User], Client]
) -> None:
    point = contact_create(
        created_by=personas.rep, full_name="Anna", emails=["anna@acme.example"]
    ).contact_points.get()
    email_mark_bounced(email="anna@acme.example", reason="550 unknown", changed_by=None)
    api = api_for(personas.coordinator)

    listed = api.get("/api/v1/hygiene/contact-points").json()
    fixed = api.post(
        f"/api/v1/hygiene/contact-points/{point.pk}/fix",
        {"value": "anna.s@acme.example"},
        content_type="application/json",
    )

    assert [(row["value"], row["status"], row["status_reason"]) for row in listed["items"]] == [
        ("anna@acme.example", "bounced", "550 unknown")
    ]
    assert fixed.status_code == 200
    assert {k: fixed.json()[k] for k in ("value", "status", "status_reason", "status_changed_by_id")} == {
        "value": "anna.s@acme.example",
        "status": "valid",
        "status_reason": "fixed",
        "status_changed_by_id": personas.coordinator.pk,
    }


def test_a_rep_sees_no_queue_cannot_fix_but_can_mark_their_own(
    personas: Personas, api_for: Callable[[User], Client]
) -> None:
    point = contact_create(
        created_by=personas.rep, full_name="Anna", emails=["anna@acme.example"]
    ).contact_points.get()
    email_mark_bounced(email="anna@acme.example", reason="550 unknown", changed_by=None)
    api = api_for(personas.rep)

    assert api.get("/api/v1/hygiene/contact-points").json() == {"items": [], "next_cursor": None}
    fix = api.post(
        f"/api/v1/hygiene/contact-points/{point.pk}/fix",
        {"value": "a@b.example"},
        content_type="application/json",
    )
    mark = api.post(
        f"/api/v1/hygiene/contact-points/{point.pk}/mark", {"mark": "valid"}, content_type="application/json"
    )
    outsider = api_for(personas.outsider).post(
        f"/api/v1/hygiene/contact-points/{point.pk}/mark",
        {"mark": "bounced"},
        content_type="application/json",
    )

    assert fix.status_code == 404
    assert (mark.status_code, mark.json()["status"]) == (200, "valid")
    assert outsider.status_code == 404


def test_duplicates_are_listed_and_merged_through_the_api(
    personas: Personas, api_for: Callable[[User], Client]
) -> None:
    first = account_create(created_by=personas.rep, name="Acme GmbH", vat_id="DE123")
    second = account_create(created_by=personas.rep, name="ACME", vat_id="DE123", industry="Construction")
    task_create(created_by=personas.rep, title="Visit", subject=second)
    duplicates_scan()
    api = api_for(personas.coordinator)

    listed = api.get("/api/v1/duplicates").json()
    [pair] = listed["items"]
    merged = api.post(
        f"/api/v1/duplicates/{pair['id']}/merge",
        {"keep": "first", "values_from": {"industry": "second"}},
        content_type="application/json",
    )

    assert (pair["first_id"], pair["second_id"], pair["score"]) == (first.pk, second.pk, 100)
    assert merged.json() == {"entity": "account", "survivor_id": first.pk, "merged_id": second.pk}
    assert Account.objects.get(pk=first.pk).industry == "Construction"
    assert Account.objects.get(pk=second.pk).merged_into_id == first.pk
    assert Task.objects.get().object_id == str(first.pk)
    assert api.get("/api/v1/duplicates").json()["items"] == []


def test_a_rep_cannot_list_or_merge_duplicates(personas: Personas, api_for: Callable[[User], Client]) -> None:
    account_create(created_by=personas.rep, name="Acme GmbH", vat_id="DE123")
    account_create(created_by=personas.rep, name="ACME", vat_id="DE123")
    duplicates_scan()
    pair = DuplicatePair.objects.get()
    api = api_for(personas.rep)

    assert api.get("/api/v1/duplicates").json()["items"] == []
    response = api.post(
        f"/api/v1/duplicates/{pair.pk}/merge", {"keep": "first"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert Account.objects.filter(merged_into__isnull=False).count() == 0


def test_the_duplicates_api_makes_the_same_queries_for_1_and_50_pairs(
    personas: Personas, api_for: Callable[[User], Client]
) -> None:
    api = api_for(personas.coordinator)
    account_create(created_by=personas.rep, name="Pair 0 a", vat_id="X0")
    account_create(created_by=personas.rep, name="Other 0 b", vat_id="X0")
    duplicates_scan()
    api.get("/api/v1/duplicates")
    with CaptureQueriesContext(connection) as one:
        assert len(api.get("/api/v1/duplicates").json()["items"]) == 1
    for index in range(1, 50):
        account_create(created_by=personas.rep, name=f"Pair {index} a", vat_id=f"X{index}")
        account_create(created_by=personas.rep, name=f"Other {index} b", vat_id=f"X{index}")
    duplicates_scan()
    with CaptureQueriesContext(connection) as fifty:
        assert len(api.get("/api/v1/duplicates").json()["items"]) == 50
    assert len(fifty.captured_queries) == len(one.captured_queries)
