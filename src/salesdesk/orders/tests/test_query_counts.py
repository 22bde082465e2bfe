"""Orders, deliveries, incidents and billing: lists cost as many queries for 50 rows as for 1.

| List                                   | Kind | Where tested                                    |
|----------------------------------------|------|-------------------------------------------------|
| /orders/                               | page | here                                            |
| /orders/<pk>/ (its deliveries)         | page | here                                            |
| /incidents/                            | page | here                                            |
| /incidents/by-cause/ (by product)      | page | here                                            |
| /billing/                              | page | here                                            |
| /api/v1/orders                         | API  | here                                            |
| /api/v1/orders/<id>/deliveries         | API  | here                                            |
| /api/v1/incidents                      | API  | here                                            |
| /api/v1/incidents/counts?group_by=...  | API  | here                                            |
| /api/v1/billing-entries                | API  | here                                            |
| /api/v1/billing-batches/<batch>        | API  | here                                            |
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from salesdesk.conftest import Personas
from salesdesk.customers.services import account_create
from salesdesk.orders.choices import BillingStatus, IncidentKind
from salesdesk.orders.models import BillingEntry, Order
from salesdesk.orders.services import OrderLineInput, delivery_create, incident_report, order_create
from salesdesk.orders.tests.test_billing_support import make_entries
from salesdesk.orders.tests.test_orders_services import Shop, confirmed_order, make_shop
from salesdesk.testing.catalog_factories import ProductFactory
from salesdesk.testing.query_counts import RowMaker, assert_queries_constant, signed_in, with_token

pytestmark = pytest.mark.django_db

INCIDENT_DAY = date(2026, 5, 4)


@pytest.fixture
def shop(personas: Personas) -> Shop:
    return make_shop(personas)


def _add_incident(shop: Shop, personas: Personas) -> RowMaker:
    """An incident of its own product on its own order, owned by the rep or the coordinator."""

    def add(index: int) -> None:
        product = ProductFactory(business_unit=personas.unit, name=f"Product {index:02d}", is_stocked=True)
        order = confirmed_order(
            shop,
            personas.rep,
            lines=[OrderLineInput(product=product, quantity=Decimal(1), unit_price=Decimal(10))],
        )
        delivery = delivery_create(
            order=order,
            by=personas.rep,
            items=[(order.lines.get(), Decimal(1))],
            from_location=shop.warehouse,
        )
        incident_report(
            order=order,
            delivery=delivery,
            product=product,
            kind=IncidentKind.DAMAGE,
            description=f"Incident {index:02d}",
            owner=personas.coordinator if index % 2 else personas.rep,
            by=personas.rep,
            reported_on=INCIDENT_DAY,
        )

    return add


def _add_order(shop: Shop, personas: Personas) -> RowMaker:
    """A quote of the rep or the other rep for an account of its own, in euros or dollars."""

    def add(index: int) -> None:
        owner = personas.rep if index % 2 else personas.other_rep
        order_create(
            created_by=owner,
            account=account_create(created_by=owner, name=f"Account {index:02d}"),
            currency="USD" if index % 3 == 0 else "EUR",
            lines=[OrderLineInput(product=shop.oven, quantity=Decimal(2))],
        )

    return add


def _add_billing_entry(personas: Personas) -> RowMaker:
    """A pending entry of its own order, owned by the rep or the other rep."""

    def add(index: int) -> None:
        [entry] = make_entries(personas.rep if index % 2 else personas.other_rep, 1)
        BillingEntry.objects.filter(pk=entry.pk).update(description=f"Entry {index:02d}")

    return add


def _order_with_fifty_pieces(shop: Shop, personas: Personas) -> tuple[Order, RowMaker]:
    """An order of 50 ovens and a row maker that plans one more delivery of one oven."""
    order = confirmed_order(
        shop, personas.rep, lines=[OrderLineInput(product=shop.oven, quantity=Decimal(50))]
    )
    line = order.lines.get()

    def add(index: int) -> None:
        delivery_create(
            order=order,
            by=personas.rep,
            items=[(line, Decimal(1))],
            from_location=shop.warehouse,
            tracking_number=f"TRACK-{index:02d}",
        )

    return order, add


def test_the_order_page(personas: Personas, shop: Shop) -> None:
    assert_queries_constant(
        signed_in(personas.manager),
        "/orders/",
        add_row=_add_order(shop, personas),
        row_text=lambda index: f"Account {index:02d}<",
    )


def test_the_order_api(personas: Personas, shop: Shop) -> None:
    assert_queries_constant(
        with_token(personas.manager), "/api/v1/orders?limit=50", add_row=_add_order(shop, personas)
    )


def test_the_billing_page(personas: Personas) -> None:
    assert_queries_constant(
        signed_in(personas.finance),
        "/billing/",
        add_row=_add_billing_entry(personas),
        row_text=lambda index: f"Entry {index:02d}<",
    )


def test_the_billing_entries_api(personas: Personas) -> None:
    assert_queries_constant(
        with_token(personas.finance), "/api/v1/billing-entries", add_row=_add_billing_entry(personas)
    )


def test_the_incident_page(personas: Personas, shop: Shop) -> None:
    assert_queries_constant(
        signed_in(personas.coordinator),
        "/incidents/",
        add_row=_add_incident(shop, personas),
        row_text=lambda index: f"Product {index:02d}<",
    )


def test_the_incident_api(personas: Personas, shop: Shop) -> None:
    assert_queries_constant(
        with_token(personas.coordinator), "/api/v1/incidents?limit=50", add_row=_add_incident(shop, personas)
    )


def test_the_incident_analysis_page_by_product(personas: Personas, shop: Shop) -> None:
    assert_queries_constant(
        signed_in(personas.coordinator),
        "/incidents/by-cause/?start=2026-05-01&end=2026-05-31",
        add_row=_add_incident(shop, personas),
        row_text=lambda index: f"Product {index:02d}<",
    )


@pytest.mark.parametrize("group_by", ["product", "rep"])
def test_the_incident_counts_api(personas: Personas, shop: Shop, group_by: str) -> None:
    add_incident = _add_incident(shop, personas)
    assert_queries_constant(
        with_token(personas.coordinator),
        f"/api/v1/incidents/counts?group_by={group_by}&start=2026-05-01&end=2026-05-31",
        add_row=add_incident,
        rows_key=None,
        # one row per product; every incident is the one rep's
        expect_rows=50 if group_by == "product" else 1,
    )


def test_the_deliveries_on_the_order_page(personas: Personas, shop: Shop) -> None:
    order, add_delivery = _order_with_fifty_pieces(shop, personas)
    assert_queries_constant(
        signed_in(personas.rep),
        f"/orders/{order.pk}/",
        add_row=add_delivery,
        row_text=lambda index: f"TRACK-{index:02d}",
    )


def test_the_deliveries_api(personas: Personas, shop: Shop) -> None:
    order, add_delivery = _order_with_fifty_pieces(shop, personas)
    assert_queries_constant(
        with_token(personas.rep), f"/api/v1/orders/{order.pk}/deliveries", add_row=add_delivery, rows_key=None
    )


def test_the_billing_batch_api(personas: Personas) -> None:
    batch = "B-20270301-0001"

    def add_exported_entry(index: int) -> None:
        [entry] = make_entries(personas.rep if index % 2 else personas.other_rep, 1, amount=f"{index + 1}.00")
        BillingEntry.objects.filter(pk=entry.pk).update(
            status=BillingStatus.EXPORTED, export_batch=batch, exported_at=timezone.now()
        )

    assert_queries_constant(
        with_token(personas.finance), f"/api/v1/billing-batches/{batch}?limit=50", add_row=add_exported_entry
    )
