"""Billing entries in the API, for the billing system: list, read, mark a batch exported, fetch a batch.

Scoping is the pages' own: finance sees every entry of its business unit, a rep their own, a manager their
line. Only finance, coordinators and administrators mark entries exported.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from salesdesk.api.auth import request_user
from salesdesk.api.pagination import Page, PageParams, paginate
from salesdesk.orders.billing import billing_entries_mark_exported
from salesdesk.orders.billing_export import billing_row
from salesdesk.orders.billing_selectors import (
    BillingFilters,
    billing_batch_entries,
    billing_entry_get,
    billing_entry_list,
    billing_totals,
)
from salesdesk.orders.choices import BillingKind, BillingStatus
from salesdesk.orders.models import BillingEntry

router = Router(tags=["billing"])


class BillingEntryOut(Schema):
    id: int
    bill_on: date
    account_id: int
    account_name: str
    account_vat_id: str
    kind: BillingKind
    instalment: str
    description: str
    amount: Decimal = Field(description="Net, in the entry's currency.")
    currency: str
    tax_rate: Decimal
    tax_amount: Decimal = Field(description="Rounded to the currency's minor unit.")
    gross_amount: Decimal
    period_start: date | None
    period_end: date | None
    contract_id: int | None
    contract_number: str
    contract_line_id: int | None
    order_id: int | None
    order_number: str
    owner_id: int
    status: BillingStatus
    exported_at: datetime | None
    export_batch: str

    @staticmethod
    def resolve_account_name(obj: BillingEntry) -> str:
        return obj.account.name

    @staticmethod
    def resolve_account_vat_id(obj: BillingEntry) -> str:
        return obj.account.vat_id

    @staticmethod
    def resolve_tax_amount(obj: BillingEntry) -> Decimal:
        return billing_row(obj).tax

    @staticmethod
    def resolve_gross_amount(obj: BillingEntry) -> Decimal:
        return billing_row(obj).gross

    @staticmethod
    def resolve_contract_number(obj: BillingEntry) -> str:
        return obj.contract.number if obj.contract else ""

    @staticmethod
    def resolve_order_number(obj: BillingEntry) -> str:
        return obj.order.number if obj.order else ""


class BillingFiltersIn(Schema):
    status: BillingStatus | None = None
    bill_on_from: date | None = Field(None, description="Billed on or after this day.")
    bill_on_to: date | None = Field(None, description="Billed on or before this day.")
    account_id: int | None = None
    kind: BillingKind | None = None
    currency: str | None = Field(None, max_length=3)
    contract_id: int | None = None
    order_id: int | None = None
    batch: str | None = Field(None, max_length=40, description="Entries of one export batch.")

    def filters(self) -> BillingFilters:
        return BillingFilters(
            status=self.status or "",
            bill_on_from=self.bill_on_from,
            bill_on_to=self.bill_on_to,
            account_id=self.account_id,
            kind=self.kind or "",
            currency=self.currency or "",
            contract_id=self.contract_id,
            order_id=self.order_id,
            batch=self.batch or "",
        )


class BillingListIn(BillingFiltersIn, PageParams):
    pass


class BillingExportIn(BillingFiltersIn):
    ids: list[int] | None = Field(None, description="Only these entries (still narrowed by the filters).")


class BillingExportOut(Schema):
    batch: str = Field(description="Fetch it again at /billing-batches/{batch}.")
    count: int
    ids: list[int]


class CurrencyTotalOut(Schema):
    currency: str
    count: int
    amount: Decimal


class BillingBatchOut(Schema):
    batch: str
    totals: list[CurrencyTotalOut]
    items: list[BillingEntryOut]
    next_cursor: str | None = Field(description="Pass as cursor for the next page; null on the last page.")


@router.get("/billing-entries", response=Page[BillingEntryOut], summary="Billing entries you may see")
def billing_entries(request: HttpRequest, params: Query[BillingListIn]) -> dict[str, Any]:
    rows = billing_entry_list(user=request_user(request), filters=params.filters())
    return paginate(rows, ordering=["bill_on"], params=params)


@router.post(
    "/billing-entries/export",
    response=BillingExportOut,
    summary="Mark the matching entries ready to bill as exported, in one new batch",
)
def billing_entries_export(request: HttpRequest, payload: BillingExportIn) -> dict[str, Any]:
    user = request_user(request)
    entries = billing_entry_list(user=user, filters=payload.filters())
    if payload.ids is not None:
        entries = entries.filter(pk__in=payload.ids)
    try:
        exported = billing_entries_mark_exported(entries=entries, exported_by=user)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or _("You may not do this.")) from exc
    return {"batch": exported.batch, "count": len(exported.ids), "ids": exported.ids}


@router.get("/billing-entries/{entry_id}", response=BillingEntryOut, summary="One billing entry")
def billing_entry(request: HttpRequest, entry_id: int) -> BillingEntry:
    return billing_entry_get(user=request_user(request), pk=entry_id)


@router.get(
    "/billing-batches/{batch}",
    response=BillingBatchOut,
    summary="An exported batch, to fetch it again (paged; marks nothing)",
)
def billing_batch(request: HttpRequest, batch: str, params: Query[PageParams]) -> dict[str, Any]:
    entries = billing_batch_entries(user=request_user(request), batch=batch)
    totals = billing_totals(entries)
    if not totals:
        raise Http404
    page = paginate(entries, ordering=["bill_on"], params=params)
    return {"batch": batch, "totals": totals, **page}
