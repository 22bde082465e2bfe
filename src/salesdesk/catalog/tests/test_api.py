"""The catalogue API: the same rules and scoping as the pages, problems for bad input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from salesdesk.catalog.models import Product, StockLevel
from salesdesk.conftest import Personas
from salesdesk.org.choices import DepartmentKind
from salesdesk.testing.catalog_factories import (
    DeliverableTemplateFactory,
    PriceListFactory,
    ProductFactory,
    StockLevelFactory,
    StockLocationFactory,
)

pytestmark = pytest.mark.django_db


def test_the_product_list_is_scoped_filtered_and_paged(personas: Personas, api_client_for: Any) -> None:
    advert = ProductFactory(business_unit=personas.unit, sku="ADV", name="Advert", names={"de": "Anzeige"})
    DeliverableTemplateFactory(product=advert, department_kind=DepartmentKind.DESIGN, title="Place it")
    ProductFactory(business_unit=personas.unit, sku="BAN", name="Banner")
    ProductFactory(business_unit=personas.other_unit, sku="SOUTH", name="Aaa southern")
    client = api_client_for(personas.rep)

    first = client.get("/api/v1/products?limit=1").json()
    second = client.get(f"/api/v1/products?limit=1&cursor={first['next_cursor']}").json()
    found = client.get("/api/v1/products?search=anzeige").json()

    assert [item["sku"] for item in first["items"] + second["items"]] == ["ADV", "BAN"]
    assert second["next_cursor"] is None
    assert [item["sku"] for item in found["items"]] == ["ADV"]
    assert found["items"][0]["names"] == {"de": "Anzeige"}
    assert [d["title"] for d in found["items"][0]["deliverables"]] == ["Place it"]


def test_another_units_product_is_not_found(personas: Personas, api_client_for: Any) -> None:
    foreign = ProductFactory(business_unit=personas.other_unit)

    response = api_client_for(personas.coordinator).get(f"/api/v1/products/{foreign.pk}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_coordinator_creates_a_product_and_a_rep_may_not(personas: Personas, api_client_for: Any) -> None:
    payload = {"sku": "WEB-1", "name": "Web banner", "names": {"it": "Banner web"}, "kind": "advertising"}

    created = api_client_for(personas.coordinator).post(
        "/api/v1/products", payload, content_type="application/json"
    )
    refused = api_client_for(personas.rep).post(
        "/api/v1/products", payload | {"sku": "WEB-2"}, content_type="application/json"
    )
    duplicate = api_client_for(personas.admin).post(
        "/api/v1/products", payload, content_type="application/json"
    )

    assert created.status_code == 201
    assert created.json()["names"] == {"it": "Banner web"}
    assert created.json()["version"] == 1
    assert refused.status_code == 403
    assert duplicate.status_code == 400
    assert duplicate.json()["errors"][0]["field"] == "sku"
    assert list(Product.objects.values_list("sku", flat=True)) == ["WEB-1"]


def test_a_stale_version_answers_409(personas: Personas, api_client_for: Any) -> None:
    product = ProductFactory(business_unit=personas.unit, name="Old name")
    client = api_client_for(personas.coordinator)

    first = client.patch(
        f"/api/v1/products/{product.pk}", {"version": 1, "name": "New name"}, content_type="application/json"
    )
    stale = client.patch(
        f"/api/v1/products/{product.pk}",
        {"version": 1, "name": "Stale name"},
        content_type="application/json",
    )

    assert first.status_code == 200
    assert first.json()["version"] == 2
    assert stale.status_code == 409
    assert stale.json()["type"] == "urn:salesdesk:problem:stale-record"
    product.refresh_from_db()
    assert product.name == "New name"


def test_the_price_lookup_answers_the_price_or_a_clear_problem(
    personas: Personas, api_client_for: Any
) -> None:
    product = ProductFactory(business_unit=personas.unit, name="Stand")
    PriceListFactory(
        business_unit=personas.unit, valid_from=date(2025, 1, 1), items={product: Decimal("450.5")}
    )
    client = api_client_for(personas.rep)

    found = client.get(f"/api/v1/products/{product.pk}/price?currency=eur&on=2025-03-01")
    missing = client.get(f"/api/v1/products/{product.pk}/price?currency=USD&on=2025-03-01")
    bad = client.get(f"/api/v1/products/{product.pk}/price?currency=XYZ1")

    assert found.status_code == 200
    assert found.json() == {
        "product_id": product.pk,
        "currency": "EUR",
        "on": "2025-03-01",
        "unit_price": "450.5000",
    }
    assert missing.status_code == 400
    assert missing.json()["detail"] == "No price list in USD valid on 2025-03-01 has a price for Stand."
    assert bad.status_code in (400, 422)


def test_price_lists_and_their_items(personas: Personas, api_client_for: Any) -> None:
    product = ProductFactory(business_unit=personas.unit, sku="ADV")
    price_list = PriceListFactory(business_unit=personas.unit, items={product: Decimal(10)})
    PriceListFactory(business_unit=personas.other_unit)
    client = api_client_for(personas.rep)

    listed = client.get("/api/v1/price-lists").json()
    detail = client.get(f"/api/v1/price-lists/{price_list.pk}").json()

    assert [row["id"] for row in listed["items"]] == [price_list.pk]
    assert detail["items"] == [{"product_id": product.pk, "sku": "ADV", "unit_price": "10.0000"}]


def test_stock_levels_and_movements(personas: Personas, api_client_for: Any) -> None:
    product = ProductFactory(business_unit=personas.unit, is_stocked=True)
    location = StockLocationFactory(business_unit=personas.unit, code="main")
    StockLevelFactory(product=product, location=location, on_hand=Decimal(0), reorder_level=Decimal(5))
    coordinator = api_client_for(personas.coordinator)

    received = coordinator.post(
        "/api/v1/stock-movements",
        {"product_id": product.pk, "location_id": location.pk, "kind": "receipt", "quantity": "3"},
        content_type="application/json",
    )
    low = coordinator.get("/api/v1/stock-levels?low_only=true").json()
    counted = coordinator.post(
        "/api/v1/stock-movements",
        {"product_id": product.pk, "location_id": location.pk, "kind": "adjustment", "quantity": "-1"},
        content_type="application/json",
    )
    by_rep = api_client_for(personas.rep).post(
        "/api/v1/stock-movements",
        {"product_id": product.pk, "location_id": location.pk, "kind": "receipt", "quantity": "3"},
        content_type="application/json",
    )

    assert received.status_code == 201
    assert Decimal(received.json()["on_hand"]) == Decimal(3)
    assert [(row["location_code"], row["is_low"]) for row in low["items"]] == [("main", True)]
    assert counted.status_code == 400
    assert counted.json()["errors"][0]["field"] == "quantity"
    assert by_rep.status_code == 403
    assert StockLevel.objects.get().on_hand == Decimal(3)
