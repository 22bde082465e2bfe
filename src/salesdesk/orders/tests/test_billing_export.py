"""Finance's side of B3: scoped lists with totals, CSV/XLSX files, and batches marked exported once."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from salesdesk.conftest import Personas
from salesdesk.core.models import AuditEvent
from salesdesk.orders.billing import billing_entries_create_for_contract, billing_entries_mark_exported
from salesdesk.orders.billing_export import billing_csv_chunks, billing_headers, billing_rows, billing_xlsx
from salesdesk.orders.billing_selectors import (
    BillingFilters,
    billing_batch_list,
    billing_entry_list,
    billing_totals,
)
from salesdesk.orders.choices import BillingKind, BillingStatus
from salesdesk.orders.models import BillingEntry
from salesdesk.orders.tests.test_billing_support import (
    add_contract_line,
    make_account,
    make_contract,
    make_entries,
)

pytestmark = pytest.mark.django_db


def _contract_entries(personas: Personas) -> list[BillingEntry]:
    account = make_account(personas.rep, name="Fiera Verde S.p.A.", vat_id="IT01234567890")
    contract = make_contract(personas.rep, account=account)
    add_contract_line(contract, billing=BillingKind.MONTHLY, unit_price="1000.00")
    return billing_entries_create_for_contract(contract=contract)


def test_finance_sees_the_whole_unit_a_rep_only_their_own_another_unit_nothing(personas: Personas) -> None:
    own = make_entries(personas.rep, 2)
    colleague = make_entries(personas.other_rep, 1)

    def ids(user: object) -> set[int]:
        return set(billing_entry_list(user=user).values_list("pk", flat=True))  # type: ignore[arg-type]

    assert ids(personas.finance) == {e.pk for e in own + colleague}
    assert ids(personas.manager) == {e.pk for e in own + colleague}
    assert ids(personas.rep) == {e.pk for e in own}
    assert ids(personas.outsider) == set()
    south_finance = _south_finance(personas)
    assert ids(south_finance) == set()


def _south_finance(personas: Personas):  # type: ignore[no-untyped-def]
    from salesdesk.org.choices import Role
    from salesdesk.testing.factories import make_user

    return make_user("south_finance", roles=[Role.FINANCE], business_unit=personas.other_unit)


def test_filters_and_totals_per_currency(personas: Personas) -> None:
    make_entries(personas.rep, 2, amount="100.00", bill_on=date(2027, 3, 1))
    make_entries(personas.rep, 3, currency="JPY", amount="5000", bill_on=date(2027, 4, 1))
    make_entries(personas.rep, 1, amount="7.50", bill_on=date(2027, 5, 1))

    everything = billing_entry_list(user=personas.finance)
    totals = {(t.currency, t.count, t.amount) for t in billing_totals(everything)}
    assert totals == {("EUR", 3, Decimal("207.50")), ("JPY", 3, Decimal("15000"))}

    april_on = billing_entry_list(
        user=personas.finance, filters=BillingFilters(bill_on_from=date(2027, 4, 1))
    )
    assert {(t.currency, t.count) for t in billing_totals(april_on)} == {("JPY", 3), ("EUR", 1)}
    in_yen = billing_entry_list(user=personas.finance, filters=BillingFilters(currency="jpy"))
    assert in_yen.count() == 3


def test_csv_has_a_bom_and_parses_back_with_semicolons(personas: Personas) -> None:
    entries = _contract_entries(personas)

    data = b"".join(billing_csv_chunks(billing_entry_list(user=personas.finance), delimiter=";"))

    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == billing_headers()
    assert len(rows) == 4
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Entry"] == str(entries[0].pk)
    assert first["Bill on"] == "2027-01-01"
    assert first["Account"] == "Fiera Verde S.p.A."
    assert first["VAT ID"] == "IT01234567890"
    assert first["Instalment"] == "2027-01"
    assert (first["Net amount"], first["Tax"], first["Gross amount"]) == ("333.33", "73.33", "406.66")
    assert first["Contract"] == entries[0].contract.number
    assert (first["Period from"], first["Period until"]) == ("2027-01-01", "2027-01-31")
    assert first["Sales rep"] == personas.rep.display_name


def test_csv_with_commas(personas: Personas) -> None:
    _contract_entries(personas)
    data = b"".join(billing_csv_chunks(billing_entry_list(user=personas.finance), delimiter=","))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=","))
    assert rows[1][billing_headers().index("Account")] == "Fiera Verde S.p.A."
    assert sum(Decimal(row[7]) for row in rows[1:]) == Decimal("1000.00")


def test_xlsx_has_numbers_and_dates_and_a_frozen_header(personas: Personas) -> None:
    entries = _contract_entries(personas)

    body = billing_xlsx(billing_rows(billing_entry_list(user=personas.finance)))

    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    assert sheet.freeze_panes == "A2"
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == billing_headers()
    assert [Decimal(str(row[7])) for row in values[1:]] == [e.amount for e in entries]
    assert all(isinstance(row[7], int | float) for row in values[1:])
    assert values[1][1].date() == date(2027, 1, 1)  # type: ignore[union-attr]
    assert sheet.column_dimensions["G"].width == 60


def test_marking_exported_makes_one_batch_and_never_repeats(personas: Personas) -> None:
    entries = make_entries(personas.rep, 3)
    BillingEntry.objects.filter(pk=entries[2].pk).update(status=BillingStatus.CANCELLED)

    first = billing_entries_mark_exported(
        entries=billing_entry_list(user=personas.finance), exported_by=personas.finance
    )

    assert first.ids == [entries[0].pk, entries[1].pk]
    assert first.batch == f"B-{timezone.localdate():%Y%m%d}-0001"
    stored = BillingEntry.objects.filter(pk__in=first.ids)
    assert {(e.status, e.export_batch) for e in stored} == {(BillingStatus.EXPORTED, first.batch)}
    assert all(e.exported_at is not None for e in stored)
    assert AuditEvent.objects.filter(verb="billing.export").count() == 1

    with pytest.raises(ValidationError) as refused:
        billing_entries_mark_exported(
            entries=billing_entry_list(user=personas.finance), exported_by=personas.finance
        )
    assert "status" in refused.value.message_dict

    more = make_entries(personas.rep, 1)
    second = billing_entries_mark_exported(
        entries=billing_entry_list(user=personas.finance), exported_by=personas.finance
    )
    assert second.ids == [more[0].pk]
    assert second.batch.endswith("-0002")
    assert [b.batch for b in billing_batch_list(user=personas.finance)] == [second.batch, first.batch]
    assert billing_batch_list(user=personas.finance)[1].count == 2


def test_a_rep_cannot_mark_entries_exported(personas: Personas) -> None:
    make_entries(personas.rep, 1)
    with pytest.raises(PermissionDenied):
        billing_entries_mark_exported(entries=billing_entry_list(user=personas.rep), exported_by=personas.rep)
    assert not BillingEntry.objects.filter(status=BillingStatus.EXPORTED).exists()
