"""Reads of expiring contracts (B4): by month or fiscal quarter, per rep or a manager's line, with totals.

Every read is scoped with `visible_to`. The period filters run on `end_on` first, so the database walks
the `contract_expiry_idx (end_on, id)` index (or `contract_owner_expiry_idx` for one owner) and never
counts or sums over all contracts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import NoReverseMatch, reverse

from salesdesk.contracts.choices import ContractStatus
from salesdesk.contracts.models import Contract
from salesdesk.core.fx import MissingRateError, rate_on
from salesdesk.core.models import CompanySettings
from salesdesk.core.money import Money
from salesdesk.core.periods import FiscalCalendar, Period, PeriodKind, company_calendar
from salesdesk.core.scoping import visible_to
from salesdesk.org.models import User

CALENDAR_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER)


@dataclass(frozen=True)
class ExpiryFilters:
    owner_id: int | None = None  # one rep's contracts
    team_id: int | None = None  # the contracts of a manager's reporting line (the manager's user id)


def _filtered(user: User, filters: ExpiryFilters | None) -> Q:
    filters = filters or ExpiryFilters()
    conditions = Q()
    if filters.owner_id:
        conditions &= Q(owner_id=filters.owner_id)
    if filters.team_id:
        path = (
            visible_to(user, User).filter(pk=filters.team_id).values_list("reporting_path", flat=True).first()
        )
        # An unknown or invisible manager, or one without a line, matches nothing rather than everything.
        conditions &= Q(owner__reporting_path__startswith=path) if path else Q(pk__in=[])
    return conditions


def expiring_contracts(
    *, user: User, start: date, end: date, filters: ExpiryFilters | None = None
) -> QuerySet[Contract]:
    """Signed contracts `user` may see that end between `start` and `end` (both included), by end date."""
    return (
        visible_to(user, Contract)
        .filter(status=ContractStatus.SIGNED, end_on__gte=start, end_on__lte=end)
        .filter(_filtered(user, filters))
        .select_related("account", "owner", "renewal_opportunity")
        .order_by("end_on", "pk")
    )


def expiring_soon(*, owner: User, today: date, days: int) -> QuerySet[Contract]:
    """The owner's own signed contracts that end from today up to `days` days ahead (the worklist)."""
    return (
        Contract.objects.filter(
            owner=owner,
            status=ContractStatus.SIGNED,
            end_on__gte=today,
            end_on__lte=today + timedelta(days=days),
        )
        .select_related("account", "renewal_opportunity")
        .order_by("end_on", "pk")
    )


def expiry_period(*, kind: str, around: date, calendar: FiscalCalendar | None = None) -> Period:
    """The month or fiscal quarter that holds `around` (a month unless the kind is a quarter)."""
    kind = PeriodKind.QUARTER if kind == PeriodKind.QUARTER else PeriodKind.MONTH
    return (calendar or company_calendar()).period(around, kind)


@dataclass
class ExpiryGroup:
    """A slice of the calendar: one week of a month, or one month of a quarter."""

    start: date
    end: date
    kind: PeriodKind
    contracts: list[Contract] = field(default_factory=list)


def group_contracts(contracts: Iterable[Contract], *, period: Period) -> list[ExpiryGroup]:
    """Contracts by week (in a month) or by month (in a quarter), each group holding at least one."""
    groups: dict[date, ExpiryGroup] = {}
    for contract in contracts:
        if period.kind == PeriodKind.QUARTER:
            start = contract.end_on.replace(day=1)
            end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            kind = PeriodKind.MONTH
        else:
            start = contract.end_on - timedelta(days=contract.end_on.weekday())
            end = start + timedelta(days=6)
            kind = PeriodKind.WEEK
        group = groups.get(start)
        if group is None:
            # A week at the edge of the month is shown only with its days inside the month.
            group = groups[start] = ExpiryGroup(max(start, period.start), min(end, period.end), kind)
        group.contracts.append(contract)
    return [groups[key] for key in sorted(groups)]


