"""Editing a draft (header and lines together, or nothing) and terminating a signed contract early."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from salesdesk.contracts.choices import ContractStatus, DeliverableStatus
from salesdesk.contracts.models import Contract
from salesdesk.contracts.tests.fixtures_contracts import *  # noqa: F403
from salesdesk.contracts.tests.fixtures_contracts import MakeContract, Seed
from salesdesk.orders.choices import BillingStatus

pytestmark = pytest.mark.django_db


def _as_the_browser_sends_it(response: Any, **changes: str) -> dict[str, str]:
    """The edit page's forms as shown (every prefilled value), with `changes` typed over them."""
    data: dict[str, str] = {}
    formset = response.context["formset"]
    for form in [response.context["form"], formset.management_form, *formset.forms]:
        for field in form:
            value = field.value()
            if value is None or value is False or value == "":
                continue
            data[field.html_name] = "on" if value is True else str(value)
    data.update(changes)
    return {key: value for key, value in data.items() if value != "<clear>"}


def _signed_in(seed: Seed) -> Client:
    client = Client()
    client.force_login(seed.personas.rep)
    return client


def test_a_rep_changes_a_drafts_title_and_lines_in_one_save(seed: Seed, make_contract: MakeContract) -> None:
    contract = make_contract()
    client = _signed_in(seed)
    url = reverse("contracts:contract-edit", args=[contract.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert [form.initial.get("product") for form in page.context["formset"].forms[:3]] == [
        seed.advert.pk,
        seed.banner.pk,
        seed.stand.pk,
    ]

    # the banner goes, the advert runs in three issues, the stand keeps its 40 % off the list
    response = client.post(
        url,
        _as_the_browser_sends_it(
            page,
            title="Spring and summer campaign",
            **{
                "lines-0-quantity": "3",
                "lines-0-issues": "2027/03, 2027/04, 2027/05",
                "lines-1-DELETE": "on",
            },
        ),
    )

    assert response.status_code == 302, response.context and response.context["form"].errors
    contract.refresh_from_db()
    lines = list(contract.lines.order_by("position"))
    assert contract.title == "Spring and summer campaign"
    assert [(line.product_id, line.quantity) for line in lines] == [(seed.advert.pk, 3), (seed.stand.pk, 1)]
    assert lines[0].issues == ["2027/03", "2027/04", "2027/05"]
    assert lines[1].discount_percent == Decimal(40)
    assert lines[1].unit_price == lines[1].list_price * Decimal("0.6")
    assert contract.value == sum(line.net_amount for line in lines)
    assert contract.version == page.context["form"].initial["version"] + 2  # header, then lines


def test_a_bad_line_leaves_the_header_as_it_was_too(seed: Seed, make_contract: MakeContract) -> None:
    contract = make_contract()
    before = (contract.title, contract.version, list(contract.lines.values_list("quantity", flat=True)))
    client = _signed_in(seed)
    url = reverse("contracts:contract-edit", args=[contract.pk])
    page = client.get(url)

    response = client.post(url, _as_the_browser_sends_it(page, title="Renamed", **{"lines-2-quantity": "-1"}))

    assert response.status_code == 200
    assert "Line 3: the quantity must be more than zero." in response.content.decode()
    contract.refresh_from_db()
    assert (
        contract.title,
        contract.version,
        list(contract.lines.values_list("quantity", flat=True)),
    ) == before


def test_an_edit_over_a_newer_save_is_refused(seed: Seed, make_contract: MakeContract) -> None:
    contract = make_contract()
    client = _signed_in(seed)
    url = reverse("contracts:contract-edit", args=[contract.pk])
    page = client.get(url)
    Contract.objects.filter(pk=contract.pk).update(
        version=contract.version + 1
    )  # a colleague saved meanwhile

    response = client.post(url, _as_the_browser_sends_it(page, title="Mine"))

    assert response.status_code == 200
    contract.refresh_from_db()
    assert contract.title == "Spring campaign"


def test_a_signed_contract_is_not_edited_but_may_be_terminated(
    seed: Seed, make_contract: MakeContract
) -> None:
    contract = make_contract(signed=True)
    client = _signed_in(seed)

    edit = client.get(reverse("contracts:contract-edit", args=[contract.pk]))
    assert edit["Location"] == reverse("contracts:contract-detail", args=[contract.pk])
    detail = client.get(edit["Location"]).content.decode()
    assert "Edit draft" not in detail
    assert "Terminate the contract" in detail

    ends = seed.start_on + timedelta(days=10)
    response = client.post(
        reverse("contracts:contract-terminate", args=[contract.pk]),
        {
            "terminated_on": ends.isoformat(),
            "reason": "Customer closed the shop",
            "version": contract.version,
        },
    )

    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == ContractStatus.TERMINATED
    assert contract.end_on == ends
    assert not contract.auto_renew
    assert (
        not contract.deliverables.filter(due_on__gt=ends).exclude(status=DeliverableStatus.CANCELLED).exists()
    )
    assert (
        not contract.billing_entries.filter(bill_on__gt=ends).exclude(status=BillingStatus.CANCELLED).exists()
    )
    assert contract.billing_entries.filter(status=BillingStatus.CANCELLED).exists()  # the later issues


def test_a_termination_before_the_start_names_the_date_and_changes_nothing(
    seed: Seed, make_contract: MakeContract
) -> None:
    contract = make_contract(signed=True)
    client = _signed_in(seed)

    response = client.post(
        reverse("contracts:contract-terminate", args=[contract.pk]),
        {
            "terminated_on": (seed.start_on - timedelta(days=1)).isoformat(),
            "reason": "Mistake",
            "version": contract.version,
        },
    )

    assert response.status_code == 400
    assert "The contract cannot end before it starts." in response.content.decode()
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED
