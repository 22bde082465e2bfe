"""The contract pages: the line editor, the list, and signing with the signed document."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from salesdesk.contracts.choices import ContractStatus
from salesdesk.contracts.models import Contract
from salesdesk.contracts.tests.fixtures_contracts import *  # noqa: F403
from salesdesk.contracts.tests.fixtures_contracts import MakeContract, Seed

pytestmark = pytest.mark.django_db


def _form(seed: Seed, **changes: str) -> dict[str, str]:
    data = {
        "account": str(seed.account.pk),
        "title": "Spring campaign",
        "start_on": seed.start_on.isoformat(),
        "end_on": (seed.start_on + timedelta(days=364)).isoformat(),
        "currency": "EUR",
        "notice_days": "90",
        "renewal_months": "12",
        "lines-TOTAL_FORMS": "4",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "50",
        "lines-0-product": str(seed.advert.pk),
        "lines-0-quantity": "2",
        "lines-0-billing": "per_issue",
        "lines-0-issues": "2027/03, 2027/04",
        "lines-1-product": str(seed.banner.pk),
        "lines-1-quantity": "1",
        "lines-1-unit_price": "0",
        "lines-1-billing": "one_off",
        "lines-1-target_url": "https://schulz.example",
        "lines-2-product": str(seed.stand.pk),
        "lines-2-quantity": "1",
        "lines-2-discount_percent": "40",
        "lines-2-billing": "one_off",
        "lines-3-quantity": "1",
        "lines-3-billing": "one_off",
    }
    data.update(changes)
    return data


def test_a_rep_drafts_a_contract_with_the_line_editor(seed: Seed) -> None:
    client = Client()
    client.force_login(seed.personas.rep)
    assert client.get(reverse("contracts:contract-create")).status_code == 200

    response = client.post(reverse("contracts:contract-create"), _form(seed))

    contract = Contract.objects.get()
    assert response["Location"] == reverse("contracts:contract-detail", args=[contract.pk])
    assert [line.issues for line in contract.lines.order_by("position")] == [["2027/03", "2027/04"], [], []]
    assert contract.value == 3200


def test_a_bad_line_is_shown_on_its_row_and_nothing_is_saved(seed: Seed) -> None:
    client = Client()
    client.force_login(seed.personas.rep)

    response = client.post(reverse("contracts:contract-create"), _form(seed, **{"lines-1-quantity": "-2"}))

    assert response.status_code == 200
    assert "Line 2: the quantity must be more than zero." in response.content.decode()
    assert Contract.objects.count() == 0


def test_signing_on_the_page_stores_the_document_and_fills_the_queues(
    seed: Seed, make_contract: MakeContract, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    contract = make_contract()
    client = Client()
    client.force_login(seed.personas.rep)

    response = client.post(
        reverse("contracts:contract-sign", args=[contract.pk]),
        {
            "signed_on": timezone.localdate().isoformat(),
            "version": str(contract.version),
            "document": SimpleUploadedFile("signed.pdf", b"%PDF-1.4 signed", content_type="application/pdf"),
        },
    )

    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED
    assert contract.signed_document.name.endswith(".pdf")
    page = client.get(reverse("contracts:contract-detail", args=[contract.pk])).content.decode()
    assert "0 of 3 promises kept" in page
    assert "Invoice the discounted stand" in page


def test_the_list_filters_and_shows_the_promises(seed: Seed, make_contract: MakeContract) -> None:
    signed = make_contract(signed=True)
    draft = make_contract(title="Autumn")
    client = Client()
    client.force_login(seed.personas.rep)

    everything = client.get(reverse("contracts:contract-list")).content.decode()
    drafts = client.get(reverse("contracts:contract-list"), {"status": "draft"}).content.decode()

    assert signed.number in everything
    assert draft.number in everything
    assert "0 of 3 promises kept" in everything
    assert signed.number not in drafts
    assert draft.number in drafts
