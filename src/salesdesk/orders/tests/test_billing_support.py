"""Helpers for the billing tests: contracts, orders and billing entries made with the ORM directly,
so these tests do not depend on the contract and order services."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from salesdesk.catalog.models import Product
from salesdesk.contracts.choices import ContractStatus
from salesdesk.contracts.models import Contract, ContractLine
from salesdesk.customers.models import Account
from salesdesk.orders.choices import BillingKind, OrderStatus
from salesdesk.orders.models import BillingEntry, Order, OrderLine
from salesdesk.org.models import User
from salesdesk.testing.catalog_factories import ProductFactory

_numbers = itertools.count(1)


def make_account(owner: User, name: str = "Fiera Verde S.p.A.", **fields: Any) -> Account:
    return Account.objects.create(name=name, owner=owner, **fields)


def make_product(owner: User, name: str = "Stand 16 m²", tax_rate: str = "22.00") -> Product:
    return ProductFactory(business_unit=owner.business_unit, name=name, tax_rate=Decimal(tax_rate))


def make_contract(
    owner: User,
    *,
    account: Account | None = None,
    start_on: date = date(2027, 1, 1),
    end_on: date = date(2027, 3, 31),
    currency: str = "EUR",
) -> Contract:
    return Contract.objects.create(
        number=f"C-{next(_numbers):05d}",
        title="Fair 2027",
        account=account or make_account(owner),
        owner=owner,
        status=ContractStatus.SIGNED,
        start_on=start_on,
        end_on=end_on,
        currency=currency,
    )


def add_contract_line(
    contract: Contract,
    *,
    product: Product | None = None,
    billing: str = BillingKind.ONE_OFF,
    quantity: str = "1",
    unit_price: str = "1000.00",
    list_price: str = "0",
    discount_percent: str = "0",
    net_amount: str | None = None,
    issues: list[Any] | None = None,
    description: str = "",
) -> ContractLine:
    qty, price, discount = Decimal(quantity), Decimal(unit_price), Decimal(discount_percent)
    net = Decimal(net_amount) if net_amount is not None else qty * price * (100 - discount) / 100
    return ContractLine.objects.create(
        contract=contract,
        product=product or make_product(contract.owner),
        description=description,
        quantity=qty,
        list_price=Decimal(list_price),
        unit_price=price,
        discount_percent=discount,
        net_amount=net,
        billing=billing,
        issues=issues or [],
    )


def make_order(
    owner: User,
    *,
    account: Account | None = None,
    lines: list[tuple[str, str, str, str]] = (),  # type: ignore[assignment]
    ordered_on: date | None = date(2027, 2, 10),
    currency: str = "EUR",
) -> Order:
    """An order with lines given as (description, quantity, unit price, discount %)."""
    order = Order.objects.create(
        number=f"O-{next(_numbers):05d}",
        account=account or make_account(owner),
        owner=owner,
        status=OrderStatus.ORDERED,
        currency=currency,
        quoted_on=date(2027, 2, 1),
        ordered_on=ordered_on,
    )
    for position, (description, quantity, unit_price, discount) in enumerate(lines):
        qty, price, pct = Decimal(quantity), Decimal(unit_price), Decimal(discount)
        OrderLine.objects.create(
            order=order,
            position=position,
            description=description,
            quantity=qty,
            unit_price=price,
            discount_percent=pct,
            tax_rate=Decimal("19.00"),
            net_amount=qty * price * (100 - pct) / 100,
        )
    return order


def make_entries(owner: User, count: int, *, currency: str = "EUR", **fields: Any) -> list[BillingEntry]:
    """`count` pending one-off entries of one order owned by `owner`."""
    order = make_order(owner, account=fields.pop("account", None), currency=currency)
    return BillingEntry.objects.bulk_create(
        BillingEntry(
            owner=owner,
            account=order.account,
            order=order,
            kind=fields.get("kind", BillingKind.ONE_OFF),
            description=f"Entry {n}",
            amount=Decimal(fields.get("amount", "100.00")),
            currency=currency,
            tax_rate=Decimal("22.00"),
            bill_on=fields.get("bill_on", date(2027, 3, 1)),
        )
        for n in range(count)
    )
