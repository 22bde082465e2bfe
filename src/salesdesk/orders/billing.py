"""B3 Enter once: the billing entries that orders and contracts produce for finance.

Nobody types a billing entry: signing a contract or confirming an order calls the functions here, which
turn each line into one entry (one-off), one per calendar month (monthly) or one per issue/instalment
(per issue). Split amounts always add up to the line's net amount exactly, to the currency's minor unit.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from salesdesk.contracts.models import Contract, ContractLine
from salesdesk.core.audit import audit_record
from salesdesk.core.money import currency_precision
from salesdesk.core.notifications import notification_create
from salesdesk.orders.choices import BillingKind, BillingStatus
from salesdesk.orders.models import BillingEntry, Order, OrderLine
from salesdesk.org.choices import Role

DESCRIPTION_MAX = 300
# Who works with billing entries as finance does: sees the billing page, exports and marks batches.
BILLING_ROLES = frozenset({Role.FINANCE, Role.COORDINATOR, Role.ADMIN})
_ISSUE_DATE = re.compile(r"(?P<year>\d{4})[/-](?P<month>\d{1,2})(?:[/-](?P<day>\d{1,2}))?")


# --- pure helpers -------------------------------------------------------------------------------


def split_amount(total: Decimal, parts: int, currency: str) -> list[Decimal]:
    """`total` in `parts` equal shares rounded to the currency's minor unit; the last share takes the rest,
    so the shares always add up to `total` (rounded) exactly."""
    if parts < 1:
        raise ValueError("parts must be at least 1")
    unit = Decimal(1).scaleb(-currency_precision(currency))
    total = total.quantize(unit)
    share = (total / parts).quantize(unit, rounding=ROUND_DOWN)
    return [share] * (parts - 1) + [total - share * (parts - 1)]


def plain_amount(amount: Decimal, currency: str) -> str:
    """1200 → "1,200.00": plain digits for descriptions that end up in another system's invoices."""
    places = currency_precision(currency)
    return f"{amount:,.{places}f}"


@dataclass(frozen=True, slots=True)
class Month:
    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.start.year:04d}-{self.start.month:02d}"


