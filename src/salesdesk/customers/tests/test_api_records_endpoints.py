"""The accounts, contacts and activities API: scoping, create, versioned PATCH, filters and query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from salesdesk.api.services import api_token_create
from salesdesk.conftest import Personas
from salesdesk.customers.models import Account, Activity, Contact, ContactPoint
from salesdesk.customers.services import account_create, activity_plan, contact_create
from salesdesk.org.models import User

pytestmark = pytest.mark.django_db


def _api(user: User) -> Client:
    _token, plaintext = api_token_create(user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


@pytest.mark.parametrize(
    ("persona", "status"),
    [("rep", 200), ("manager", 200), ("coordinator", 200), ("other_rep", 404), ("outsider", 404)],
)
def test_an_account_and_contact_answer_404_outside_scope(
    personas: Personas, persona: str, status: int
) -> None:
    account = account_create(created_by=personas.rep, name="Acme GmbH")
    contact = contact_create(created_by=personas.rep, full_name="Anna Schmidt", account=account)
    client = _api(getattr(personas, persona))
    assert client.get(f"/api/v1/accounts/{account.pk}").status_code == status
    assert client.get(f"/api/v1/contacts/{contact.pk}").status_code == status
    listed = [row["name"] for row in client.get("/api/v1/accounts").json()["items"]]
    assert listed == (["Acme GmbH"] if status == 200 else [])


def test_patching_an_account_outside_scope_is_404_and_changes_nothing(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme GmbH")
    response = _api(personas.outsider).patch(
        f"/api/v1/accounts/{account.pk}", {"version": 1, "name": "Mine"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    account.refresh_from_db()
    assert account.name == "Acme GmbH"


def test_creating_a_contact_nests_its_contact_points(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme GmbH")
    response = _api(personas.rep).post(
        "/api/v1/contacts",
        {
            "first_name": "Иван",
            "last_name": "Петров",
            "country": "bg",
            "account_id": account.pk,
            "emails": ["Ivan@Example.BG"],
            "phones": ["02 123 4567"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["full_name"], body["owner_id"], body["account_id"], body["version"]) == (
        "Иван Петров",
        personas.rep.pk,
        account.pk,
        1,
    )
    points = [
        (p["kind"], p["value"], p["normalized"], p["is_primary"], p["status"]) for p in body["contact_points"]
    ]
    assert points == [
        ("email", "Ivan@Example.BG", "ivan@example.bg", True, "unverified"),
        ("phone", "02 123 4567", "+35921234567", True, "unverified"),
    ]


def test_a_bad_email_names_the_field_and_saves_nothing(personas: Personas) -> None:
    response = _api(personas.rep).post(
        "/api/v1/contacts",
        {"full_name": "Anna", "emails": ["anna@@example"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["emails"]
    assert not Contact.objects.exists()
    assert not ContactPoint.objects.exists()


def test_a_stale_patch_answers_409_and_keeps_the_stored_data(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme GmbH")
    client = _api(personas.rep)
    first = client.patch(
        f"/api/v1/accounts/{account.pk}",
        {"version": 1, "name": "Acme AG", "segment_ids": []},
        content_type="application/json",
    )
    assert (first.status_code, first.json()["name"], first.json()["version"]) == (200, "Acme AG", 2)
    stale = client.patch(
        f"/api/v1/accounts/{account.pk}", {"version": 1, "name": "Acme SE"}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert stale.json()["type"] == "urn:salesdesk:problem:stale-record"
    account.refresh_from_db()
    assert (account.name, account.version) == ("Acme AG", 2)


def test_a_stale_contact_patch_answers_409(personas: Personas) -> None:
    contact = contact_create(created_by=personas.rep, full_name="Anna")
    client = _api(personas.rep)
    assert (
        client.patch(
            f"/api/v1/contacts/{contact.pk}", {"version": 1, "title": "CEO"}, content_type="application/json"
        ).json()["title"]
        == "CEO"
    )
    assert (
        client.patch(
            f"/api/v1/contacts/{contact.pk}", {"version": 1, "title": "CFO"}, content_type="application/json"
        ).status_code
        == 409
    )


def test_account_filters_and_cursor_pages(personas: Personas) -> None:
    for name, country in [("Alpha", "DE"), ("Beta", "IT"), ("Gamma", "DE"), ("Delta", "DE")]:
        account_create(created_by=personas.rep, name=name, country=country)
    client = _api(personas.rep)
    first = client.get("/api/v1/accounts", {"country": "DE", "limit": 2}).json()
    assert [row["name"] for row in first["items"]] == ["Alpha", "Delta"]
    second = client.get(
        "/api/v1/accounts", {"country": "DE", "limit": 2, "cursor": first["next_cursor"]}
    ).json()
    assert ([row["name"] for row in second["items"]], second["next_cursor"]) == (["Gamma"], None)


def test_merged_accounts_are_not_listed(personas: Personas) -> None:
    kept = account_create(created_by=personas.rep, name="Acme")
    gone = account_create(created_by=personas.rep, name="Acme old")
    Account.objects.filter(pk=gone.pk).update(merged_into=kept)
    assert [row["name"] for row in _api(personas.rep).get("/api/v1/accounts").json()["items"]] == ["Acme"]


def test_logging_a_call_not_in_service_through_the_api(personas: Personas) -> None:
    contact = contact_create(created_by=personas.rep, full_name="Anna", phones=["+49 30 1234567"])
    phone = ContactPoint.objects.get()
    response = _api(personas.rep).post(
        "/api/v1/activities",
        {
            "kind": "call",
            "subject": "Intro",
            "outcome": "not_in_service",
            "contact_id": contact.pk,
            "contact_point_id": phone.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["owner_id"]) == ("done", personas.rep.pk)
    phone.refresh_from_db()
    assert phone.status == "disconnected"


def test_an_activity_on_someone_elses_account_names_the_field(personas: Personas) -> None:
    account = account_create(created_by=personas.other_rep, name="Beta")
    response = _api(personas.rep).post(
        "/api/v1/activities",
        {"kind": "call", "subject": "Hi", "account_id": account.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["account"]
    assert not Activity.objects.exists()


def test_planning_and_completing_an_activity(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme")
    client = _api(personas.rep)
    planned = client.post(
        "/api/v1/activities",
        {"kind": "visit", "subject": "Plant tour", "account_id": account.pk, "planned_for": "2030-03-04"},
        content_type="application/json",
    ).json()
    assert planned["status"] == "planned"
    done = client.post(
        f"/api/v1/activities/{planned['id']}/complete",
        {"outcome": "reached"},
        content_type="application/json",
    ).json()
    assert (done["status"], done["outcome"]) == ("done", "reached")
    assert _api(personas.outsider).get(f"/api/v1/activities/{planned['id']}").status_code == 404


def _queries(client: Client, path: str) -> int:
    client.get(path)  # the first use of a token records it
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_the_account_list_query_count_does_not_grow(personas: Personas) -> None:
    client = _api(personas.manager)
    account_create(created_by=personas.rep, name="Account 0")
    one = _queries(client, "/api/v1/accounts?limit=50")
    for number in range(1, 50):
        account = account_create(created_by=personas.rep, name=f"Account {number}")
        contact_create(created_by=personas.rep, full_name=f"P {number}", account=account)
        ContactPoint.objects.create(account=account, kind="email", value=f"a{number}@example.com")
    assert len(client.get("/api/v1/accounts?limit=50").json()["items"]) == 50
    assert _queries(client, "/api/v1/accounts?limit=50") == one


def test_the_contact_list_query_count_does_not_grow(personas: Personas) -> None:
    client = _api(personas.manager)
    contact_create(created_by=personas.rep, full_name="Person 0", emails=["p0@example.com"])
    one = _queries(client, "/api/v1/contacts?limit=50")
    for number in range(1, 50):
        contact_create(
            created_by=personas.rep,
            full_name=f"Person {number}",
            emails=[f"p{number}@example.com"],
            phones=["+4930123456"],
        )
    assert _queries(client, "/api/v1/contacts?limit=50") == one


def test_the_activity_list_query_count_does_not_grow(personas: Personas) -> None:
    client = _api(personas.manager)
    account = account_create(created_by=personas.rep, name="Acme")
    activity_plan(
        planned_by=personas.rep, kind="call", subject="0", planned_for=date(2030, 1, 1), account=account
    )
    one = _queries(client, "/api/v1/activities?limit=50")
    for number in range(1, 50):
        activity_plan(
            planned_by=personas.rep,
            kind="call",
            subject=str(number),
            planned_for=date(2030, 1, 1),
            account=account,
        )
    assert _queries(client, "/api/v1/activities?limit=50") == one
