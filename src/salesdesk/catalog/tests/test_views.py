"""The catalogue and stock pages: what people see, who may change what, and scoping."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from salesdesk.catalog import services
from salesdesk.catalog.models import DeliverableTemplate, PriceList, Product, StockLevel
from salesdesk.conftest import Personas
from salesdesk.org.choices import DepartmentKind
from salesdesk.org.models import User
from salesdesk.testing.catalog_factories import (
    DeliverableTemplateFactory,
    PriceListFactory,
    ProductFactory,
    StockLevelFactory,
    StockLocationFactory,
)

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_list_shows_the_units_products_and_finds_them_by_any_name(personas: Personas) -> None:
    ProductFactory(
        business_unit=personas.unit, sku="ADV-1", name="Print advert", names={"zh-hans": "印刷广告"}
    )
    ProductFactory(business_unit=personas.unit, sku="BAN-1", name="Web banner")
    ProductFactory(business_unit=personas.other_unit, sku="SOUTH-1", name="Southern product")
    client = _client(personas.rep)

    everything = client.get("/catalogue/").content.decode()
    found = client.get("/catalogue/", {"q": "印刷"}).content.decode()

    assert "Print advert" in everything
    assert "Web banner" in everything
    assert "Southern product" not in everything
    assert "Print advert" in found
    assert "Web banner" not in found


def test_the_list_filters_low_stock(personas: Personas) -> None:
    low = ProductFactory(business_unit=personas.unit, is_stocked=True, name="Low brochure")
    fine = ProductFactory(business_unit=personas.unit, is_stocked=True, name="Plenty brochure")
    location = StockLocationFactory(business_unit=personas.unit)
    StockLevelFactory(product=low, location=location, on_hand=Decimal(1), reorder_level=Decimal(5))
    StockLevelFactory(product=fine, location=location, on_hand=Decimal(50), reorder_level=Decimal(5))

    html = _client(personas.rep).get("/catalogue/", {"low": "on"}).content.decode()

    assert "Low brochure" in html
    assert "Plenty brochure" not in html


def test_the_product_page_shows_names_prices_costs_deliverables_and_stock(personas: Personas) -> None:
    product = ProductFactory(
        business_unit=personas.unit,
        name="Print advert",
        names={"de": "Druckanzeige", "it": "Annuncio stampa"},
        is_stocked=True,
    )
    PriceListFactory(business_unit=personas.unit, name="Rate card", items={product: Decimal("1200")})
    DeliverableTemplateFactory(
        product=product, department_kind=DepartmentKind.DESIGN, title="Place in issues 3 and 4"
    )
    services.production_cost_set(
        product=product,
        changed_by=personas.coordinator,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        unit_cost=Decimal(400),
        currency="EUR",
    )
    location = StockLocationFactory(business_unit=personas.unit, name="Main warehouse")
    services.stock_receive(
        product=product, location=location, quantity=Decimal(4), received_by=personas.coordinator
    )
    personas.rep.language = "de"
    personas.rep.save()

    with translation.override("de"):
        html = (
            _client(personas.rep).get(f"/catalogue/{product.pk}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
        )

    assert "<h1>Druckanzeige" in html
    assert "Annuncio stampa" in html
    assert "Rate card" in html
    assert "Place in issues 3 and 4" in html
    assert "Main warehouse" in html
    assert "400" in html


def test_another_units_product_is_not_found(personas: Personas) -> None:
    foreign = ProductFactory(business_unit=personas.other_unit)
    client = _client(personas.coordinator)

    assert client.get(f"/catalogue/{foreign.pk}/").status_code == 404
    assert client.get(f"/catalogue/{foreign.pk}/edit/").status_code == 404


def test_a_rep_can_read_but_not_edit(personas: Personas) -> None:
    product = ProductFactory(business_unit=personas.unit)
    client = _client(personas.rep)

    assert client.get(f"/catalogue/{product.pk}/").status_code == 200
    assert client.get(f"/catalogue/{product.pk}/edit/").status_code == 403
    assert client.get("/catalogue/new/").status_code == 403
    response = client.post(
        f"/catalogue/{product.pk}/deliverables/",
        {"department_kind": "web", "action": "put_live", "title": "X"},
    )
    assert response.status_code == 403
    assert not DeliverableTemplate.objects.exists()


def test_a_coordinator_creates_a_product_with_names_from_the_form(personas: Personas) -> None:
    client = _client(personas.coordinator)

    response = client.post(
        "/catalogue/new/",
        {
            "sku": "FAIR-1",
            "name": "Trade-show stand",
            "kind": "service",
            "unit": "sqm",
            "tax_rate": "22",
            "is_active": "on",
            "name_de": "Messestand",
            "name_zh-hans": "展位",
        },
    )

    product = Product.objects.get(sku="FAIR-1")
    assert response.status_code == 302
    assert response["Location"] == f"/catalogue/{product.pk}/"
    assert product.names == {"de": "Messestand", "zh-hans": "展位"}


def test_a_duplicate_sku_shows_on_the_form_field(personas: Personas) -> None:
    ProductFactory(business_unit=personas.unit, sku="DUP")

    response = _client(personas.coordinator).post(
        "/catalogue/new/", {"sku": "DUP", "name": "Twin", "kind": "goods", "unit": "piece", "tax_rate": "0"}
    )

    assert response.status_code == 200
    assert "Another product has the article number DUP." in response.content.decode()
    assert Product.objects.count() == 1


def test_deliverables_are_added_and_removed_with_htmx(personas: Personas) -> None:
    product = ProductFactory(business_unit=personas.unit)
    client = _client(personas.coordinator)

    missing = client.post(
        f"/catalogue/{product.pk}/deliverables/",
        {"department_kind": "", "action": "put_live", "title": "Banner", "due_offset_days": "0"},
        HTTP_HX_REQUEST="true",
    )
    added = client.post(
        f"/catalogue/{product.pk}/deliverables/",
        {"department_kind": "web", "action": "put_live", "title": "Banner live", "due_offset_days": "0"},
        HTTP_HX_REQUEST="true",
    )
    deliverable = DeliverableTemplate.objects.get()
    removed = client.post(f"/catalogue/deliverables/{deliverable.pk}/remove/", HTTP_HX_REQUEST="true")

    assert "a deliverable needs a department" in missing.content.decode()
    assert 'id="deliverables"' in added.content.decode()
    assert "Banner live" in added.content.decode()
    assert removed.status_code == 200
    assert not DeliverableTemplate.objects.exists()


def test_a_price_list_is_edited_with_its_items_and_a_bad_line_is_named(personas: Personas) -> None:
    product = ProductFactory(business_unit=personas.unit, name="Advert")
    client = _client(personas.coordinator)
    data = {
        "name": "Rate card",
        "currency": "EUR",
        "valid_from": "2025-01-01",
        "valid_until": "",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-product": str(product.pk),
        "items-0-unit_price": "-5",
    }

    refused = client.post("/catalogue/price-lists/new/", data)
    saved = client.post("/catalogue/price-lists/new/", data | {"items-0-unit_price": "1200"})

    assert refused.status_code == 200
    assert "A price cannot be negative." in refused.content.decode()
    price_list = PriceList.objects.get()
    assert saved["Location"] == f"/catalogue/price-lists/{price_list.pk}/"
    assert list(price_list.items.values_list("unit_price", flat=True)) == [Decimal(1200)]
    assert "Advert" in client.get(saved["Location"]).content.decode()


def test_the_stock_page_highlights_low_items_and_charts_them(personas: Personas) -> None:
    low = ProductFactory(business_unit=personas.unit, is_stocked=True, name="Sales kit")
    location = StockLocationFactory(business_unit=personas.unit, name="Depot")
    StockLevelFactory(product=low, location=location, on_hand=Decimal(2), reorder_level=Decimal(10))

    html = _client(personas.rep).get("/catalogue/stock/").content.decode()

    assert 'class="stock-low"' in html
    assert "<svg" in html
    assert "Sales kit · Depot" in html


def test_booking_a_receipt_from_the_form(personas: Personas) -> None:
    product = ProductFactory(business_unit=personas.unit, is_stocked=True)
    location = StockLocationFactory(business_unit=personas.unit)
    client = _client(personas.coordinator)

    response = client.post(
        "/catalogue/stock/move/",
        {"kind": "receipt", "product": product.pk, "location": location.pk, "quantity": "25", "note": "PO 7"},
    )

    assert response.status_code == 302
    assert StockLevel.objects.get(product=product, location=location).on_hand == Decimal(25)
    assert _client(personas.rep).get("/catalogue/stock/move/").status_code == 403
    assert "PO 7" in client.get("/catalogue/stock/movements/").content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/catalogue/categories/",
        "/catalogue/price-lists/",
        "/catalogue/stock/locations/",
        "/catalogue/stock/movements/",
    ],
)
def test_the_other_catalogue_pages_render(personas: Personas, path: str) -> None:
    assert _client(personas.rep).get(path).status_code == 200


def test_the_editing_pages_render_for_a_coordinator(personas: Personas) -> None:
    product = ProductFactory(business_unit=personas.unit, is_stocked=True, names={"it": "Prodotto"})
    deliverable = DeliverableTemplateFactory(product=product)
    price_list = PriceListFactory(business_unit=personas.unit, items={product: Decimal(3)})
    category = services.category_create(created_by=personas.coordinator, name="Print")
    client = _client(personas.coordinator)

    for path in (
        f"/catalogue/{product.pk}/",
        f"/catalogue/{product.pk}/edit/",
        f"/catalogue/{product.pk}/costs/",
        f"/catalogue/deliverables/{deliverable.pk}/edit/",
        "/catalogue/new/",
        "/catalogue/categories/new/",
        f"/catalogue/categories/{category.pk}/edit/",
        "/catalogue/price-lists/new/",
        f"/catalogue/price-lists/{price_list.pk}/edit/",
        "/catalogue/stock/move/",
        "/catalogue/stock/reorder-level/",
    ):
        assert client.get(path).status_code == 200, path
    assert 'value="Prodotto"' in client.get(f"/catalogue/{product.pk}/edit/").content.decode()
