"""Billing entries in the API: scoped like the pages, paged with cursors, exported in batches."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from salesdesk.api.services import api_token_create
from salesdesk.conftest import Personas
from salesdesk.orders.choices import BillingStatus
from salesdesk.orders.models import BillingEntry
from salesdesk.orders.tests.test_billing_support import make_entries
from salesdesk.org.models import User

pytestmark = pytest.mark.django_db


def _api(user: User) -> Client:
    _token, plaintext = api_token_create(user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


def _post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


def test_finance_lists_the_unit_a_rep_their_own(personas: Personas) -> None:
    own = make_entries(personas.rep, 2, amount="100.00")
    make_entries(personas.other_rep, 1)

    finance = _api(personas.finance).get("/api/v1/billing-entries").json()
    rep = _api(personas.rep).get("/api/v1/billing-entries").json()

    assert len(finance["items"]) == 3
    assert {item["id"] for item in rep["items"]} == {e.pk for e in own}
    item = rep["items"][0]
    assert (item["amount"], item["tax_amount"], item["gross_amount"]) == ("100.0000", "22.00", "122.00")
    assert item["order_number"] == own[0].order.number
    assert item["status"] == "pending"


def test_a_record_outside_the_scope_is_not_found(personas: Personas) -> None:
    [theirs] = make_entries(personas.other_rep, 1)
    assert _api(personas.rep).get(f"/api/v1/billing-entries/{theirs.pk}").status_code == 404
    assert _api(personas.outsider).get(f"/api/v1/billing-entries/{theirs.pk}").status_code == 404
    assert _api(personas.finance).get(f"/api/v1/billing-entries/{theirs.pk}").json()["id"] == theirs.pk


def test_list_pages_with_a_cursor(personas: Personas) -> None:
    make_entries(personas.rep, 5)
    client = _api(personas.finance)
    first = client.get("/api/v1/billing-entries", {"limit": 3}).json()
    second = client.get("/api/v1/billing-entries", {"limit": 3, "cursor": first["next_cursor"]}).json()
    assert len(first["items"]) == 3
    assert len(second["items"]) == 2
    assert second["next_cursor"] is None


def test_export_marks_a_batch_once_and_the_batch_can_be_fetched_again(personas: Personas) -> None:
    entries = make_entries(personas.rep, 3, amount="10.00")
    client = _api(personas.finance)

    response = _post(client, "/api/v1/billing-entries/export", {"ids": [entries[0].pk, entries[1].pk]})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["ids"] == [entries[0].pk, entries[1].pk]
    assert BillingEntry.objects.filter(export_batch=body["batch"], status=BillingStatus.EXPORTED).count() == 2

    again = _post(client, "/api/v1/billing-entries/export", {"ids": [entries[0].pk]})
    assert again.status_code == 400
    assert again["Content-Type"].startswith("application/problem+json")
    assert [error["field"] for error in again.json()["errors"]] == ["status"]

    batch = client.get(f"/api/v1/billing-batches/{body['batch']}").json()
    assert [item["id"] for item in batch["items"]] == body["ids"]
    assert batch["totals"] == [{"currency": "EUR", "count": 2, "amount": "20.0000"}]
    assert client.get("/api/v1/billing-batches/B-19990101-0001").status_code == 404
    assert (
        client.get("/api/v1/billing-entries", {"status": "pending"}).json()["items"][0]["id"] == entries[2].pk
    )


def test_a_rep_may_not_export(personas: Personas) -> None:
    make_entries(personas.rep, 1)
    response = _post(_api(personas.rep), "/api/v1/billing-entries/export", {})
    assert response.status_code == 403
    assert not BillingEntry.objects.filter(status=BillingStatus.EXPORTED).exists()
