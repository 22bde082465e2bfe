"""The billing page: who may open it, constant queries, files, and marking a batch exported."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from salesdesk.conftest import Personas
from salesdesk.orders.choices import BillingStatus
from salesdesk.orders.models import BillingEntry
from salesdesk.orders.tests.test_billing_support import make_entries
from salesdesk.org.models import User

pytestmark = pytest.mark.django_db

LIST = reverse("orders:billing-list")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("persona", ["finance", "coordinator", "admin"])
def test_finance_coordinators_and_admins_open_the_page(personas: Personas, persona: str) -> None:
    make_entries(personas.rep, 2, amount="1200.00")
    response = _client(getattr(personas, persona)).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Entry 1" in html
    assert "€2,400.00" in html


@pytest.mark.parametrize("persona", ["rep", "manager", "design_staff"])
def test_others_may_not_open_it(personas: Personas, persona: str) -> None:
    client = _client(getattr(personas, persona))
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("orders:billing-export", args=["csv"])).status_code == 403
    assert client.post(reverse("orders:billing-mark-exported")).status_code == 403


def test_filters_narrow_the_list(personas: Personas) -> None:
    make_entries(personas.rep, 1, currency="JPY", amount="5000")
    make_entries(personas.rep, 1, amount="10.00")
    html = _client(personas.finance).get(LIST, {"currency": "JPY"}).content.decode()
    assert "¥5,000" in html
    assert "€10.00" not in html


def test_csv_download_streams_the_filtered_entries(personas: Personas) -> None:
    make_entries(personas.rep, 2)
    response = _client(personas.finance).get(
        reverse("orders:billing-export", args=["csv"]), {"delimiter": ","}
    )
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[arg-type]
    assert body.splitlines()[0].startswith("Entry,Bill on,Account")
    assert len(body.splitlines()) == 3
    assert not BillingEntry.objects.exclude(
        status=BillingStatus.PENDING
    ).exists()  # downloading marks nothing


def test_export_and_mark_asks_first_then_marks_and_offers_the_batch_again(personas: Personas) -> None:
    entries = make_entries(personas.rep, 2, amount="50.00")
    client = _client(personas.finance)
    url = reverse("orders:billing-mark-exported")

    confirm = client.get(url, {"currency": "EUR"})
    assert confirm.status_code == 200
    assert "€100.00" in confirm.content.decode()
    assert not BillingEntry.objects.filter(status=BillingStatus.EXPORTED).exists()

    response = client.post(url, {"currency": "EUR"}, follow=True)
    batch = BillingEntry.objects.get(pk=entries[0].pk).export_batch
    assert batch
    assert f"Batch {batch} exported: 2 billing entries." in response.content.decode()
    assert BillingEntry.objects.filter(export_batch=batch).count() == 2

    again = client.post(url, {"currency": "EUR"}, follow=True)
    assert "No billing entries ready to bill match these filters." in again.content.decode()
    assert set(BillingEntry.objects.values_list("export_batch", flat=True)) == {batch}

    download = client.get(reverse("orders:billing-batch-download", args=[batch, "xlsx"]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{batch}.xlsx"'
    assert (
        client.get(reverse("orders:billing-batch-download", args=["B-19990101-0001", "csv"])).status_code
        == 404
    )
    assert Decimal(50) == BillingEntry.objects.get(pk=entries[1].pk).amount
