"""Deliveries: planned within what was ordered, shipped, delivered (stock out, order delivered, follow-up)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from salesdesk.catalog.choices import MovementKind
from salesdesk.catalog.models import StockLevel, StockMovement
from salesdesk.conftest import Personas
from salesdesk.orders.choices import DeliveryStatus, OrderStatus
from salesdesk.orders.models import Delivery, Order
from salesdesk.orders.services import (
    OrderLineInput,
    delivery_create,
    delivery_mark_delivered,
    delivery_ship,
    order_followed_up,
    order_transition,
)
from salesdesk.orders.tests.test_orders_services import Shop, confirmed_order, make_order, make_shop
from salesdesk.org.choices import DepartmentKind, Role
from salesdesk.org.models import Department
from salesdesk.testing.factories import make_user
from salesdesk.worklist.choices import TaskStatus
from salesdesk.worklist.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(personas: Personas) -> Shop:
    return make_shop(personas)


def _two_line_order(shop: Shop, personas: Personas) -> Order:
    order = make_order(
        shop,
        personas.rep,
        lines=[
            OrderLineInput(product=shop.oven, quantity=Decimal(3)),
            OrderLineInput(product=shop.service, quantity=Decimal(1)),
        ],
    )
    return order_transition(order=order, to_status=OrderStatus.ORDERED, by=personas.rep)


def _follow_ups(order: Order) -> list[Task]:
    return list(
        Task.objects.filter(content_type=ContentType.objects.get_for_model(Order), object_id=str(order.pk))
    )


def _deliver_everything(order: Order, personas: Personas, shop: Shop, **details: Any) -> Delivery:
    """A delivery of every line of `_two_line_order`, recorded by the coordinator."""
    oven_line, service_line = order.lines.order_by("position")
    return delivery_create(
        order=order,
        by=personas.coordinator,
        items=[(oven_line, Decimal(3)), (service_line, Decimal(1))],
        from_location=shop.warehouse,
        **details,
    )


def test_delivering_everything_moves_stock_delivers_the_order_and_creates_the_follow_up(
    personas: Personas, shop: Shop
) -> None:
    order = _two_line_order(shop, personas)
    delivery = _deliver_everything(order, personas, shop, carrier="DHL", planned_on=date(2026, 5, 2))
    assert delivery.number.startswith("D-")
    assert delivery.status == DeliveryStatus.PLANNED

    delivery_ship(delivery=delivery, by=personas.coordinator, tracking_number="JJD000123")
    delivery_mark_delivered(delivery=delivery, by=personas.coordinator, delivered_on=date(2026, 5, 4))

    delivery.refresh_from_db()
    assert (delivery.status, delivery.carrier, delivery.tracking_number) == (
        DeliveryStatus.DELIVERED,
        "DHL",
        "JJD000123",
    )
    movement = StockMovement.objects.get()
    assert (movement.product, movement.location, movement.quantity, movement.kind, movement.delivery) == (
        shop.oven,
        shop.warehouse,
        Decimal("-3"),
        MovementKind.DELIVERY,
        delivery,
    )
    assert StockLevel.objects.get(product=shop.oven, location=shop.warehouse).on_hand == Decimal("-3")
    order.refresh_from_db()
    assert (order.status, order.delivered_on) == (OrderStatus.DELIVERED, date(2026, 5, 4))
    [task] = _follow_ups(order)
    assert task.owner == personas.rep
    assert task.department is None
    assert task.due_on == date(2026, 5, 4) + timedelta(days=5)
    assert task.title == f"Follow up with Bäckerei Schulz GmbH: how is {order.number} working?"


def test_the_follow_up_is_written_in_the_language_of_whoever_gets_it(personas: Personas, shop: Shop) -> None:
    # Stored text: the German rep reads it in German, whoever recorded the delivery.
    personas.rep.language = "de"
    personas.rep.save(update_fields=["language"])
    order = _two_line_order(shop, personas)
    delivery = _deliver_everything(order, personas, shop)
    delivery_mark_delivered(delivery=delivery, by=personas.coordinator, delivered_on=date(2026, 5, 4))
    [task] = _follow_ups(order)
    assert task.title == f"Bei Bäckerei Schulz GmbH nachfassen: Wie bewährt sich {order.number}?"
    assert task.notes.startswith("Geliefert am 04.05.2026.")


def test_a_partial_delivery_leaves_the_order_open(personas: Personas, shop: Shop) -> None:
    order = _two_line_order(shop, personas)
    oven_line, service_line = order.lines.order_by("position")
    first = delivery_create(
        order=order, by=personas.rep, items=[(oven_line, Decimal(2))], from_location=shop.warehouse
    )
    delivery_mark_delivered(delivery=first, by=personas.rep)
    order.refresh_from_db()
    assert order.status == OrderStatus.ORDERED
    assert not _follow_ups(order)

    second = delivery_create(
        order=order,
        by=personas.rep,
        items=[(oven_line, Decimal(1)), (service_line, Decimal(1))],
        from_location=shop.warehouse,
    )
    delivery_mark_delivered(delivery=second, by=personas.rep)

    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert len(_follow_ups(order)) == 1


def test_over_delivery_is_refused_naming_the_item(personas: Personas, shop: Shop) -> None:
    order = _two_line_order(shop, personas)
    oven_line, _service = order.lines.order_by("position")
    delivery_create(
        order=order, by=personas.rep, items=[(oven_line, Decimal(2))], from_location=shop.warehouse
    )

    with pytest.raises(ValidationError) as caught:
        delivery_create(
            order=order, by=personas.rep, items=[(oven_line, Decimal(2))], from_location=shop.warehouse
        )

    assert list(caught.value.message_dict) == ["items[0].quantity"]
    assert "Only 1 of Oven are left" in caught.value.message_dict["items[0].quantity"][0]
    assert Delivery.objects.count() == 1


def test_deliveries_need_a_confirmed_order_and_a_location_for_stocked_goods(
    personas: Personas, shop: Shop
) -> None:
    quote = make_order(shop, personas.rep)
    with pytest.raises(ValidationError) as caught:
        delivery_create(order=quote, by=personas.rep, items=[(quote.lines.get(), Decimal(1))])
    assert set(caught.value.message_dict) == {"order", "from_location"}

    order = confirmed_order(shop, personas.rep)
    with pytest.raises(ValidationError) as caught:
        delivery_create(
            order=order,
            by=personas.rep,
            items=[(order.lines.get(), Decimal(-1))],
            from_location=shop.warehouse,
        )
    assert list(caught.value.message_dict) == ["items[0].quantity"]
    assert not Delivery.objects.exists()


def test_an_order_on_its_way_cannot_be_cancelled(personas: Personas, shop: Shop) -> None:
    order = confirmed_order(shop, personas.rep)
    delivery = delivery_create(
        order=order, by=personas.rep, items=[(order.lines.get(), Decimal(1))], from_location=shop.warehouse
    )
    delivery_ship(delivery=delivery, by=personas.rep)

    with pytest.raises(ValidationError):
        order_transition(order=order, to_status=OrderStatus.CANCELLED, by=personas.rep)


def test_following_up_completes_the_task_and_moves_the_order(personas: Personas, shop: Shop) -> None:
    order = confirmed_order(shop, personas.rep)
    order_transition(order=order, to_status=OrderStatus.DELIVERED, by=personas.rep)  # no goods to ship
    [task] = _follow_ups(order)

    order_followed_up(order=order, by=personas.rep, note="Working fine")

    order.refresh_from_db()
    task.refresh_from_db()
    assert order.status == OrderStatus.FOLLOWED_UP
    assert task.status == TaskStatus.DONE
    assert order.status_changes.last().note == "Working fine"  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        order_followed_up(order=order, by=personas.rep)


def test_the_follow_up_goes_to_customer_service_when_the_rep_left_the_unit(
    personas: Personas, shop: Shop
) -> None:
    service_desk = Department.objects.create(
        business_unit=personas.unit, kind=DepartmentKind.CUSTOMER_SERVICE, name="Customer service"
    )
    agent = make_user(
        "agent", roles=[Role.DEPARTMENT_STAFF], business_unit=personas.unit, departments=[service_desk]
    )
    order = confirmed_order(shop, personas.rep)
    personas.rep.is_active = False
    personas.rep.save(update_fields=["is_active"])

    order_transition(order=order, to_status=OrderStatus.DELIVERED, by=personas.coordinator)

    [task] = _follow_ups(order)
    assert (task.owner, task.department) == (agent, service_desk)
