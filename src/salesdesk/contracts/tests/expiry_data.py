"""Contracts and deliverables for the expiry tests, made with the ORM so these tests need no services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from salesdesk.catalog.models import Product
from salesdesk.contracts.choices import ContractStatus
from salesdesk.contracts.models import Contract, ContractLine, Deliverable
from salesdesk.customers.models import Account
from salesdesk.org.models import Department, User

_numbers = count(1)


def make_account(owner: User, name: str = "Müller & Söhne GmbH") -> Account:
    return Account.objects.create(name=name, owner=owner)


def make_contract(
    owner: User,
    end_on: date,
    *,
    account: Account | None = None,
    value: Decimal | str = "12000",
    currency: str = "EUR",
    status: str = ContractStatus.SIGNED,
    title: str = "",
    **fields: Any,
) -> Contract:
    number = next(_numbers)
    return Contract.objects.create(
        number=f"C-{number:05d}",
        title=title or f"Anzeigenpaket {number}",
        account=account or make_account(owner),
        owner=owner,
        status=status,
        start_on=fields.pop("start_on", end_on - timedelta(days=364)),
        end_on=end_on,
        value=Decimal(value),
        currency=currency,
        **fields,
    )


def make_deliverable(contract: Contract, department: Department, due_on: date, **fields: Any) -> Deliverable:
    product, _created = Product.objects.get_or_create(
        business_unit=department.business_unit, sku="AD-1", defaults={"name": "Full-page advert"}
    )
    line = ContractLine.objects.create(
        contract=contract, product=product, quantity=Decimal(1), unit_price=contract.value
    )
    return Deliverable.objects.create(
        contract=contract,
        line=line,
        department=department,
        action=fields.pop("action", "place_in_issues"),
        title=fields.pop("title", "Place the advert in issue 3"),
        due_on=due_on,
        **fields,
    )
