"""Quotes and orders: lines, totals and rounding, numbering, status changes and their billing entries."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from salesdesk.catalog.models import PriceList, Product, StockLocation
from salesdesk.conftest import Personas
from salesdesk.core.versioning import StaleRecordError
from salesdesk.customers.models import Account
from salesdesk.customers.services import account_create
from salesdesk.orders.choices import BillingStatus, OrderStatus
from salesdesk.orders.models import BillingEntry, Delivery, Order, OrderLine, OrderStatusChange
from salesdesk.orders.numbering import next_number
from salesdesk.orders.services import (
    OrderLineInput,
    line_amounts,
    order_create,
    order_replace_lines,
    order_transition,
    order_update,
)
from salesdesk.org.models import User
from salesdesk.testing.catalog_factories import PriceListFactory, ProductFactory, StockLocationFactory

pytestmark = pytest.mark.django_db


@dataclass
class Shop:
    account: Account
    oven: Product  # stocked goods, 22 % tax
    service: Product  # not stocked, 10 % tax
    eur: PriceList
    usd: PriceList
    warehouse: StockLocation


def make_shop(personas: Personas) -> Shop:
    """An account, two products with EUR and USD prices, and a warehouse, in the personas' unit."""
    unit = personas.unit
    oven = ProductFactory(business_unit=unit, name="Oven", is_stocked=True, tax_rate=Decimal("22"))
    service = ProductFactory(business_unit=unit, name="Installation", tax_rate=Decimal("10"))
    return Shop(
        account=account_create(created_by=personas.rep, name="Bäckerei Schulz GmbH", is_shared=True),
        oven=oven,
        service=service,
        eur=PriceListFactory(
            business_unit=unit, currency="EUR", items={oven: Decimal("1000.00"), service: Decimal("99.99")}
        ),
        usd=PriceListFactory(business_unit=unit, currency="USD", items={oven: Decimal("1200.00")}),
        warehouse=StockLocationFactory(business_unit=unit, code="main", name="Main warehouse"),
    )


@pytest.fixture
def shop(personas: Personas) -> Shop:
    return make_shop(personas)


def make_order(
    shop: Shop,
    rep: User,
    *,
    lines: list[OrderLineInput] | None = None,
    currency: str = "EUR",
    **fields: object,
) -> Order:
    return order_create(
        created_by=rep,
        account=shop.account,
        currency=currency,
        lines=lines if lines is not None else [OrderLineInput(product=shop.oven, quantity=Decimal(2))],
        **fields,  # type: ignore[arg-type]
    )


def confirmed_order(shop: Shop, rep: User, **fields: object) -> Order:
    order = make_order(shop, rep, **fields)
    return order_transition(order=order, to_status=OrderStatus.ORDERED, by=rep)


def test_a_quote_takes_prices_from_the_price_list_and_tax_from_the_product(
    personas: Personas, shop: Shop
) -> None:
    order = make_order(
        shop,
        personas.rep,
        lines=[
            OrderLineInput(product=shop.oven, quantity=Decimal(2), discount_percent=Decimal("10")),
            OrderLineInput(product=shop.service, quantity=Decimal(3)),
            OrderLineInput(description="Delivery fee", quantity=Decimal(1), unit_price=Decimal("50")),
        ],
        quoted_on=date(2026, 3, 2),
    )

    lines = list(order.lines.order_by("position"))
    assert [(line.description, line.unit_price, line.tax_rate) for line in lines] == [
        ("Oven", Decimal("1000.0000"), Decimal("22.00")),
        ("Installation", Decimal("99.9900"), Decimal("10.00")),
        ("Delivery fee", Decimal("50.0000"), Decimal("0.00")),
    ]
    assert [line.net_amount for line in lines] == [Decimal("1800"), Decimal("299.97"), Decimal("50")]
    assert [line.tax_amount for line in lines] == [Decimal("396"), Decimal("30.00"), Decimal("0")]
    assert (order.net_total, order.tax_total, order.gross_total) == (
        Decimal("2149.97"),
        Decimal("426.00"),
        Decimal("2575.97"),
    )
    assert order.status == OrderStatus.QUOTE
    assert order.number == "Q-2026-000001"
    assert list(order.status_changes.values_list("from_status", "to_status")) == [("", "quote")]


def test_each_line_is_rounded_to_the_currency_and_the_total_is_their_sum(
    personas: Personas, shop: Shop
) -> None:
    lines = [
        OrderLineInput(
            description="Flour", quantity=Decimal("3"), unit_price=Decimal("0.3333"), tax_rate=Decimal("7")
        ),
        OrderLineInput(
            description="Salt", quantity=Decimal("1"), unit_price=Decimal("0.005"), tax_rate=Decimal("7")
        ),
    ]

    order = make_order(shop, personas.rep, lines=lines)

    assert [line.net_amount for line in order.lines.order_by("position")] == [
        Decimal("1.00"),
        Decimal("0.01"),
    ]
    assert (order.net_total, order.tax_total, order.gross_total) == (
        Decimal("1.01"),
        Decimal("0.07"),
        Decimal("1.08"),
    )


def test_yen_have_no_minor_unit(personas: Personas, shop: Shop) -> None:
    order = make_order(
        shop,
        personas.rep,
        currency="JPY",
        lines=[
            OrderLineInput(
                description="Kneading machine",
                quantity=Decimal("3"),
                unit_price=Decimal("33333.5"),
                discount_percent=Decimal("5"),
                tax_rate=Decimal("10"),
            )
        ],
    )

    order.refresh_from_db()
    # 3 × 33,333.5 = 100,000.5, less 5 % = 95,000.475 → ¥95,000; tax 10 % → ¥9,500.
    assert order.net_total == Decimal("95000")
    assert order.tax_total == Decimal("9500")
    assert order.gross_total == Decimal("104500")


def test_line_amounts_round_half_up_per_currency() -> None:
    def net(currency: str) -> Decimal:
        return line_amounts(
            quantity=Decimal(1),
            unit_price=Decimal("10.125"),
            discount_percent=Decimal(0),
            tax_rate=Decimal(0),
            currency=currency,
        ).net

    assert net("EUR") == Decimal("10.13")
    assert net("JPY") == Decimal("10")
    assert net("KWD") == Decimal("10.125")


def test_a_negative_quantity_names_the_line_and_saves_nothing(personas: Personas, shop: Shop) -> None:
    with pytest.raises(ValidationError) as caught:
        make_order(
            shop,
            personas.rep,
            lines=[
                OrderLineInput(product=shop.oven, quantity=Decimal(1)),
                OrderLineInput(product=shop.oven, quantity=Decimal(-2)),
            ],
        )

    assert list(caught.value.message_dict) == ["lines[1].quantity"]
    assert "more than zero" in caught.value.message_dict["lines[1].quantity"][0]
    assert not Order.objects.exists()
    assert not OrderLine.objects.exists()


def test_a_currency_the_price_list_lacks_names_the_line_and_field(personas: Personas, shop: Shop) -> None:
    with pytest.raises(ValidationError) as caught:
        make_order(
            shop,
            personas.rep,
            currency="CHF",
            lines=[OrderLineInput(product=shop.oven, quantity=Decimal(1))],
        )

    errors = caught.value.message_dict
    assert list(errors) == ["lines[0].unit_price"]
    assert "No price list in CHF" in errors["lines[0].unit_price"][0]
    assert "Oven" in errors["lines[0].unit_price"][0]
    assert not Order.objects.exists()


def test_a_price_list_in_another_currency_is_refused(personas: Personas, shop: Shop) -> None:
    with pytest.raises(ValidationError) as caught:
        make_order(shop, personas.rep, currency="USD", price_list=shop.eur)

    errors = caught.value.message_dict
    assert "price_list" in errors
    assert "lines[0].unit_price" in errors
    assert not Order.objects.exists()


def test_a_usd_quote_uses_the_usd_price_list(personas: Personas, shop: Shop) -> None:
    order = make_order(shop, personas.rep, currency="usd")

    assert order.currency == "USD"
    assert order.net_total == Decimal("2400.00")


def test_bad_head_fields_are_named(personas: Personas, shop: Shop) -> None:
    other_account = account_create(created_by=personas.other_rep, name="Not yours")

    with pytest.raises(ValidationError) as caught:
        order_create(
            created_by=personas.rep,
            account=other_account,
            currency="XXY",
            lines=[],
        )

    assert set(caught.value.message_dict) == {"account", "currency", "lines"}


def test_a_product_of_another_unit_is_refused(personas: Personas, shop: Shop) -> None:
    foreign = ProductFactory(business_unit=personas.other_unit, name="Foreign oven")

    with pytest.raises(ValidationError) as caught:
        make_order(shop, personas.rep, lines=[OrderLineInput(product=foreign, quantity=Decimal(1))])

    assert list(caught.value.message_dict) == ["lines[0].product"]


def test_numbers_count_up_per_prefix_and_year(personas: Personas, shop: Shop) -> None:
    first = make_order(shop, personas.rep, quoted_on=date(2026, 1, 5))
    second = make_order(shop, personas.rep, quoted_on=date(2026, 7, 1))
    next_year = make_order(shop, personas.rep, quoted_on=date(2027, 1, 1))

    assert [first.number, second.number, next_year.number] == [
        "Q-2026-000001",
        "Q-2026-000002",
        "Q-2027-000001",
    ]
    assert next_number("Q", model=Order, on=date(2026, 12, 31)) == "Q-2026-000003"


