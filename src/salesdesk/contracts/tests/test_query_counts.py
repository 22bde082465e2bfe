"""Contracts, deliverable queues and the expiry calendar: lists cost as many queries for 50 rows as for 1.

| List                              | Kind | Where tested                                        |
|-----------------------------------|------|-----------------------------------------------------|
| /contracts/                       | page | here                                                |
| /queue/ (deliverable queue)       | page | here                                                |
| /contracts/expiry/                | page | here                                                |
| /contracts/expiry/outlook/        | page | here (50 contracts summed by month)                 |
| /api/v1/contracts                 | API  | here                                                |
| /api/v1/deliverables              | API  | here                                                |
| /api/v1/contracts/expiring        | API  | here                                                |
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from salesdesk.conftest import Personas
from salesdesk.contracts.services import ContractLineInput
from salesdesk.contracts.tests import expiry_data
from salesdesk.contracts.tests.fixtures_contracts import *  # noqa: F403  (the seed and make_contract fixtures)
from salesdesk.contracts.tests.fixtures_contracts import MakeContract, Seed
from salesdesk.testing.query_counts import (
    NOT_ON_ANY_PAGE,
    RowMaker,
    assert_queries_constant,
    signed_in,
    with_token,
)

pytestmark = pytest.mark.django_db


def _title(index: int) -> str:
    return f"Contract {index:02d}"


def _add_signed_contract(
    seed: Seed, make_contract: MakeContract, numbers: list[str] | None = None
) -> RowMaker:
    """A signed contract of one advert: one deliverable in the design department's queue. Its number is
    appended to `numbers`."""

    def add(index: int) -> None:
        contract = make_contract(
            signed=True,
            title=_title(index),
            lines=[ContractLineInput(product=seed.advert, quantity=Decimal(1), issues=["2027/05"])],
        )
        if numbers is not None:
            numbers.append(contract.number)

    return add


def _add_expiring_contract(personas: Personas) -> RowMaker:
    """A signed contract of the rep or the other rep, for an account of its own, ending in December 2026."""

    def add(index: int) -> None:
        owner = personas.rep if index % 2 else personas.other_rep
        expiry_data.make_contract(
            owner,
            date(2026, 12, 1 + index % 31),
            account=expiry_data.make_account(owner, f"Account {index:02d}"),
            title=_title(index),
        )

    return add


def test_the_contract_page(seed: Seed, make_contract: MakeContract) -> None:
    assert_queries_constant(
        signed_in(seed.personas.rep),
        "/contracts/",
        add_row=_add_signed_contract(seed, make_contract),
        row_text=lambda index: f"{_title(index)}<",
    )


def test_the_deliverable_queue_page(seed: Seed, make_contract: MakeContract) -> None:
    numbers: list[str] = []
    assert_queries_constant(
        signed_in(seed.personas.design_staff),
        "/queue/",
        add_row=_add_signed_contract(seed, make_contract, numbers),
        row_text=lambda index: f"{numbers[index]}<" if index < len(numbers) else NOT_ON_ANY_PAGE,
    )


@pytest.mark.parametrize("path", ["/api/v1/contracts", "/api/v1/deliverables?scope=department"])
def test_the_contract_and_deliverable_apis(seed: Seed, make_contract: MakeContract, path: str) -> None:
    reader = seed.personas.rep if path == "/api/v1/contracts" else seed.personas.design_staff
    assert_queries_constant(with_token(reader), path, add_row=_add_signed_contract(seed, make_contract))


def test_the_expiry_calendar(personas: Personas) -> None:
    assert_queries_constant(
        signed_in(personas.manager),
        "/contracts/expiry/?period=month&start=2026-12",
        add_row=_add_expiring_contract(personas),
        row_text=lambda index: f"{_title(index)}<",
    )


def test_the_expiry_outlook(personas: Personas) -> None:
    def contracts_counted(response: Any) -> int:
        return sum(month.totals.count for month in response.context["months"])

    assert_queries_constant(
        signed_in(personas.manager),
        "/contracts/expiry/outlook/?period=month&start=2026-12",
        add_row=_add_expiring_contract(personas),
        count_rows=contracts_counted,
    )


def test_the_expiring_contracts_api(personas: Personas) -> None:
    def add_contract(index: int) -> None:
        owner = personas.rep if index % 2 else personas.other_rep
        expiry_data.make_contract(
            owner,
            date(2027, 1, 1) + timedelta(days=index),
            account=expiry_data.make_account(owner, f"Account {index:02d}"),
            currency="USD" if index % 3 == 0 else "EUR",
        )

    assert_queries_constant(
        with_token(personas.manager),
        "/api/v1/contracts/expiring?start=2027-01-01&end=2027-12-31&limit=50",
        add_row=add_contract,
    )
