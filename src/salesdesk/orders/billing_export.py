"""Billing entries as files for the billing system: CSV (streamed, UTF-8 with BOM) and XLSX (typed cells)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from salesdesk.core.money import currency_precision
from salesdesk.orders.models import BillingEntry
from salesdesk.transfer.exporting import CSV_DELIMITERS, csv_chunks

__all__ = [
    "CSV_DELIMITERS",
    "BillingRow",
    "billing_csv_chunks",
    "billing_headers",
    "billing_rows",
    "billing_xlsx",
]

# Rows fetched per database round trip while streaming a large export.
CHUNK_SIZE = 2000


@dataclass(frozen=True, slots=True)
class BillingRow:
    entry_id: int
    bill_on: date
    account: str
    vat_id: str
    kind: str
    instalment: str
    description: str
    net: Decimal
    currency: str
    tax_rate: Decimal
    tax: Decimal
    gross: Decimal
    contract: str
    order: str
    period_from: date | None
    period_to: date | None
    rep: str

    def values(self) -> tuple[Any, ...]:
        return (
            self.entry_id,
            self.bill_on,
            self.account,
            self.vat_id,
            self.kind,
            self.instalment,
            self.description,
            self.net,
            self.currency,
            self.tax_rate,
            self.tax,
            self.gross,
            self.contract,
            self.order,
            self.period_from,
            self.period_to,
            self.rep,
        )


def billing_headers() -> list[str]:
    return [
        _("Entry"),
        _("Bill on"),
        _("Account"),
        _("VAT ID"),
        _("Billing"),
        _("Instalment"),
        _("Description"),
        _("Net amount"),
        _("Currency"),
        _("Tax rate (%)"),
        _("Tax"),
        _("Gross amount"),
        _("Contract"),
        _("Order"),
        _("Period from"),
        _("Period until"),
        _("Sales rep"),
    ]


# Column widths in characters, in the order of billing_headers().
_WIDTHS = (9, 12, 32, 18, 14, 22, 60, 14, 9, 12, 12, 14, 16, 16, 12, 12, 24)
_DATE_COLUMNS = frozenset({1, 14, 15})
_AMOUNT_COLUMNS = frozenset({7, 10, 11})


def billing_row(entry: BillingEntry) -> BillingRow:
    """One entry as finance exports it: tax rounded to the currency's minor unit, gross = net + tax."""
    unit = Decimal(1).scaleb(-currency_precision(entry.currency))
    net = entry.amount.quantize(unit, rounding=ROUND_HALF_UP)
    tax = (net * entry.tax_rate / 100).quantize(unit, rounding=ROUND_HALF_UP)
    return BillingRow(
        entry_id=entry.pk,
        bill_on=entry.bill_on,
        account=entry.account.name,
        vat_id=entry.account.vat_id,
        kind=entry.get_kind_display(),
        instalment=entry.instalment,
        description=entry.description,
        net=net,
        currency=entry.currency,
        tax_rate=entry.tax_rate,
        tax=tax,
        gross=net + tax,
        contract=entry.contract.number if entry.contract else "",
        order=entry.order.number if entry.order else "",
        period_from=entry.period_start,
        period_to=entry.period_end,
        rep=entry.owner.display_name,
    )


def billing_rows(entries: QuerySet[BillingEntry]) -> Iterator[BillingRow]:
    """The export rows of `entries` (which must join account, owner, contract and order), read in chunks."""
    for entry in entries.iterator(chunk_size=CHUNK_SIZE):
        yield billing_row(entry)


def billing_csv_chunks(entries: QuerySet[BillingEntry], *, delimiter: str = ";") -> Iterator[bytes]:
    if delimiter not in CSV_DELIMITERS:
        raise ValueError(f"Unsupported CSV delimiter {delimiter!r}")
    return csv_chunks(billing_headers(), (row.values() for row in billing_rows(entries)), delimiter=delimiter)


def billing_xlsx(rows: Iterable[BillingRow], *, title: str = "") -> bytes:
    """A workbook with a frozen, bold header row, sized columns, real dates and numbers with decimals."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or _("Billing"))[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header = []
    for text in billing_headers():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        amount_format = (
            "#,##0"
            if currency_precision(row.currency) == 0
            else "#,##0." + "0" * currency_precision(row.currency)
        )
        cells = []
        for index, value in enumerate(row.values()):
            cell = WriteOnlyCell(sheet, value=value)
            if index in _DATE_COLUMNS and value is not None:
                cell.number_format = "yyyy-mm-dd"
            elif index in _AMOUNT_COLUMNS:
                cell.number_format = amount_format
            elif index == 9:
                cell.number_format = "0.00"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
