"""The order, delivery and incident pages as a signed-in person uses them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from salesdesk.conftest import Personas
from salesdesk.customers.timeline import timeline
from salesdesk.orders.choices import IncidentKind, OrderStatus
from salesdesk.orders.models import Delivery, Incident, Order
from salesdesk.orders.services import incident_report
from salesdesk.orders.tests.test_orders_services import Shop, confirmed_order, make_order, make_shop
from salesdesk.org.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(personas: Personas) -> Shop:
    return make_shop(personas)


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _quote_post(shop: Shop, **lines: str) -> dict[str, str]:
    data = {
        "account": str(shop.account.pk),
        "currency": "EUR",
        "quoted_on": "2026-04-01",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-product": str(shop.oven.pk),
        "lines-0-quantity": "2",
        "lines-1-description": "Delivery fee",
        "lines-1-quantity": "1",
        "lines-1-unit_price": "50",
    }
    data.update(lines)
    return data


def test_a_rep_creates_a_quote_with_prices_from_the_price_list(personas: Personas, shop: Shop) -> None:
    response = _client_for(personas.rep).post("/orders/new/", _quote_post(shop))

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/orders/{order.pk}/"
    assert (order.owner, order.net_total, order.lines.count()) == (personas.rep, Decimal("2050.00"), 2)


def test_a_bad_line_shows_its_error_on_that_line_and_saves_nothing(personas: Personas, shop: Shop) -> None:
    response = _client_for(personas.rep).post("/orders/new/", _quote_post(shop, **{"lines-1-quantity": "-1"}))

    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.forms[1].errors["quantity"] == ["The quantity must be more than zero."]
    assert not Order.objects.exists()


def test_add_a_line_posts_back_with_one_more_row(personas: Personas, shop: Shop) -> None:
    response = _client_for(personas.rep).post("/orders/new/", {**_quote_post(shop), "add_line": "1"})

    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 3
    assert not Order.objects.exists()


def test_the_order_page_offers_the_allowed_transitions_and_they_work(personas: Personas, shop: Shop) -> None:
    order = make_order(shop, personas.rep)
    client = _client_for(personas.rep)

    page = client.get(f"/orders/{order.pk}/")
    assert [status.value for status in page.context["transitions"]] == ["ordered", "cancelled"]
    assert "Confirm as order" in page.content.decode()

    response = client.post(f"/orders/{order.pk}/status/", {"to_status": "ordered", "version": order.version})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.ORDERED

    refused = client.post(
        f"/orders/{order.pk}/status/", {"to_status": "quote", "version": order.version}, follow=True
    )
    assert "cannot become" in refused.content.decode()


def test_planning_shipping_and_delivering_from_the_order_page(personas: Personas, shop: Shop) -> None:
    order = confirmed_order(shop, personas.rep)
    line = order.lines.get()
    client = _client_for(personas.coordinator)

    form = client.get(f"/orders/{order.pk}/deliveries/new/")
    assert form.status_code == 200
    over = client.post(
        f"/orders/{order.pk}/deliveries/new/", {f"line_{line.pk}": "5", "from_location": shop.warehouse.pk}
    )
    assert over.context["form"].errors[f"line_{line.pk}"]
    client.post(
        f"/orders/{order.pk}/deliveries/new/",
        {f"line_{line.pk}": "2", "from_location": shop.warehouse.pk, "carrier": "DHL"},
    )
    delivery = Delivery.objects.get()
    client.post(f"/deliveries/{delivery.pk}/ship/", {"tracking_number": "JJD1"})
    client.post(f"/deliveries/{delivery.pk}/deliver/", {"day": "2026-05-04"})

    order.refresh_from_db()
    delivery.refresh_from_db()
    assert (delivery.tracking_number, delivery.status) == ("JJD1", "delivered")
    assert order.status == OrderStatus.DELIVERED
    assert "Customer followed up" in client.get(f"/orders/{order.pk}/").content.decode()


def test_reporting_and_resolving_an_incident_from_the_pages(personas: Personas, shop: Shop) -> None:
    order = confirmed_order(shop, personas.rep)
    client = _client_for(personas.rep)

    response = client.post(
        f"/orders/{order.pk}/incidents/new/",
        {
            "kind": IncidentKind.DAMAGE,
            "description": "Broken glass",
            "cost": "-1",
            "currency": "EUR",
            "reported_on": "2026-05-05",
        },
    )
    assert response.context["form"].errors["cost"] == ["The cost cannot be negative."]
    response = client.post(
        f"/orders/{order.pk}/incidents/new/",
        {
            "kind": IncidentKind.DAMAGE,
            "description": "Broken glass",
            "cost": "30",
            "currency": "EUR",
            "reported_on": "2026-05-05",
            "product": shop.oven.pk,
        },
    )
    incident = Incident.objects.get()
    assert response["Location"] == f"/incidents/{incident.pk}/"

    missing = client.post(f"/incidents/{incident.pk}/resolve/", {"resolution": "", "version": 1})
    assert missing.status_code == 400
    client.post(
        f"/incidents/{incident.pk}/resolve/",
        {"resolution": "credit_note", "note": "€30 credited", "version": 1},
    )
    incident.refresh_from_db()
    assert (incident.status, incident.resolution) == ("closed", "credit_note")

    listing = client.get("/incidents/?kind=damage")
    assert list(listing.context["page"].object_list) == [incident]
    analysis = client.get("/incidents/by-cause/?start=2026-01-01&end=2026-12-31")
    assert analysis.status_code == 200
    assert [row.label for row in analysis.context["by_kind"]] == ["Damage"]
    assert "<svg" in analysis.content.decode()


def test_another_rep_gets_404_and_the_manager_sees_the_reps_order(personas: Personas, shop: Shop) -> None:
    order = confirmed_order(shop, personas.rep)
    incident = incident_report(order=order, kind=IncidentKind.LATE, description="Late", by=personas.rep)

    for path in (f"/orders/{order.pk}/", f"/orders/{order.pk}/deliveries/new/", f"/incidents/{incident.pk}/"):
        assert _client_for(personas.other_rep).get(path).status_code == 404, path
        assert _client_for(personas.manager).get(path).status_code == 200, path
    assert (
        _client_for(personas.other_rep)
        .post(f"/orders/{order.pk}/status/", {"to_status": "cancelled", "version": order.version})
        .status_code
        == 404
    )
    assert list(_client_for(personas.other_rep).get("/orders/").context["page"].object_list) == []
    assert list(_client_for(personas.finance).get("/orders/").context["page"].object_list) == [order]


def test_the_order_links_its_account_only_for_who_may_open_it(personas: Personas, shop: Shop) -> None:
    order = confirmed_order(shop, personas.rep, quoted_on=date(2026, 2, 1))
    account_link = f'href="/accounts/{order.account_id}/"'
    rep_page = _client_for(personas.rep).get(f"/orders/{order.pk}/").content.decode()
    assert account_link in rep_page
    # Finance sees the unit's orders, not its accounts: the name without a link to a 404.
    finance_page = _client_for(personas.finance).get(f"/orders/{order.pk}/").content.decode()
    assert account_link not in finance_page
    assert order.account.name in finance_page
    assert _client_for(personas.finance).get(f"/accounts/{order.account_id}/").status_code == 404


def test_the_list_filters_by_status_and_finds_an_order_by_its_quote_number(
    personas: Personas, shop: Shop
) -> None:
    quote = make_order(shop, personas.rep, quoted_on=date(2026, 1, 15))
    order = confirmed_order(shop, personas.rep, quoted_on=date(2026, 2, 1))
    client = _client_for(personas.rep)

    assert list(client.get("/orders/?status=quote").context["page"].object_list) == [quote]
    assert order.number.startswith("O-")
    found = client.get("/orders/", {"q": "Q-2026-000002"}).context["page"].object_list
    assert list(found) == [order]


def test_orders_appear_on_the_account_timeline(personas: Personas, shop: Shop) -> None:
    order = confirmed_order(shop, personas.rep)

    entries = [entry for entry in timeline(user=personas.rep, record=shop.account) if entry.kind == "order"]

    assert [entry.title for entry in entries] == [f"Order {order.number}: Ordered", f"Quote {order.number}"]
    assert entries[0].url == f"/orders/{order.pk}/"
    # The account is shared, its orders are not.
    assert all(entry.kind != "order" for entry in timeline(user=personas.other_rep, record=shop.account))


def test_editing_a_quote_and_its_lines(personas: Personas, shop: Shop) -> None:
    order = make_order(shop, personas.rep)
    client = _client_for(personas.rep)
    assert client.get(f"/orders/{order.pk}/edit/").status_code == 200
    assert client.get(f"/orders/{order.pk}/lines/").status_code == 200

    client.post(
        f"/orders/{order.pk}/edit/",
        {"owner": personas.rep.pk, "quoted_on": "2026-04-02", "notes": "Ring first", "version": 1},
    )
    client.post(
        f"/orders/{order.pk}/lines/",
        {
            "version": 2,
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "1",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "1000",
            "lines-0-product": str(shop.service.pk),
            "lines-0-quantity": "4",
        },
    )

    order.refresh_from_db()
    assert (order.notes, order.quoted_on, order.net_total) == (
        "Ring first",
        date(2026, 4, 2),
        Decimal("399.96"),
    )
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert "Installation" in page
    assert "Ring first" in page


def test_an_open_incident_is_corrected_on_its_page_and_a_closed_one_is_not(
    personas: Personas, shop: Shop
) -> None:
    order = confirmed_order(shop, personas.rep)
    incident = incident_report(order=order, kind=IncidentKind.LATE, description="Late", by=personas.rep)
    client = _client_for(personas.rep)
    url = f"/incidents/{incident.pk}/edit/"
    assert client.get(url).context["form"].initial["description"] == "Late"
    edit = {
        "kind": IncidentKind.DAMAGE,
        "description": "Late, and two ovens dented",
        "cost": "120",
        "currency": "EUR",
        "reported_on": incident.reported_on.isoformat(),
        "product": shop.oven.pk,
        "owner": personas.coordinator.pk,
        "version": incident.version,
    }

    refused = client.post(url, {**edit, "cost": "-5"})
    assert refused.context["form"].errors["cost"] == ["The cost cannot be negative."]
    response = client.post(url, edit)

    assert response["Location"] == f"/incidents/{incident.pk}/"
    incident.refresh_from_db()
    assert (incident.kind, incident.cost, incident.product, incident.owner) == (
        IncidentKind.DAMAGE,
        Decimal(120),
        shop.oven,
        personas.coordinator,
    )
    stale = client.post(url, {**edit, "description": "Mine", "version": incident.version - 1})
    assert stale.status_code == 200
    incident.refresh_from_db()
    assert incident.description == "Late, and two ovens dented"

    client.post(f"/incidents/{incident.pk}/resolve/", {"resolution": "discount", "version": incident.version})
    closed = client.get(url)
    assert closed["Location"] == f"/incidents/{incident.pk}/"
