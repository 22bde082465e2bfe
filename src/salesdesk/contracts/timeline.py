"""Contracts on the account timeline: drafted, signed, and ending (B3: the customer record shows them)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.contracts.choices import ContractStatus
from salesdesk.contracts.models import Contract
from salesdesk.core.models import CompanySettings
from salesdesk.core.scoping import visible_to
from salesdesk.customers.models import Account
from salesdesk.customers.timeline import Record, TimelineEntry, register_provider
from salesdesk.org.models import User

DEFAULT_WARNING_DAYS = 60
ACTIVE = (ContractStatus.SIGNED, ContractStatus.RENEWED, ContractStatus.TERMINATED)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class ContractsProvider:
    name = "contracts"

    def entries(self, *, user: User, record: Record, newest: int | None) -> Iterator[TimelineEntry]:
        contracts = visible_to(user, Contract).select_related("owner", "signed_by")
        if isinstance(record, Account):
            contracts = contracts.filter(account=record)
        else:
            contracts = contracts.filter(contact=record)
        # Ends show once they are near (or past), so the timeline does not open with far-off dates.
        # Read, never created here: one query whatever the timeline shows.
        warning_days = (
            CompanySettings.objects.filter(pk=1).values_list("expiry_warning_days", flat=True).first()
        )
        horizon = timezone.localdate() + timedelta(days=warning_days or DEFAULT_WARNING_DAYS)
        # Each moment of a contract is its own entry, so each is read newest first on its own date.
        for contract in contracts.order_by("-created_at", "-pk")[:newest]:
            yield TimelineEntry(
                when=contract.created_at,
                kind="contract",
                title=_("Contract drafted: %(contract)s") % {"contract": contract},
                url=reverse("contracts:contract-detail", args=[contract.pk]),
                who=contract.owner,
                detail=_value(contract),
            )
        signed = contracts.filter(signed_on__isnull=False).order_by("-signed_on", "-pk")
        for contract in signed[:newest]:
            assert contract.signed_on is not None  # filtered above
            yield TimelineEntry(
                when=_moment(contract.signed_on),
                kind="contract",
                title=_("Contract signed: %(contract)s") % {"contract": contract},
                url=reverse("contracts:contract-detail", args=[contract.pk]),
                who=contract.signed_by,
                detail=_("%(value)s · %(start)s to %(end)s")
                % {
                    "value": _value(contract),
                    "start": contract.start_on.isoformat(),
                    "end": contract.end_on.isoformat(),
                },
            )
        ending = contracts.filter(status__in=ACTIVE, end_on__lte=horizon).order_by("-end_on", "-pk")
        for contract in ending[:newest]:
            yield TimelineEntry(
                when=_moment(contract.end_on),
                kind="contract",
                title=(
                    _("Contract ended: %(contract)s")
                    if contract.end_on < timezone.localdate()
                    else _("Contract expiring: %(contract)s")
                )
                % {"contract": contract},
                url=reverse("contracts:contract-detail", args=[contract.pk]),
                who=contract.owner,
                detail=_("Renews automatically") if contract.auto_renew else "",
            )


def _value(contract: Contract) -> str:
    return f"{contract.value:.2f} {contract.currency}"


register_provider(ContractsProvider())