def test_ordering_numbers_the_order_records_the_change_and_creates_billing_entries(
    personas: Personas, shop: Shop
) -> None:
    order = make_order(
        shop,
        personas.rep,
        lines=[
            OrderLineInput(product=shop.oven, quantity=Decimal(2)),
            OrderLineInput(product=shop.service, quantity=Decimal(1)),
        ],
    )
    quote_number = order.number

    order_transition(
        order=order, to_status=OrderStatus.ORDERED, by=personas.rep, expected_version=1, on=date(2026, 4, 1)
    )

    order.refresh_from_db()
    assert order.status == OrderStatus.ORDERED
    assert order.ordered_on == date(2026, 4, 1)
    assert order.number == "O-2026-000001"
    change = order.status_changes.get(to_status=OrderStatus.ORDERED)
    assert (change.from_status, change.changed_by) == (OrderStatus.QUOTE, personas.rep)
    assert quote_number in change.note
    entries = BillingEntry.objects.filter(order=order).order_by("pk")
    assert [entry.amount for entry in entries] == [Decimal("2000.0000"), Decimal("99.9900")]
    assert {entry.status for entry in entries} == {BillingStatus.PENDING}


def test_cancelling_an_order_cancels_its_billing_entries(personas: Personas, shop: Shop) -> None:
    order = confirmed_order(shop, personas.rep)

    order_transition(order=order, to_status=OrderStatus.CANCELLED, by=personas.rep, note="Customer withdrew")

    assert set(BillingEntry.objects.filter(order=order).values_list("status", flat=True)) == {
        BillingStatus.CANCELLED
    }
    assert order.status_changes.last().note == "Customer withdrew"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], OrderStatus.DELIVERED),
        ([], OrderStatus.FOLLOWED_UP),
        ([OrderStatus.ORDERED], OrderStatus.QUOTE),
        ([OrderStatus.ORDERED], OrderStatus.FOLLOWED_UP),
        ([OrderStatus.CANCELLED], OrderStatus.ORDERED),
        ([OrderStatus.ORDERED, OrderStatus.DELIVERED], OrderStatus.CANCELLED),
    ],
)
def test_transitions_outside_the_allowed_ones_are_refused(
    personas: Personas, shop: Shop, path: list[str], refused: str
) -> None:
    order = make_order(shop, personas.rep)
    for status in path:
        order_transition(order=order, to_status=status, by=personas.rep)
    changes = OrderStatusChange.objects.count()

    with pytest.raises(ValidationError) as caught:
        order_transition(order=order, to_status=refused, by=personas.rep)

    assert "to_status" in caught.value.message_dict
    order.refresh_from_db()
    assert order.status == (path[-1] if path else OrderStatus.QUOTE)
    assert OrderStatusChange.objects.count() == changes


def test_a_stale_transition_is_refused(personas: Personas, shop: Shop) -> None:
    order = make_order(shop, personas.rep)
    order_update(order=Order.objects.get(pk=order.pk), updated_by=personas.rep, expected_version=1, notes="x")

    with pytest.raises(StaleRecordError):
        order_transition(order=order, to_status=OrderStatus.ORDERED, by=personas.rep, expected_version=1)
    assert not BillingEntry.objects.exists()


def test_lines_change_only_while_a_quote(personas: Personas, shop: Shop) -> None:
    order = make_order(shop, personas.rep)
    order_replace_lines(
        order=order,
        updated_by=personas.rep,
        expected_version=order.version,
        lines=[OrderLineInput(product=shop.service, quantity=Decimal(10))],
    )
    assert order.net_total == Decimal("999.90")
    assert list(order.lines.values_list("description", flat=True)) == ["Installation"]

    order_transition(order=order, to_status=OrderStatus.ORDERED, by=personas.rep)
    with pytest.raises(ValidationError):
        order_replace_lines(
            order=order,
            updated_by=personas.rep,
            expected_version=order.version,
            lines=[OrderLineInput(product=shop.oven, quantity=Decimal(1))],
        )
    with pytest.raises(ValidationError):
        order_update(
            order=order, updated_by=personas.rep, expected_version=order.version, owner=personas.other_rep
        )
    order_update(order=order, updated_by=personas.rep, expected_version=order.version, notes="Call before")
    assert Order.objects.get(pk=order.pk).notes == "Call before"


@pytest.mark.django_db(transaction=True)
def test_numbers_taken_at_the_same_time_never_clash(personas: Personas, shop: Shop) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writing transaction already")
    order = make_order(shop, personas.rep)

    def take() -> None:
        try:
            with transaction.atomic():
                number = next_number("T", model=Delivery, on=date(2026, 1, 1))
                time.sleep(0.05)  # hold the number while the others ask for theirs
                Delivery.objects.create(order=order, number=number)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(Delivery.objects.values_list("number", flat=True)) == [
        f"T-2026-00000{n}" for n in range(1, 6)
    ]
