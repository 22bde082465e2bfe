"""Renewal opportunities: a set number of days before a signed contract ends, its owner gets an open deal
to renew it, on the same account, for the same value, expected to close on the day the contract ends.

Opened once per contract: the contract keeps the link, and the check runs under a row lock, so a rerun
or two workers at once never open a second one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from salesdesk.contracts.choices import ContractStatus
from salesdesk.contracts.models import Contract
from salesdesk.core.models import CompanySettings
from salesdesk.core.versioning import save_versioned
from salesdesk.pipeline.models import Opportunity
from salesdesk.pipeline.services import opportunity_create

logger = logging.getLogger(__name__)

CHUNK = 500


def renewals_due(*, today: date, lead_days: int) -> QuerySet[Contract]:
    """Signed contracts that end within `lead_days` from today and have no renewal opportunity yet."""
    return Contract.objects.filter(
        status=ContractStatus.SIGNED,
        renewal_opportunity__isnull=True,
        end_on__gte=today,
        end_on__lte=today + timedelta(days=lead_days),
    ).order_by("end_on", "pk")


@transaction.atomic
def renewal_opportunity_open(*, contract: Contract) -> Opportunity | None:
    """Open the renewal deal of `contract` and link it; None when it has one already.

    Raises ValidationError (naming the field) when the deal cannot be opened, e.g. for an inactive owner.
    """
    locked = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("owner", "account", "contact")
        .get(pk=contract.pk)
    )
    if locked.renewal_opportunity_id is not None:
        return None
    owner = locked.owner
    with translation.override(owner.language or None):
        # Stored as text in the owner's language: it is their deal and they named nothing else.
        name = _("Renewal: %(title)s") % {"title": locked.title}
        reason = _("Renewal opportunity opened")
    contact = locked.contact if locked.contact and locked.contact.account_id == locked.account_id else None
    opportunity = opportunity_create(
        created_by=owner,
        owner=owner,
        account=locked.account,
        contact=contact,
        name=name[:300],
        amount=locked.value,
        currency=locked.currency,
        expected_close=locked.end_on,
    )
    locked.renewal_opportunity = opportunity
    save_versioned(locked, expected_version=locked.version, reason=reason)
    contract.renewal_opportunity = opportunity
    contract.version = locked.version
    return opportunity


@dataclass
class RenewalRun:
    opened: int = 0
    # (contract id, why) for each contract whose deal could not be opened; they are tried again next run.
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for index in range(0, len(ids), CHUNK):
        yield ids[index : index + CHUNK]


def renewals_open(*, today: date, lead_days: int | None = None) -> RenewalRun:
    """Open every renewal deal that is due; each contract in its own transaction, so one refusal
    (an owner who left) holds up no other."""
    if lead_days is None:
        lead_days = CompanySettings.current().renewal_lead_days
    run = RenewalRun()
    ids = list(renewals_due(today=today, lead_days=lead_days).values_list("pk", flat=True))
    for chunk in _chunks(ids):
        for contract in Contract.objects.filter(pk__in=chunk).order_by("end_on", "pk"):
            try:
                opened = renewal_opportunity_open(contract=contract)
            except ValidationError as exc:
                run.skipped.append((contract.pk, "; ".join(exc.messages)))
                logger.warning(
                    "renewal opportunity not opened", extra={"contract": contract.pk, "error": exc.messages}
                )
                continue
            if opened is not None:
                run.opened += 1
    return run