def months_between(start: date, end: date) -> list[Month]:
    """The calendar months from `start` to `end`, the first and last cut to the contract's own days."""
    months: list[Month] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        months.append(Month(max(first, start), min(last, end)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def issue_label_and_date(issue: Any) -> tuple[str, date | None]:
    """An issue as stored on a contract line: "2027/03", "Spring 2027" or {"label": ..., "date": ...}."""
    if isinstance(issue, dict):
        label = str(issue.get("label") or issue.get("name") or issue.get("issue") or issue.get("date") or "")
        raw_date = str(issue.get("date") or issue.get("on") or label)
    else:
        label = raw_date = str(issue)
    match = _ISSUE_DATE.search(raw_date)
    if not match:
        return label, None
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"] or 1))
    except ValueError:
        return label, None
    return label, day


def _discount_note(*, net: Decimal, full: Decimal, currency: str) -> str:
    """Seed 001: the customer is invoiced the discounted amount, and the invoice says so."""
    unit = Decimal(1).scaleb(-currency_precision(currency))
    net, full = net.quantize(unit), full.quantize(unit)
    if full <= net:
        return ""
    return _("(discounted: %(net)s instead of %(full)s)") % {
        "net": plain_amount(net, currency),
        "full": plain_amount(full, currency),
    }


def _describe(*parts: str) -> str:
    text = " ".join(part for part in parts if part)
    return text[:DESCRIPTION_MAX]


def _units(quantity: Decimal) -> int:
    """How many instalments a quantity means when no issues are listed: whole units, at least one."""
    whole = int(quantity)
    return whole if whole >= 1 and quantity == whole else 1


# --- building (no queries) ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Instalment:
    """One amount to bill for a contract line: when, for which period, under which label."""

    amount: Decimal
    bill_on: date
    period_start: date | None = None
    period_end: date | None = None
    label: str = ""


def contract_line_description(
    *,
    label: str,
    description: str,
    quantity: Decimal,
    list_price: Decimal,
    unit_price: Decimal,
    net_amount: Decimal,
    currency: str,
) -> str:
    """The entries' description: the product (and the line's own text), with a note of any discount."""
    description = description.strip()
    text = label if not description or description == label else f"{label} – {description}"
    # What the line would cost without any discount: list price if it is higher, else before the %.
    full = quantity * max(list_price, unit_price)
    return _describe(text, _discount_note(net=net_amount, full=full, currency=currency))


def contract_line_instalments(
    *,
    billing: str,
    net_amount: Decimal,
    quantity: Decimal,
    issues: Sequence[Any] | None,
    start_on: date,
    end_on: date,
    currency: str,
) -> list[Instalment]:
    """What a contract line bills: one amount (one-off), one per calendar month of the contract (monthly)
    or one per issue, else per whole unit (per issue); the amounts add up to the net amount exactly."""
    if billing == BillingKind.MONTHLY:
        months = months_between(start_on, end_on)
        shares = split_amount(net_amount, len(months), currency)
        return [
            Instalment(share, month.start, month.start, month.end, month.label)
            for month, share in zip(months, shares, strict=True)
        ]
    if billing == BillingKind.PER_ISSUE:
        dated = [issue_label_and_date(issue) for issue in (issues or [])]
        count = len(dated) or _units(quantity)
        result = []
        for number, share in enumerate(split_amount(net_amount, count, currency), start=1):
            if dated:
                label, issue_date = dated[number - 1]
                instalment = _("Issue %(issue)s (%(number)d of %(count)d)") % {
                    "issue": label,
                    "number": number,
                    "count": count,
                }
            else:
                issue_date = None
                instalment = _("Instalment %(number)d of %(count)d") % {"number": number, "count": count}
            result.append(Instalment(share, issue_date or start_on, label=instalment[:60]))
        return result
    return [Instalment(split_amount(net_amount, 1, currency)[0], start_on)]


def billing_entries_for_contract(*, contract: Contract, lines: Iterable[ContractLine]) -> list[BillingEntry]:
    """The unsaved billing entries for `lines` of `contract` (products already loaded; makes no queries)."""
    entries: list[BillingEntry] = []
    for line in lines:
        entries.extend(_entries_for_contract_line(contract, line))
    return entries


def _entries_for_contract_line(contract: Contract, line: ContractLine) -> list[BillingEntry]:
    currency = contract.currency
    text = contract_line_description(
        label=line.product.label(),
        description=line.description,
        quantity=line.quantity,
        list_price=line.list_price,
        unit_price=line.unit_price,
        net_amount=line.net_amount,
        currency=currency,
    )
    instalments = contract_line_instalments(
        billing=line.billing,
        net_amount=line.net_amount,
        quantity=line.quantity,
        issues=line.issues,
        start_on=contract.start_on,
        end_on=contract.end_on,
        currency=currency,
    )
    return [
        BillingEntry(
            owner_id=contract.owner_id,
            account_id=contract.account_id,
            contract=contract,
            contract_line=line,
            kind=line.billing,
            description=text,
            amount=instalment.amount,
            currency=currency,
            tax_rate=line.product.tax_rate,
            bill_on=instalment.bill_on,
            period_start=instalment.period_start,
            period_end=instalment.period_end,
            instalment=instalment.label,
        )
        for instalment in instalments
    ]


def _entry_for_order_line(order: Order, line: OrderLine, bill_on: date) -> BillingEntry:
    full = line.quantity * line.unit_price
    label = line.product.label() if line.product is not None else ""
    text = (
        line.description
        if not label or line.description.startswith(label)
        else f"{label} – {line.description}"
    )
    return BillingEntry(
        owner_id=order.owner_id,
        account_id=order.account_id,
        order=order,
        kind=BillingKind.ONE_OFF,
        description=_describe(text, _discount_note(net=line.net_amount, full=full, currency=order.currency)),
        amount=split_amount(line.net_amount, 1, order.currency)[0],
        currency=order.currency,
        tax_rate=line.tax_rate,
        bill_on=bill_on,
    )


# --- writing ------------------------------------------------------------------------------------


def _live(entries: Any) -> Any:
    return entries.exclude(status=BillingStatus.CANCELLED)


@transaction.atomic
def billing_entries_create_for_contract(*, contract: Contract) -> list[BillingEntry]:
    """Create the billing entries of every contract line that has none yet; returns the new entries.

    Calling it again (a retry, a second signature click) creates nothing twice; a line added later
    gets its entries on the next call.
    """
    # Lock the contract so two simultaneous calls cannot both see "no entries yet".
    Contract.objects.select_for_update().filter(pk=contract.pk).exists()
    billed_lines = set(
        _live(BillingEntry.objects.filter(contract=contract, contract_line__isnull=False)).values_list(
            "contract_line_id", flat=True
        )
    )
    lines = [
        line
        for line in contract.lines.select_related("product").order_by("position", "pk")
        if line.pk not in billed_lines
    ]
    entries = billing_entries_for_contract(contract=contract, lines=lines)
    return BillingEntry.objects.bulk_create(entries)


@transaction.atomic
def billing_entries_create_for_order(*, order: Order) -> list[BillingEntry]:
    """One one-off entry per order line (net amount, the line's tax rate), billed on the order date.

    Returns the new entries; an order that already has live entries gets none added.
    """
    Order.objects.select_for_update().filter(pk=order.pk).exists()
    if _live(BillingEntry.objects.filter(order=order)).exists():
        return []
    bill_on = order.ordered_on or timezone.localdate()
    lines = order.lines.select_related("product").order_by("position", "pk")
    return BillingEntry.objects.bulk_create([_entry_for_order_line(order, line, bill_on) for line in lines])


def _cancel(entries: Any, *, source: Order | Contract, owner_id: int, url_filter: str) -> int:
    cancelled = entries.filter(status=BillingStatus.PENDING).update(
        status=BillingStatus.CANCELLED, updated_at=timezone.now()
    )
    exported = list(entries.filter(status=BillingStatus.EXPORTED).values_list("amount", "currency"))
    if exported:
        _tell_finance_about_credit_note(
            source=source, owner_id=owner_id, exported=exported, url_filter=url_filter
        )
    return int(cancelled)


def _tell_finance_about_credit_note(
    *, source: Order | Contract, owner_id: int, exported: Sequence[tuple[Decimal, str]], url_filter: str
) -> None:
    """Entries already handed to the billing system cannot be withdrawn: finance issues a credit note."""
    from salesdesk.org.models import User

    owner = User.objects.only("business_unit_id").get(pk=owner_id)
    recipients = User.objects.filter(
        is_active=True, business_unit_id=owner.business_unit_id, role_grants__role=Role.FINANCE
    ).distinct()
    totals: dict[str, Decimal] = {}
    for amount, currency in exported:
        totals[currency] = totals.get(currency, Decimal(0)) + amount
    amounts = ", ".join(f"{plain_amount(total, code)} {code}" for code, total in sorted(totals.items()))
    url = f"{reverse('orders:billing-list')}?status={BillingStatus.EXPORTED}&{url_filter}"
    for recipient in recipients:
        # Stored as text: in the language of the person who reads it.
        with translation.override(recipient.language or None):
            title = _("%(source)s was cancelled: %(count)d exported billing entries need a credit note") % {
                "source": str(source),
                "count": len(exported),
            }
            body = _("Already exported to billing: %(amounts)s.") % {"amounts": amounts}
        notification_create(recipient=recipient, title=title, body=body, url=url)


@transaction.atomic
def billing_entries_cancel_for_order(*, order: Order) -> int:
    """Cancel the order's entries not yet exported; returns how many. Exported ones stay as they are,
    and finance is notified to issue a credit note for them."""
    entries = BillingEntry.objects.filter(order=order)
    return _cancel(entries, source=order, owner_id=order.owner_id, url_filter=f"order={order.pk}")


@transaction.atomic
def billing_entries_cancel_for_contract(*, contract: Contract) -> int:
    """Cancel the contract's entries not yet exported; returns how many (exported: as for orders)."""
    entries = BillingEntry.objects.filter(contract=contract)
    return _cancel(entries, source=contract, owner_id=contract.owner_id, url_filter=f"contract={contract.pk}")


# --- exporting ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportedBatch:
    batch: str
    ids: list[int]


def may_bill(user: Any) -> bool:
    return bool(user.roles & BILLING_ROLES)


def _next_batch_id(day: date) -> str:
    prefix = f"B-{day:%Y%m%d}-"
    last = (
        BillingEntry.objects.filter(export_batch__startswith=prefix)
        .order_by("-export_batch")
        .values_list("export_batch", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last and last.removeprefix(prefix).isdigit() else 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def billing_entries_mark_exported(*, entries: QuerySet[BillingEntry], exported_by: Any) -> ExportedBatch:
    """Mark the pending ones of `entries` (already scoped and filtered by the caller) as exported, in one new
    batch (B-20261123-0001). Entries exported before keep their batch: nothing is ever exported twice."""
    if not may_bill(exported_by):
        raise PermissionDenied(_("Only finance, coordinators and administrators export billing entries."))
    # Locking the rows makes a second, simultaneous export find them no longer pending.
    ids = sorted(
        entries.filter(status=BillingStatus.PENDING)
        .select_for_update(of=("self",))
        .order_by()
        .values_list("pk", flat=True)
    )
    if not ids:
        raise ValidationError({"status": [_("No billing entries ready to bill match these filters.")]})
    now = timezone.now()
    batch = _next_batch_id(timezone.localdate(now))
    BillingEntry.objects.filter(pk__in=ids).update(
        status=BillingStatus.EXPORTED, exported_at=now, export_batch=batch, updated_at=now
    )
    audit_record(
        actor=exported_by, verb="billing.export", changes={"batch": batch, "count": len(ids)}, reason=batch
    )
    return ExportedBatch(batch=batch, ids=ids)
