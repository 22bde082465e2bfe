"""Incidents: reporting, resolving and reopening, counts for the root-cause analysis, the worklist."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from salesdesk.conftest import Personas
from salesdesk.core.models import AuditEvent
from salesdesk.core.versioning import StaleRecordError
from salesdesk.orders.choices import IncidentKind, IncidentResolution, IncidentStatus
from salesdesk.orders.models import Incident, Order
from salesdesk.orders.selectors import IncidentFilters, incident_counts, incident_list
from salesdesk.orders.services import (
    OrderLineInput,
    delivery_create,
    incident_reopen,
    incident_report,
    incident_resolve,
    incident_update,
)
from salesdesk.orders.tests.test_orders_services import Shop, confirmed_order, make_order, make_shop
from salesdesk.orders.worklist_rules import StaleIncidentsRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(personas: Personas) -> Shop:
    return make_shop(personas)


def _order(shop: Shop, personas: Personas, rep: object = None) -> Order:
    return confirmed_order(
        shop,
        rep or personas.rep,  # type: ignore[arg-type]
        lines=[
            OrderLineInput(product=shop.oven, quantity=Decimal(2)),
            OrderLineInput(product=shop.service, quantity=Decimal(1)),
        ],
    )


def test_an_incident_is_owned_until_it_is_resolved_and_can_be_reopened(
    personas: Personas, shop: Shop
) -> None:
    order = _order(shop, personas)
    delivery = delivery_create(
        order=order,
        by=personas.rep,
        items=[(order.lines.get(product=shop.oven), Decimal(2))],
        from_location=shop.warehouse,
    )

    incident = incident_report(
        order=order,
        delivery=delivery,
        product=shop.oven,
        kind=IncidentKind.DAMAGE,
        description="Door dented on unloading",
        cost=Decimal("120.50"),
        owner=personas.coordinator,
        by=personas.rep,
    )

    assert (incident.status, incident.owner, incident.rep, incident.currency) == (
        IncidentStatus.OPEN,
        personas.coordinator,
        personas.rep,
        "EUR",
    )
    with pytest.raises(ValidationError) as caught:
        incident_resolve(
            incident=incident, resolution="", note="", by=personas.coordinator, expected_version=1
        )
    assert list(caught.value.message_dict) == ["resolution"]

    incident_resolve(
        incident=incident,
        resolution=IncidentResolution.REPLACEMENT,
        note="New door sent",
        by=personas.coordinator,
        expected_version=1,
    )
    incident.refresh_from_db()
    assert (incident.status, incident.resolution, incident.resolution_note) == (
        IncidentStatus.CLOSED,
        IncidentResolution.REPLACEMENT,
        "New door sent",
    )
    assert incident.closed_on is not None
    with pytest.raises(ValidationError):
        incident_update(incident=incident, by=personas.coordinator, expected_version=2, cost=Decimal(1))
    with pytest.raises(StaleRecordError):
        incident_reopen(incident=incident, by=personas.coordinator, expected_version=1)
    incident.refresh_from_db()

    incident_reopen(incident=incident, by=personas.coordinator, expected_version=2, note="Door dented again")
    incident.refresh_from_db()
    assert (incident.status, incident.resolution, incident.closed_on) == (IncidentStatus.OPEN, "", None)
    assert list(AuditEvent.objects.filter(verb__startswith="incident.").values_list("verb", flat=True)) == [
        "incident.reopened",
        "incident.resolved",
        "incident.reported",
    ]


def test_bad_incident_input_names_each_field_and_saves_nothing(personas: Personas, shop: Shop) -> None:
    order = _order(shop, personas)
    other_order = confirmed_order(shop, personas.rep)
    other_delivery = delivery_create(
        order=other_order,
        by=personas.rep,
        items=[(other_order.lines.get(), Decimal(1))],
        from_location=shop.warehouse,
    )
    from salesdesk.testing.catalog_factories import ProductFactory

    not_on_order = ProductFactory(business_unit=personas.unit)

    with pytest.raises(ValidationError) as caught:
        incident_report(
            order=order,
            delivery=other_delivery,
            product=not_on_order,
            kind="flood",
            description=" ",
            cost=Decimal("-5"),
            currency="EURO",
            owner=personas.outsider,
            by=personas.rep,
        )

    assert set(caught.value.message_dict) == {
        "kind",
        "description",
        "cost",
        "currency",
        "delivery",
        "product",
        "owner",
    }
    assert not Incident.objects.exists()
    with pytest.raises(ValidationError):
        incident_report(
            order=make_order(shop, personas.rep), kind=IncidentKind.LATE, description="Late", by=personas.rep
        )


def test_incident_counts_by_cause_product_and_rep_for_a_period(personas: Personas, shop: Shop) -> None:
    mine = _order(shop, personas)
    theirs = _order(shop, personas, rep=personas.other_rep)
    day = date(2026, 3, 10)

    def report(order: Order, kind: str, product: object = None, on: date = day) -> Incident:
        return incident_report(
            order=order,
            kind=kind,
            product=product,  # type: ignore[arg-type]
            description="x",
            reported_on=on,
            by=order.owner,
        )

    report(mine, IncidentKind.DAMAGE, shop.oven)
    report(mine, IncidentKind.DAMAGE, shop.oven)
    report(mine, IncidentKind.LATE)
    report(theirs, IncidentKind.DAMAGE, shop.service)
    report(theirs, IncidentKind.DEFECT, shop.oven, on=date(2025, 1, 1))  # outside the period

    def counts(user: object, group_by: str) -> list[tuple[str, int]]:
        rows = incident_counts(
            user=user,
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
            group_by=group_by,  # type: ignore[arg-type]
        )
        return [(row.label, row.count) for row in rows]

    assert counts(personas.manager, "kind") == [("Damage", 3), ("Late delivery", 1)]
    assert counts(personas.manager, "product") == [("Oven", 2), ("", 1), ("Installation", 1)] or counts(
        personas.manager, "product"
    ) == [("Oven", 2), ("Installation", 1), ("", 1)]
    assert counts(personas.manager, "rep") == [("rep", 3), ("other_rep", 1)]
    # A rep counts only what they may see.
    assert counts(personas.rep, "kind") == [("Damage", 2), ("Late delivery", 1)]
    assert incident_list(user=personas.rep, filters=IncidentFilters(product_id=shop.oven.pk)).count() == 2


def test_incidents_are_visible_to_the_rep_the_owner_and_the_line_but_not_other_reps(
    personas: Personas, shop: Shop
) -> None:
    order = _order(shop, personas)
    incident = incident_report(
        order=order,
        kind=IncidentKind.UNLOADING,
        description="No forklift",
        owner=personas.coordinator,
        by=personas.rep,
    )

    def sees(user: object) -> bool:
        return incident_list(user=user).filter(pk=incident.pk).exists()  # type: ignore[arg-type]

    assert sees(personas.rep)
    assert sees(personas.coordinator)
    assert sees(personas.manager)
    assert not sees(personas.other_rep)
    assert not sees(personas.outsider)


def test_open_incidents_go_on_their_owners_worklist_after_a_few_days(personas: Personas, shop: Shop) -> None:
    order = _order(shop, personas)
    today = date(2026, 6, 10)
    old = incident_report(
        order=order,
        kind=IncidentKind.WRONG_ASSORTMENT,
        description="Blue instead of red",
        owner=personas.coordinator,
        reported_on=today - timedelta(days=5),
        by=personas.rep,
    )
    incident_report(
        order=order,
        kind=IncidentKind.LATE,
        description="A day late",
        owner=personas.coordinator,
        reported_on=today,
        by=personas.rep,
    )

    items = list(StaleIncidentsRule().items(user=personas.coordinator, today=today))

    assert [item.key for item in items] == [f"incident-open:{old.pk}"]
    assert order.number in items[0].title
    assert items[0].url == f"/incidents/{old.pk}/"
    assert list(StaleIncidentsRule().items(user=personas.rep, today=today)) == []
