"""B3 Enter once: contracts and orders turn into billing entries, split exactly, never twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from salesdesk.conftest import Personas
from salesdesk.core.models import Notification
from salesdesk.orders.billing import (
    billing_entries_cancel_for_contract,
    billing_entries_cancel_for_order,
    billing_entries_create_for_contract,
    billing_entries_create_for_order,
    billing_entries_for_contract,
    months_between,
    split_amount,
)
from salesdesk.orders.choices import BillingKind, BillingStatus
from salesdesk.orders.models import BillingEntry
from salesdesk.orders.tests.test_billing_support import add_contract_line, make_contract, make_order

pytestmark = pytest.mark.django_db


def test_split_amount_adds_up_exactly_with_the_rest_on_the_last_share() -> None:
    assert split_amount(Decimal("1000.00"), 3, "EUR") == [
        Decimal("333.33"),
        Decimal("333.33"),
        Decimal("333.34"),
    ]
    assert split_amount(Decimal("1000"), 3, "JPY") == [Decimal("333"), Decimal("333"), Decimal("334")]
    assert sum(split_amount(Decimal("0.05"), 7, "EUR")) == Decimal("0.05")


def test_months_are_cut_to_the_contract_days() -> None:
    months = months_between(date(2027, 1, 15), date(2027, 3, 10))
    assert [(m.start, m.end, m.label) for m in months] == [
        (date(2027, 1, 15), date(2027, 1, 31), "2027-01"),
        (date(2027, 2, 1), date(2027, 2, 28), "2027-02"),
        (date(2027, 3, 1), date(2027, 3, 10), "2027-03"),
    ]
    assert [m.label for m in months_between(date(2026, 12, 1), date(2027, 1, 31))] == ["2026-12", "2027-01"]


def test_monthly_line_gives_one_entry_per_month_summing_to_the_net_amount(personas: Personas) -> None:
    contract = make_contract(personas.rep, start_on=date(2027, 1, 1), end_on=date(2027, 3, 31))
    line = add_contract_line(contract, billing=BillingKind.MONTHLY, unit_price="1000.00")

    entries = billing_entries_for_contract(contract=contract, lines=[line])

    assert [e.amount for e in entries] == [Decimal("333.33"), Decimal("333.33"), Decimal("333.34")]
    assert [e.instalment for e in entries] == ["2027-01", "2027-02", "2027-03"]
    assert [(e.period_start, e.period_end) for e in entries][1] == (date(2027, 2, 1), date(2027, 2, 28))
    assert [e.bill_on for e in entries] == [date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)]
    assert {e.kind for e in entries} == {BillingKind.MONTHLY}
    assert {(e.owner_id, e.account_id, e.tax_rate) for e in entries} == {
        (personas.rep.pk, contract.account_id, Decimal("22.00"))
    }


def test_monthly_split_in_yen_has_no_decimals(personas: Personas) -> None:
    contract = make_contract(
        personas.rep, currency="JPY", start_on=date(2027, 1, 1), end_on=date(2027, 3, 31)
    )
    line = add_contract_line(contract, billing=BillingKind.MONTHLY, unit_price="100000")

    amounts = [e.amount for e in billing_entries_for_contract(contract=contract, lines=[line])]

    assert amounts == [Decimal(33333), Decimal(33333), Decimal(33334)]
    assert all(a == a.to_integral_value() for a in amounts)


def test_per_issue_line_gives_one_entry_per_listed_issue(personas: Personas) -> None:
    contract = make_contract(personas.rep)
    line = add_contract_line(
        contract, billing=BillingKind.PER_ISSUE, unit_price="100.00", issues=["2027/03", "2027/05", "2027/09"]
    )

    entries = billing_entries_for_contract(contract=contract, lines=[line])

    assert [e.amount for e in entries] == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert entries[0].instalment == "Issue 2027/03 (1 of 3)"
    assert [e.bill_on for e in entries] == [date(2027, 3, 1), date(2027, 5, 1), date(2027, 9, 1)]


def test_per_issue_line_without_issues_gives_one_entry_per_unit(personas: Personas) -> None:
    contract = make_contract(personas.rep)
    line = add_contract_line(contract, billing=BillingKind.PER_ISSUE, quantity="4", unit_price="250.00")

    entries = billing_entries_for_contract(contract=contract, lines=[line])

    assert [e.amount for e in entries] == [Decimal("250.00")] * 4
    assert entries[-1].instalment == "Instalment 4 of 4"
    assert {e.bill_on for e in entries} == {contract.start_on}


def test_discounted_stand_is_billed_net_and_says_so(personas: Personas) -> None:
    """Seed 001: the fairs department invoices the customer the discounted amount for their stand."""
    contract = make_contract(personas.rep)
    line = add_contract_line(
        contract, unit_price="2000.00", list_price="2000.00", discount_percent="40", description="Hall 3"
    )

    [entry] = billing_entries_for_contract(contract=contract, lines=[line])

    assert entry.amount == Decimal("1200.00")
    assert entry.kind == BillingKind.ONE_OFF
    assert entry.bill_on == contract.start_on
    assert entry.description == f"{line.product.name} – Hall 3 (discounted: 1,200.00 instead of 2,000.00)"


def test_building_entries_makes_no_queries(personas: Personas, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    contract = make_contract(personas.rep)
    lines = [
        add_contract_line(contract, billing=BillingKind.MONTHLY),
        add_contract_line(contract, billing=BillingKind.PER_ISSUE, issues=["A", "B"]),
    ]
    with django_assert_num_queries(0):
        assert len(billing_entries_for_contract(contract=contract, lines=lines)) == 5


def test_creating_for_a_contract_twice_does_not_duplicate(personas: Personas) -> None:
    contract = make_contract(personas.rep)
    add_contract_line(contract, billing=BillingKind.MONTHLY)

    first = billing_entries_create_for_contract(contract=contract)
    second = billing_entries_create_for_contract(contract=contract)

    assert len(first) == 3
    assert second == []
    assert BillingEntry.objects.filter(contract=contract).count() == 3

    add_contract_line(contract)  # a line added later gets its entry, the others stay as they are
    assert len(billing_entries_create_for_contract(contract=contract)) == 1
    assert BillingEntry.objects.filter(contract=contract).count() == 4


def test_order_gives_one_entry_per_line_at_net_amount(personas: Personas) -> None:
    order = make_order(personas.rep, lines=[("Oven", "2", "500.00", "10"), ("Delivery", "1", "80.00", "0")])

    entries = billing_entries_create_for_order(order=order)

    assert [(e.amount, e.tax_rate, e.bill_on) for e in entries] == [
        (Decimal("900.00"), Decimal("19.00"), date(2027, 2, 10)),
        (Decimal("80.00"), Decimal("19.00"), date(2027, 2, 10)),
    ]
    assert entries[0].description == "Oven (discounted: 900.00 instead of 1,000.00)"
    assert entries[1].description == "Delivery"
    assert billing_entries_create_for_order(order=order) == []
    assert BillingEntry.objects.filter(order=order).count() == 2


def test_cancelling_an_order_cancels_pending_entries_and_flags_exported_ones(personas: Personas) -> None:
    order = make_order(personas.rep, lines=[("Oven", "1", "500.00", "0"), ("Delivery", "1", "80.00", "0")])
    oven, delivery = billing_entries_create_for_order(order=order)
    BillingEntry.objects.filter(pk=oven.pk).update(status=BillingStatus.EXPORTED, export_batch="B-1")

    assert billing_entries_cancel_for_order(order=order) == 1

    statuses = dict(BillingEntry.objects.filter(order=order).values_list("pk", "status"))
    assert statuses == {oven.pk: BillingStatus.EXPORTED, delivery.pk: BillingStatus.CANCELLED}
    note = Notification.objects.get(recipient=personas.finance)
    assert "credit note" in note.title
    assert "500.00 EUR" in note.body
    assert not Notification.objects.filter(recipient=personas.rep).exists()


def test_cancelling_a_contract_cancels_its_pending_entries(personas: Personas) -> None:
    contract = make_contract(personas.rep)
    add_contract_line(contract, billing=BillingKind.MONTHLY)
    billing_entries_create_for_contract(contract=contract)

    assert billing_entries_cancel_for_contract(contract=contract) == 3
    assert billing_entries_cancel_for_contract(contract=contract) == 0
    assert not Notification.objects.exists()
