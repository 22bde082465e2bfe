"""Reads of billing entries and export batches, always scoped to the reader (finance sees its unit)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum

from salesdesk.core.money import STORAGE_PLACES, Money
from salesdesk.core.scoping import get_visible_or_404, visible_to
from salesdesk.orders.models import BillingEntry
from salesdesk.org.models import User


@dataclass(frozen=True)
class BillingFilters:
    status: str = ""
    bill_on_from: date | None = None
    bill_on_to: date | None = None
    account_id: int | None = None
    kind: str = ""
    currency: str = ""
    contract_id: int | None = None
    order_id: int | None = None
    batch: str = ""


@dataclass(frozen=True)
class CurrencyTotal:
    currency: str
    count: int
    amount: Decimal

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


@dataclass
class BatchSummary:
    batch: str
    exported_at: datetime | None
    count: int = 0
    totals: list[Money] = field(default_factory=list)


def billing_entry_list(*, user: User, filters: BillingFilters | None = None) -> QuerySet[BillingEntry]:
    """The entries `user` may see, narrowed by `filters`, with everything a row or an export shows joined."""
    filters = filters or BillingFilters()
    conditions = Q()
    if filters.status:
        conditions &= Q(status=filters.status)
    if filters.bill_on_from:
        conditions &= Q(bill_on__gte=filters.bill_on_from)
    if filters.bill_on_to:
        conditions &= Q(bill_on__lte=filters.bill_on_to)
    if filters.account_id:
        conditions &= Q(account_id=filters.account_id)
    if filters.kind:
        conditions &= Q(kind=filters.kind)
    if filters.currency:
        conditions &= Q(currency=filters.currency.upper())
    if filters.contract_id:
        conditions &= Q(contract_id=filters.contract_id)
    if filters.order_id:
        conditions &= Q(order_id=filters.order_id)
    if filters.batch:
        conditions &= Q(export_batch=filters.batch)
    return (
        visible_to(user, BillingEntry)
        .filter(conditions)
        .select_related("account", "owner", "contract", "order")
        .order_by("bill_on", "pk")
    )


def billing_entry_get(*, user: User, pk: int | str) -> BillingEntry:
    return get_visible_or_404(user, billing_entry_list(user=user), pk=pk)


def billing_totals(entries: QuerySet[BillingEntry]) -> list[CurrencyTotal]:
    """Count and net sum per currency of `entries` (one aggregate query; currencies are never added up)."""
    rows = (
        entries.order_by()
        .values("currency")
        .annotate(count=Count("pk"), amount=Sum("amount"))
        .order_by("currency")
    )
    # Quantized as stored, so every database answers "20.0000" alike (SQLite would say "20").
    return [
        CurrencyTotal(row["currency"], row["count"], (row["amount"] or Decimal(0)).quantize(STORAGE_PLACES))
        for row in rows
    ]


def billing_batch_list(*, user: User, limit: int = 20) -> list[BatchSummary]:
    """The latest export batches with entries `user` may see, newest first, with their totals."""
    rows = (
        visible_to(user, BillingEntry)
        .exclude(export_batch="")
        .order_by()
        .values("export_batch", "currency")
        .annotate(count=Count("pk"), amount=Sum("amount"), exported_at=Max("exported_at"))
    )
    batches: dict[str, BatchSummary] = {}
    per_batch: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for row in rows:
        summary = batches.setdefault(
            row["export_batch"], BatchSummary(row["export_batch"], row["exported_at"])
        )
        summary.count += row["count"]
        if row["exported_at"] and (summary.exported_at is None or row["exported_at"] > summary.exported_at):
            summary.exported_at = row["exported_at"]
        per_batch[row["export_batch"]][row["currency"]] = row["amount"] or Decimal(0)
    for batch, totals in per_batch.items():
        batches[batch].totals = [Money(amount, code) for code, amount in sorted(totals.items())]
    # Batch ids sort by day and number, so the newest is the greatest.
    return sorted(batches.values(), key=lambda summary: summary.batch, reverse=True)[:limit]


def billing_batch_entries(*, user: User, batch: str) -> QuerySet[BillingEntry]:
    return billing_entry_list(user=user, filters=BillingFilters(batch=batch))
