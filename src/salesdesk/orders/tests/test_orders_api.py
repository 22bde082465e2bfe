"""Orders, deliveries and incidents in the API: same rules and scoping as the pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from salesdesk.api.services import api_token_create
from salesdesk.conftest import Personas
from salesdesk.orders.models import Order
from salesdesk.orders.tests.test_orders_services import Shop, confirmed_order, make_order, make_shop
from salesdesk.org.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(personas: Personas) -> Shop:
    return make_shop(personas)


ApiClientFor = Callable[[User], Client]


@pytest.fixture
def api_client_for(db: None) -> ApiClientFor:
    def make(user: User) -> Client:
        _token, plaintext = api_token_create(user=user, name="tests")
        return Client(headers={"Authorization": f"Bearer {plaintext}"})

    return make


def _create(client: Client, shop: Shop, **changes: object) -> object:
    payload = {
        "account_id": shop.account.pk,
        "currency": "EUR",
        "quoted_on": "2026-04-01",
        "lines": [
            {"product_id": shop.oven.pk, "quantity": "2", "discount_percent": "10"},
            {"description": "Delivery fee", "quantity": "1", "unit_price": "50.00"},
        ],
        **changes,
    }
    return client.post("/api/v1/orders", payload, content_type="application/json")


def test_creating_a_quote(personas: Personas, shop: Shop, api_client_for: ApiClientFor) -> None:
    response = _create(api_client_for(personas.rep), shop)

    assert response.status_code == 201  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["number"] == "Q-2026-000001"
    assert body["status"] == "quote"
    assert body["owner_id"] == personas.rep.pk
    assert [line["net_amount"] for line in body["lines"]] == ["1800.0000", "50.0000"]
    assert (body["net_total"], body["tax_total"], body["gross_total"]) == (
        "1850.0000",
        "396.0000",
        "2246.0000",
    )


def test_bad_lines_answer_400_naming_the_line_and_save_nothing(
    personas: Personas, shop: Shop, api_client_for: ApiClientFor
) -> None:
    client = api_client_for(personas.rep)
    negative = _create(client, shop, lines=[{"product_id": shop.oven.pk, "quantity": "-1"}])
    no_price = _create(client, shop, currency="CHF", lines=[{"product_id": shop.oven.pk, "quantity": "1"}])

    assert negative.status_code == 400  # type: ignore[attr-defined]
    assert [e["field"] for e in negative.json()["errors"]] == ["lines[0].quantity"]  # type: ignore[attr-defined]
    assert no_price.status_code == 400  # type: ignore[attr-defined]
    assert [e["field"] for e in no_price.json()["errors"]] == ["lines[0].unit_price"]  # type: ignore[attr-defined]
    assert not Order.objects.exists()


def test_a_stale_update_answers_409(personas: Personas, shop: Shop, api_client_for: ApiClientFor) -> None:
    client = api_client_for(personas.rep)
    order = make_order(shop, personas.rep)

    first = client.patch(
        f"/api/v1/orders/{order.pk}",
        {
            "version": 1,
            "notes": "Deliver after 10",
            "lines": [{"product_id": shop.service.pk, "quantity": "3"}],
        },
        content_type="application/json",
    )
    second = client.patch(
        f"/api/v1/orders/{order.pk}", {"version": 1, "notes": "x"}, content_type="application/json"
    )

    assert first.status_code == 200
    assert first.json()["notes"] == "Deliver after 10"
    assert first.json()["net_total"] == "299.9700"
    assert second.status_code == 409
    assert Order.objects.get().notes == "Deliver after 10"


def test_the_whole_way_from_quote_to_follow_up(
    personas: Personas, shop: Shop, api_client_for: ApiClientFor
) -> None:
    client = api_client_for(personas.rep)
    order = make_order(shop, personas.rep)
    line = order.lines.get()

    ordered = client.post(
        f"/api/v1/orders/{order.pk}/transition",
        {"to_status": "ordered", "version": 1},
        content_type="application/json",
    )
    assert ordered.status_code == 200
    assert ordered.json()["number"].startswith("O-")
    over = client.post(
        f"/api/v1/orders/{order.pk}/deliveries",
        {"items": [{"order_line_id": line.pk, "quantity": "3"}], "from_location_id": shop.warehouse.pk},
        content_type="application/json",
    )
    assert over.status_code == 400
    assert over.json()["errors"][0]["field"] == "items[0].quantity"
    planned = client.post(
        f"/api/v1/orders/{order.pk}/deliveries",
        {"items": [{"order_line_id": line.pk, "quantity": "2"}], "from_location_id": shop.warehouse.pk},
        content_type="application/json",
    )
    assert planned.status_code == 201
    delivery_id = planned.json()["id"]
    shipped = client.post(
        f"/api/v1/deliveries/{delivery_id}/ship",
        {"carrier": "UPS", "tracking_number": "1Z999"},
        content_type="application/json",
    )
    assert (shipped.json()["status"], shipped.json()["tracking_number"]) == ("shipped", "1Z999")
    client.post(f"/api/v1/deliveries/{delivery_id}/deliver", {}, content_type="application/json")
    assert client.get(f"/api/v1/orders/{order.pk}").json()["status"] == "delivered"
    assert [d["status"] for d in client.get(f"/api/v1/orders/{order.pk}/deliveries").json()] == ["delivered"]

    incident = client.post(
        "/api/v1/incidents",
        {
            "order_id": order.pk,
            "kind": "damage",
            "description": "Dent",
            "product_id": shop.oven.pk,
            "cost": "15",
        },
        content_type="application/json",
    )
    assert incident.status_code == 201
    incident_id = incident.json()["id"]
    assert client.get("/api/v1/incidents?kind=damage").json()["items"][0]["id"] == incident_id
    assert client.get("/api/v1/incidents/counts?group_by=product").json() == [
        {"key": str(shop.oven.pk), "label": "Oven", "count": 1, "open": 1}
    ]
    resolved = client.post(
        f"/api/v1/incidents/{incident_id}/resolve",
        {"resolution": "discount", "note": "10 % off", "version": 1},
        content_type="application/json",
    )
    assert resolved.json()["status"] == "closed"

    followed = client.post(
        f"/api/v1/orders/{order.pk}/transition", {"to_status": "followed_up"}, content_type="application/json"
    )
    assert followed.json()["status"] == "followed_up"


def test_scoping_in_the_api(personas: Personas, shop: Shop, api_client_for: ApiClientFor) -> None:
    order = confirmed_order(shop, personas.rep)

    assert api_client_for(personas.other_rep).get(f"/api/v1/orders/{order.pk}").status_code == 404
    assert api_client_for(personas.outsider).get(f"/api/v1/orders/{order.pk}/deliveries").status_code == 404
    assert api_client_for(personas.other_rep).get("/api/v1/orders").json()["items"] == []
    assert api_client_for(personas.manager).get(f"/api/v1/orders/{order.pk}").status_code == 200
    assert [o["id"] for o in api_client_for(personas.finance).get("/api/v1/orders").json()["items"]] == [
        order.pk
    ]
    refused = api_client_for(personas.other_rep).post(
        f"/api/v1/orders/{order.pk}/transition", {"to_status": "cancelled"}, content_type="application/json"
    )
    assert refused.status_code == 404
