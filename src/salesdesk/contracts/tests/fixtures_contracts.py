"""The world of seed 001 for the contract tests: a magazine publisher's unit with design, web and fairs
departments, a print advert, a web banner and a trade-show stand, each implying work for one of them.

Import the fixtures into a test module (`from salesdesk.contracts.tests.fixtures_contracts import *`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from salesdesk.api.services import api_token_create
from salesdesk.catalog.choices import DeliverableAction, ProductKind, Unit
from salesdesk.catalog.models import PriceList, Product
from salesdesk.conftest import Personas
from salesdesk.contracts.models import Contract
from salesdesk.contracts.services import ContractLineInput, contract_create, contract_sign
from salesdesk.customers.models import Account
from salesdesk.customers.services import account_create
from salesdesk.orders.choices import BillingKind
from salesdesk.org.choices import DepartmentKind, Role
from salesdesk.org.models import Department, User
from salesdesk.testing.catalog_factories import DeliverableTemplateFactory, PriceListFactory, ProductFactory
from salesdesk.testing.factories import make_user

__all__ = ["ApiClientFor", "MakeContract", "Seed", "api_client_for", "make_contract", "seed", "seed_lines"]


@dataclass
class Seed:
    personas: Personas
    web: Department
    fairs: Department
    web_staff: User
    fairs_staff: User
    advert: Product
    banner: Product
    stand: Product
    price_list: PriceList
    account: Account
    start_on: date


@pytest.fixture
def seed(personas: Personas) -> Seed:
    unit = personas.unit
    web = Department.objects.create(business_unit=unit, kind=DepartmentKind.WEB, name="Web")
    fairs = Department.objects.create(business_unit=unit, kind=DepartmentKind.FAIRS, name="Fairs")
    advert = ProductFactory(
        business_unit=unit, name="Print advert", kind=ProductKind.ADVERTISING, unit=Unit.ISSUE
    )
    banner = ProductFactory(business_unit=unit, name="Web banner", kind=ProductKind.ADVERTISING)
    stand = ProductFactory(business_unit=unit, name="Trade-show stand", kind=ProductKind.SERVICE)
    DeliverableTemplateFactory(
        product=advert,
        department_kind=DepartmentKind.DESIGN,
        action=DeliverableAction.PLACE_IN_ISSUES,
        title="Place the advert in the issues",
        due_offset_days=-7,
    )
    DeliverableTemplateFactory(
        product=banner,
        department_kind=DepartmentKind.WEB,
        action=DeliverableAction.PUT_LIVE,
        title="Put the banner live",
        due_offset_days=0,
    )
    DeliverableTemplateFactory(
        product=stand,
        department_kind=DepartmentKind.FAIRS,
        action=DeliverableAction.INVOICE_DISCOUNTED,
        title="Invoice the discounted stand",
        due_offset_days=14,
    )
    price_list = PriceListFactory(
        business_unit=unit,
        currency="EUR",
        items={advert: Decimal("1000.00"), banner: Decimal("300.00"), stand: Decimal("2000.00")},
    )
    return Seed(
        personas=personas,
        web=web,
        fairs=fairs,
        web_staff=make_user(
            "web_staff", roles=[Role.DEPARTMENT_STAFF], business_unit=unit, departments=[web]
        ),
        fairs_staff=make_user(
            "fairs_staff", roles=[Role.DEPARTMENT_STAFF], business_unit=unit, departments=[fairs]
        ),
        advert=advert,
        banner=banner,
        stand=stand,
        price_list=price_list,
        account=account_create(created_by=personas.rep, name="Bäckerei Schulz GmbH", is_shared=True),
        start_on=timezone.localdate() + timedelta(days=30),
    )


def seed_lines(seed: Seed) -> list[ContractLineInput]:
    """An advert in two issues, a free web banner and a trade-show stand at 40 % off."""
    return [
        ContractLineInput(
            product=seed.advert,
            quantity=Decimal(2),
            billing=BillingKind.PER_ISSUE,
            issues=["2027/03", "2027/04"],
        ),
        ContractLineInput(
            product=seed.banner,
            quantity=Decimal(1),
            unit_price=Decimal(0),
            target_url="https://schulz.example/fruehling",
        ),
        ContractLineInput(product=seed.stand, quantity=Decimal(1), discount_percent=Decimal(40)),
    ]


MakeContract = Callable[..., Contract]


@pytest.fixture
def make_contract(seed: Seed) -> MakeContract:
    def make(
        *,
        signed: bool = False,
        owner: User | None = None,
        lines: list[ContractLineInput] | None = None,
        **fields: Any,
    ) -> Contract:
        owner = owner or seed.personas.rep
        values: dict[str, Any] = {
            "account": seed.account,
            "title": "Spring campaign",
            "start_on": seed.start_on,
            "end_on": seed.start_on + timedelta(days=364),
            "currency": "EUR",
            **fields,
        }
        contract = contract_create(
            created_by=owner, owner=owner, lines=lines if lines is not None else seed_lines(seed), **values
        )
        if signed:
            contract_sign(
                contract=contract,
                signed_by=owner,
                signed_on=timezone.localdate(),
                expected_version=contract.version,
            )
        return contract

    return make


ApiClientFor = Callable[[User], Client]


@pytest.fixture
def api_client_for(db: None) -> ApiClientFor:
    def make(user: User) -> Client:
        _token, plaintext = api_token_create(user=user, name="tests")
        return Client(headers={"Authorization": f"Bearer {plaintext}"})

    return make
