"""Drafting, changing and cancelling contracts: prices from the price list, and bad input refused whole."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from salesdesk.contracts.choices import ContractStatus, DeliverableStatus
from salesdesk.contracts.models import Contract, ContractLine, Deliverable
from salesdesk.contracts.services import (
    ContractLineInput,
    contract_cancel,
    contract_create,
    contract_replace_lines,
    contract_terminate,
    contract_update,
)
from salesdesk.contracts.tests.fixtures_contracts import *  # noqa: F403
from salesdesk.contracts.tests.fixtures_contracts import MakeContract, Seed, seed_lines
from salesdesk.core.versioning import StaleRecordError
from salesdesk.orders.choices import BillingStatus
from salesdesk.orders.models import BillingEntry

pytestmark = pytest.mark.django_db


def test_it_drafts_a_contract_with_lines_priced_from_the_price_list(
    seed: Seed, make_contract: MakeContract
) -> None:
    contract = make_contract()

    assert re.fullmatch(rf"C-{timezone.localdate().year}-000001", contract.number)
    assert contract.status == ContractStatus.DRAFT
    advert, banner, stand = contract.lines.order_by("position")
    assert (advert.list_price, advert.unit_price, advert.net_amount) == (
        Decimal(1000),
        Decimal(1000),
        Decimal(2000),
    )
    assert advert.issues == ["2027/03", "2027/04"]
    # The free banner keeps its list price, so everyone sees what was given away.
    assert (banner.list_price, banner.unit_price, banner.discount_percent, banner.net_amount) == (
        Decimal(300),
        Decimal(0),
        Decimal(100),
        Decimal(0),
    )
    assert (stand.list_price, stand.unit_price, stand.discount_percent, stand.net_amount) == (
        Decimal(2000),
        Decimal(1200),
        Decimal(40),
        Decimal(1200),
    )
    assert contract.value == Decimal(3200)
    assert make_contract().number.endswith("-000002")


def test_a_typed_price_above_the_list_price_is_not_a_discount(
    seed: Seed, make_contract: MakeContract
) -> None:
    contract = make_contract(
        lines=[ContractLineInput(product=seed.stand, quantity=Decimal(2), unit_price=Decimal(2500))]
    )

    [line] = contract.lines.all()
    assert (line.list_price, line.unit_price, line.discount_percent, line.net_amount) == (
        Decimal(2000),
        Decimal(2500),
        Decimal(0),
        Decimal(5000),
    )


def _lines_with(seed: Seed, index: int, **changes: object) -> list[ContractLineInput]:
    lines = seed_lines(seed)
    for name, value in changes.items():
        setattr(lines[index], name, value)
    return lines


@pytest.mark.parametrize(
    ("case", "field", "words"),
    [
        ("end before start", "end_on", ["cannot end before it starts"]),
        ("negative quantity", "lines.1.quantity", ["Line 2", "more than zero"]),
        ("currency the price list lacks", "lines.0.unit_price", ["Line 1", "USD", "Print advert"]),
        (
            "department the unit lacks",
            "lines.2.product",
            ["Line 3", "Trade-show stand", "Trade fairs", "North"],
        ),
        ("discount above 100", "lines.2.discount_percent", ["Line 3", "between 0 and 100"]),
        ("no lines", "lines", ["at least one line"]),
    ],
)
def test_it_refuses_bad_input_naming_the_field_and_saves_nothing(
    seed: Seed, make_contract: MakeContract, case: str, field: str, words: list[str]
) -> None:
    fields: dict[str, object] = {}
    if case == "end before start":
        fields["end_on"] = seed.start_on - timedelta(days=1)
    elif case == "negative quantity":
        fields["lines"] = _lines_with(seed, 1, quantity=Decimal(-1))
    elif case == "currency the price list lacks":
        fields["currency"] = "USD"
    elif case == "department the unit lacks":
        seed.fairs.delete()
    elif case == "discount above 100":
        fields["lines"] = _lines_with(seed, 2, discount_percent=Decimal(120))
    else:
        fields["lines"] = []

    with pytest.raises(ValidationError) as raised:
        make_contract(**fields)

    message = " ".join(raised.value.message_dict[field])
    for word in words:
        assert word in message
    assert Contract.objects.count() == 0
    assert ContractLine.objects.count() == 0


def test_a_rep_cannot_draft_for_an_account_they_cannot_see(seed: Seed) -> None:
    with pytest.raises(ValidationError) as raised:
        contract_create(
            created_by=seed.personas.outsider,
            account=seed.account,
            title="Poached",
            start_on=seed.start_on,
            end_on=seed.start_on,
            currency="EUR",
            lines=[],
        )

    assert "account" in raised.value.message_dict
    assert Contract.objects.count() == 0


def test_department_staff_cannot_draft_contracts(seed: Seed) -> None:
    with pytest.raises(ValidationError):
        contract_create(
            created_by=seed.web_staff,
            account=seed.account,
            title="Not mine to sell",
            start_on=seed.start_on,
            end_on=seed.start_on,
            currency="EUR",
            lines=seed_lines(seed),
        )


def test_a_draft_is_changed_with_its_version_and_a_stale_change_is_refused(
    seed: Seed, make_contract: MakeContract
) -> None:
    contract = make_contract()
    rep = seed.personas.rep

    contract_update(contract=contract, changed_by=rep, expected_version=1, title="Spring and summer")
    contract.refresh_from_db()
    assert (contract.title, contract.version) == ("Spring and summer", 2)

    stale = Contract.objects.get(pk=contract.pk)
    with pytest.raises(StaleRecordError):
        contract_update(contract=stale, changed_by=rep, expected_version=1, title="Overwritten")
    contract.refresh_from_db()
    assert contract.title == "Spring and summer"


def test_lines_are_replaced_and_the_value_follows(seed: Seed, make_contract: MakeContract) -> None:
    contract = make_contract()

    contract_replace_lines(
        contract=contract,
        lines=[ContractLineInput(product=seed.advert, quantity=Decimal(3))],
        changed_by=seed.personas.rep,
        expected_version=contract.version,
    )

    contract.refresh_from_db()
    assert contract.value == Decimal(3000)
    assert contract.lines.count() == 1


def test_a_signed_contract_cannot_be_edited(seed: Seed, make_contract: MakeContract) -> None:
    contract = make_contract(signed=True)

    with pytest.raises(ValidationError) as raised:
        contract_update(
            contract=contract, changed_by=seed.personas.rep, expected_version=contract.version, title="Late"
        )

    assert "only a draft can be changed" in raised.value.message_dict["status"][0]


def test_cancelling_a_signed_contract_cancels_its_open_promises_and_pending_billing(
    seed: Seed, make_contract: MakeContract
) -> None:
    contract = make_contract(signed=True)

    with pytest.raises(ValidationError):
        contract_cancel(
            contract=contract, cancelled_by=seed.personas.rep, reason=" ", expected_version=contract.version
        )
    contract_cancel(
        contract=contract,
        cancelled_by=seed.personas.rep,
        reason="Customer withdrew",
        expected_version=contract.version,
    )

    contract.refresh_from_db()
    assert contract.status == ContractStatus.CANCELLED
    assert set(Deliverable.objects.values_list("status", flat=True)) == {DeliverableStatus.CANCELLED}
    assert set(BillingEntry.objects.values_list("status", flat=True)) == {BillingStatus.CANCELLED}


def test_terminating_cancels_only_work_due_after_the_end(seed: Seed, make_contract: MakeContract) -> None:
    contract = make_contract(signed=True)
    # The advert is due a week before the start, the banner on it, the stand two weeks after.
    terminated_on = seed.start_on + timedelta(days=1)

    contract_terminate(
        contract=contract,
        terminated_by=seed.personas.rep,
        terminated_on=terminated_on,
        reason="Insolvency",
        expected_version=contract.version,
    )

    contract.refresh_from_db()
    assert (contract.status, contract.end_on) == (ContractStatus.TERMINATED, terminated_on)
    statuses = dict(Deliverable.objects.values_list("line__product__name", "status"))
    assert statuses == {
        "Print advert": DeliverableStatus.OPEN,
        "Web banner": DeliverableStatus.OPEN,
        "Trade-show stand": DeliverableStatus.CANCELLED,
    }
