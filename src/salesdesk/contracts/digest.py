"""The expiry digest: at the start of a month (or fiscal quarter) each rep gets one e-mail listing their
contracts that end in it, with value, end date, notice deadline, automatic renewal and renewal term.

Each person gets each period's digest once: a row in ExpiryDigest is written in the same transaction
as the mail is sent, so a rerun (or a retried job) skips who has it already and a failed send is retried.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from salesdesk.contracts.choices import ContractStatus
from salesdesk.contracts.expiry import (
    CompanyCurrencyConverter,
    ExpiryFilters,
    ExpiryTotals,
    expiring_contracts,
    totals_of,
)
from salesdesk.contracts.models import Contract, ExpiryDigest
from salesdesk.core.mail import send_user_mail
from salesdesk.core.models import CompanySettings
from salesdesk.core.periods import FiscalCalendar, Period, PeriodKind, company_calendar
from salesdesk.org.models import User

logger = logging.getLogger(__name__)

MAIL_NAME = "contract_digest"


def period_key(period: Period) -> str:
    """Stable across changes of the fiscal year: the kind and the first day ("quarter:2026-10-01")."""
    return f"{period.kind}:{period.start.isoformat()}"


def digest_periods_due(day: date, *, calendar: FiscalCalendar | None = None) -> list[Period]:
    """What goes out on `day`: the fiscal quarter starting that day (which holds its first month),
    else the month starting that day, else nothing."""
    calendar = calendar or company_calendar()
    quarter = calendar.period(day, PeriodKind.QUARTER)
    if quarter.start == day:
        return [quarter]
    if day.day == 1:
        return [calendar.period(day, PeriodKind.MONTH)]
    return []


@dataclass
class DigestRun:
    sent: int = 0
    already_sent: int = 0
    without_email: int = 0
    failed: list[int] = field(default_factory=list)  # user ids whose mail could not be sent


def _totals(contracts: list[Contract], *, company_currency: str, on: date) -> ExpiryTotals:
    sums: dict[str, list[Decimal | int]] = {}
    for contract in contracts:
        slot = sums.setdefault(contract.currency, [Decimal(0), 0])
        slot[0] = Decimal(slot[0]) + contract.value
        slot[1] = int(slot[1]) + 1
    rows = [(currency, Decimal(total), int(count)) for currency, (total, count) in sums.items()]
    return totals_of(rows, converter=CompanyCurrencyConverter(company_currency), on=on)


def _calendar_url(period: Period) -> str:
    query = urlencode({"period": str(period.kind), "start": period.start.strftime("%Y-%m")})
    return f"{settings.SITE_URL}{reverse('contracts:expiry-calendar')}?{query}"


def expiry_digest_send(*, user: User, period: Period, today: date, company_currency: str) -> bool:
    """Send `user` the digest of `period` unless they have it; False when nothing was sent."""
    key = period_key(period)
    contracts = list(
        expiring_contracts(
            user=user, start=period.start, end=period.end, filters=ExpiryFilters(owner_id=user.pk)
        )
    )
    if not contracts:
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                _digest, created = ExpiryDigest.objects.get_or_create(
                    user=user, period_key=key, defaults={"contracts": len(contracts)}
                )
        except IntegrityError:  # another run is sending it right now
            return False
        if not created:
            return False
        context = {
            "period": period,
            "contracts": contracts,
            "totals": _totals(contracts, company_currency=company_currency, on=min(period.end, today)),
            "company_currency": company_currency,
            "calendar_url": _calendar_url(period),
        }
        # Raises when the mail server refuses, which undoes the row: the next run tries again.
        return send_user_mail(user=user, name=MAIL_NAME, context=context)


def expiry_digests_send(*, period: Period, today: date) -> DigestRun:
    """Send the digest of `period` to every active owner of a signed contract ending in it."""
    key = period_key(period)
    owner_ids = set(
        Contract.objects.filter(
            status=ContractStatus.SIGNED, end_on__gte=period.start, end_on__lte=period.end
        ).values_list("owner_id", flat=True)
    )
    done = set(
        ExpiryDigest.objects.filter(period_key=key, user_id__in=owner_ids).values_list("user_id", flat=True)
    )
    company_currency = CompanySettings.current().currency
    run = DigestRun(already_sent=len(done))
    people = User.objects.filter(pk__in=owner_ids - done, is_active=True).order_by("pk")
    for person in people.iterator(chunk_size=200):
        if not person.email:
            run.without_email += 1
            continue
        try:
            sent = expiry_digest_send(
                user=person, period=period, today=today, company_currency=company_currency
            )
        except Exception:  # one refused address must not keep the others' digests back
            logger.exception("expiry digest not sent", extra={"user": person.pk, "period": key})
            run.failed.append(person.pk)
            continue
        if sent:
            run.sent += 1
        else:
            run.already_sent += 1
    return run