class CompanyCurrencyConverter:
    """Sums in any currency to the company currency, reading each rate once per call site."""

    def __init__(self, company_currency: str) -> None:
        self.currency = company_currency
        self._rates: dict[tuple[str, date], Decimal] = {}

    def convert(self, money: Money, *, on: date) -> Money:
        if money.currency == self.currency:
            return money
        key = (money.currency, on)
        if key not in self._rates:
            self._rates[key] = rate_on(money.currency, on)
        return Money(money.amount / self._rates[key], self.currency)


@dataclass
class ExpiryTotals:
    count: int
    by_currency: list[Money]
    company: Money  # the sum in the company currency, without the currencies in `missing`
    missing: list[str] = field(default_factory=list)


def totals_of(
    rows: Sequence[tuple[str, Decimal, int]], *, converter: CompanyCurrencyConverter, on: date
) -> ExpiryTotals:
    """Totals from (currency, sum, count) rows; a currency without a rate is left out and named."""
    company = Money.zero(converter.currency)
    missing = []
    by_currency = []
    for currency, amount, _count in sorted(rows):
        money = Money(amount or Decimal(0), currency)
        by_currency.append(money)
        try:
            company = company + converter.convert(money, on=on)
        except MissingRateError:
            missing.append(currency)
    return ExpiryTotals(sum(row[2] for row in rows), by_currency, company, missing)


def expiry_totals(
    *,
    user: User,
    period: Period,
    today: date,
    filters: ExpiryFilters | None = None,
    company_currency: str | None = None,
) -> ExpiryTotals:
    """How many contracts end in the period and their value, per currency and in the company currency.

    Future values are converted at today's rate (a rate of the future is not known yet).
    """
    converter = CompanyCurrencyConverter(company_currency or CompanySettings.current().currency)
    rows = (
        expiring_contracts(user=user, start=period.start, end=period.end, filters=filters)
        .order_by()
        .values("currency")
        .annotate(value_sum=Sum("value"), count=Count("pk"))
        .values_list("currency", "value_sum", "count")
    )
    return totals_of(list(rows), converter=converter, on=min(period.end, today))


@dataclass
class MonthValue:
    month: date
    totals: ExpiryTotals


def expiring_value_by_month(
    *,
    user: User,
    first_month: date,
    today: date,
    months: int = 12,
    filters: ExpiryFilters | None = None,
    company_currency: str | None = None,
) -> list[MonthValue]:
    """Value of contracts ending in each calendar month from `first_month` on, one entry per month.

    One grouped query reads the end dates in the range; the months are summed here, so the cost is
    the range's rows through the end-date index, never a scan of every contract.
    """
    converter = CompanyCurrencyConverter(company_currency or CompanySettings.current().currency)
    first = first_month.replace(day=1)
    index = first.year * 12 + first.month - 1 + months
    after_last = date(index // 12, index % 12 + 1, 1)
    rows = (
        expiring_contracts(user=user, start=first, end=after_last - timedelta(days=1), filters=filters)
        .order_by()
        .values("end_on", "currency")
        .annotate(value_sum=Sum("value"), count=Count("pk"))
        .values_list("end_on", "currency", "value_sum", "count")
    )
    per_month: dict[date, dict[str, list[Decimal | int]]] = defaultdict(dict)
    for end_on, currency, total, count in rows:
        slot = per_month[end_on.replace(day=1)].setdefault(currency, [Decimal(0), 0])
        slot[0] = Decimal(slot[0]) + (total or Decimal(0))
        slot[1] = int(slot[1]) + count
    result = []
    month = first
    while month < after_last:
        sums = per_month.get(month, {})
        rows_of_month = [(currency, Decimal(s[0]), int(s[1])) for currency, s in sums.items()]
        month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        result.append(
            MonthValue(month, totals_of(rows_of_month, converter=converter, on=min(month_end, today)))
        )
        month = month_end + timedelta(days=1)
    return result


def record_url(url_name: str, pk: int, *, fallback: str = "contracts:expiry-calendar") -> str:
    """A record's page, or the expiry calendar while the record's own page does not exist yet."""
    try:
        return reverse(url_name, args=[pk])
    except NoReverseMatch:
        return reverse(fallback)


def contract_url(pk: int) -> str:
    return record_url("contracts:contract-detail", pk)
