"""Stock (C2): movements keep levels, receipts and counts, and low stock on the watcher's worklist."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from salesdesk.catalog import selectors, services
from salesdesk.catalog.choices import MovementKind
from salesdesk.catalog.models import StockLevel, StockMovement
from salesdesk.catalog.stock import stock_move
from salesdesk.conftest import Personas
from salesdesk.org.choices import DepartmentKind, Role
from salesdesk.org.models import Department
from salesdesk.testing.catalog_factories import ProductFactory, StockLocationFactory
from salesdesk.testing.factories import make_user
from salesdesk.worklist.selectors import worklist_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(personas: Personas) -> tuple:  # type: ignore[type-arg]
    product = ProductFactory(
        business_unit=personas.unit, is_stocked=True, name="Brochure", stock_watcher=personas.rep
    )
    location = StockLocationFactory(business_unit=personas.unit, name="Main warehouse")
    return product, location


def _level(product: object, location: object) -> StockLevel:
    return StockLevel.objects.get(product=product, location=location)


def test_a_movement_updates_the_level(personas: Personas, place: tuple) -> None:  # type: ignore[type-arg]
    product, location = place

    stock_move(product=product, location=location, quantity=Decimal(10), kind=MovementKind.RECEIPT)
    stock_move(product=product, location=location, quantity=Decimal(-3), kind=MovementKind.DELIVERY)

    assert _level(product, location).on_hand == Decimal(7)
    assert sorted(StockMovement.objects.values_list("quantity", flat=True)) == [Decimal(-3), Decimal(10)]


def test_a_receipt_adds_and_a_count_sets_the_level(personas: Personas, place: tuple) -> None:  # type: ignore[type-arg]
    product, location = place

    services.stock_receive(
        product=product, location=location, quantity=Decimal(12), received_by=personas.coordinator
    )
    adjustment = services.stock_adjust(
        product=product,
        location=location,
        counted=Decimal(9),
        adjusted_by=personas.admin,
        note="Yearly count",
    )

    assert _level(product, location).on_hand == Decimal(9)
    assert (adjustment.kind, adjustment.quantity, adjustment.note) == (
        MovementKind.ADJUSTMENT,
        Decimal(-3),
        "Yearly count",
    )


def test_bad_stock_input_names_the_field_and_books_nothing(personas: Personas, place: tuple) -> None:  # type: ignore[type-arg]
    product, location = place
    unstocked = ProductFactory(business_unit=personas.unit, is_stocked=False)
    foreign_location = StockLocationFactory(business_unit=personas.other_unit)

    with pytest.raises(ValidationError) as zero:
        services.stock_receive(
            product=product, location=location, quantity=Decimal(0), received_by=personas.admin
        )
    with pytest.raises(ValidationError) as negative:
        services.stock_adjust(
            product=product, location=location, counted=Decimal(-1), adjusted_by=personas.admin
        )
    with pytest.raises(ValidationError) as wrong:
        services.stock_receive(
            product=unstocked, location=foreign_location, quantity=Decimal(1), received_by=personas.admin
        )
    with pytest.raises(ValidationError) as reorder:
        services.reorder_level_set(
            product=product, location=location, reorder_level=Decimal(-5), changed_by=personas.admin
        )

    assert list(zero.value.message_dict) == ["quantity"]
    assert list(negative.value.message_dict) == ["counted"]
    assert set(wrong.value.message_dict) == {"product", "location"}
    assert list(reorder.value.message_dict) == ["reorder_level"]
    assert not StockMovement.objects.exists()
    assert not StockLevel.objects.exists()


def test_logistics_staff_book_stock_but_reps_do_not(personas: Personas, place: tuple) -> None:  # type: ignore[type-arg]
    product, location = place
    logistics = Department.objects.create(
        business_unit=personas.unit, kind=DepartmentKind.LOGISTICS, name="Log"
    )
    keeper = make_user(
        "keeper", roles=[Role.DEPARTMENT_STAFF], business_unit=personas.unit, departments=[logistics]
    )

    services.stock_receive(product=product, location=location, quantity=Decimal(2), received_by=keeper)
    with pytest.raises(PermissionDenied):
        services.stock_receive(
            product=product, location=location, quantity=Decimal(2), received_by=personas.rep
        )
    with pytest.raises(PermissionDenied):
        services.stock_receive(
            product=product, location=location, quantity=Decimal(2), received_by=personas.design_staff
        )
    with pytest.raises(PermissionDenied):
        services.reorder_level_set(
            product=product, location=location, reorder_level=Decimal(1), changed_by=keeper
        )

    assert _level(product, location).on_hand == Decimal(2)


def test_a_stock_location_code_is_unique_in_the_unit(personas: Personas) -> None:
    services.stock_location_create(created_by=personas.coordinator, code="main", name="Main")

    with pytest.raises(ValidationError) as exc:
        services.stock_location_create(created_by=personas.coordinator, code="MAIN", name="Main again")

    assert list(exc.value.message_dict) == ["code"]


def test_low_stock_is_for_the_watcher_only(personas: Personas, place: tuple) -> None:  # type: ignore[type-arg]
    product, location = place
    services.stock_receive(
        product=product, location=location, quantity=Decimal(3), received_by=personas.coordinator
    )
    services.reorder_level_set(
        product=product, location=location, reorder_level=Decimal(10), changed_by=personas.admin
    )
    # plenty of another product the rep watches, and a low one nobody watches
    plenty = ProductFactory(business_unit=personas.unit, is_stocked=True, stock_watcher=personas.rep)
    services.stock_receive(
        product=plenty, location=location, quantity=Decimal(50), received_by=personas.admin
    )
    services.reorder_level_set(
        product=plenty, location=location, reorder_level=Decimal(10), changed_by=personas.admin
    )
    orphan = ProductFactory(business_unit=personas.unit, is_stocked=True)
    services.reorder_level_set(
        product=orphan, location=location, reorder_level=Decimal(10), changed_by=personas.admin
    )

    assert [level.product for level in selectors.low_stock_levels(user=personas.rep)] == [product]
    assert list(selectors.low_stock_levels(user=personas.other_rep)) == []
    assert list(selectors.low_stock_levels(user=personas.coordinator)) == []


def test_the_low_stock_item_is_on_the_watchers_worklist(personas: Personas, place: tuple) -> None:  # type: ignore[type-arg]
    product, location = place
    services.stock_receive(
        product=product, location=location, quantity=Decimal(3), received_by=personas.coordinator
    )
    services.reorder_level_set(
        product=product, location=location, reorder_level=Decimal(10), changed_by=personas.admin
    )
    today = timezone.localdate()

    rep_items = [
        item for item in worklist_items(user=personas.rep, today=today) if item.rule == "catalog-low-stock"
    ]
    other_items = [
        item
        for item in worklist_items(user=personas.other_rep, today=today)
        if item.rule == "catalog-low-stock"
    ]

    assert [item.title for item in rep_items] == [
        "Reorder: Brochure at Main warehouse (on hand 3, reorder at 10)"
    ]
    assert rep_items[0].url == f"/catalogue/{product.pk}/"
    assert other_items == []

    # once restocked above the level, the item leaves the worklist
    services.stock_receive(
        product=product, location=location, quantity=Decimal(20), received_by=personas.coordinator
    )
    assert not [
        item for item in worklist_items(user=personas.rep, today=today) if item.rule == "catalog-low-stock"
    ]


def test_a_product_no_longer_on_sale_is_not_reordered(personas: Personas, place: tuple) -> None:  # type: ignore[type-arg]
    product, location = place
    services.reorder_level_set(
        product=product, location=location, reorder_level=Decimal(10), changed_by=personas.admin
    )
    product.is_active = False
    product.save()

    assert list(selectors.low_stock_levels(user=personas.rep)) == []
