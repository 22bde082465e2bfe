"""Signing turns a contract's lines into promises: one deliverable per implied item, in the queue of the
department that must keep it, and the billing entries finance needs.

The builders live in `signing_build` (no queries), shared by the one-contract signature in the services
and by `sign_contracts_bulk`, which signs thousands of drafts in chunks with a constant number of
queries per chunk. On PostgreSQL a chunk is signed by `signing_copy` (rows of plain values, COPY); on
other databases by `_sign_chunk_orm` here (model instances, bulk_create, simple-history's bulk history).
Both write the same rows (tests/test_signing_copy.py compares them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from salesdesk.catalog.models import DeliverableTemplate
from salesdesk.contracts import signing_copy
from salesdesk.contracts.choices import ContractStatus
from salesdesk.contracts.models import Contract, ContractLine, Deliverable
from salesdesk.contracts.signing_build import (
    BulkSignOutcome,
    deliverables_for,
    department_missing_message,
    implied_templates,
    missing_departments,
    no_lines_message,
    skip_message,
    unit_departments,
)
from salesdesk.core.audit import audit_record
from salesdesk.core.copy_rows import can_copy
from salesdesk.core.jobs import JobProgress, job_task
from salesdesk.core.models import AuditEvent
from salesdesk.core.scoping import visible_to
from salesdesk.orders.billing import billing_entries_for_contract
from salesdesk.orders.models import BillingEntry
from salesdesk.org.models import Department, User

# The services sign one contract with the loader and the builders, reached through this module.
__all__ = [
    "SigningData",
    "deliverables_for",
    "department_missing_message",
    "missing_departments",
    "sign_contracts_bulk",
    "sign_contracts_job",
    "signing_data",
]

CHUNK_SIZE = 1000
# On PostgreSQL, chunks are signed on this many connections at once: each chunk's time is mostly the
# server's (foreign-key checks, index upkeep), so a second backend uses a second core.
SIGNING_CONNECTIONS = 2


# --- loading what signing needs (a fixed number of queries for any number of contracts) -------------


@dataclass
class SigningData:
    lines_by_contract: dict[int, list[ContractLine]]
    templates_by_product: dict[int, list[DeliverableTemplate]]
    departments: dict[tuple[int, str], Department]


def signing_data(contracts: Sequence[Contract]) -> SigningData:
    """Lines (with products), implied deliverables and departments of `contracts`: three queries."""
    lines_by_contract: dict[int, list[ContractLine]] = defaultdict(list)
    lines = ContractLine.objects.filter(contract_id__in=[c.pk for c in contracts]).select_related("product")
    for line in lines.order_by("contract_id", "position", "pk"):
        lines_by_contract[line.contract_id].append(line)
    templates = implied_templates({line.product_id for group in lines_by_contract.values() for line in group})
    departments = unit_departments({contract.owner.business_unit_id for contract in contracts})
    return SigningData(dict(lines_by_contract), templates, departments)


# --- many contracts at once ------------------------------------------------------------------------


def sign_contracts_bulk(
    *,
    contract_ids: Iterable[int],
    signed_by: User,
    signed_on: date,
    progress: JobProgress | None = None,
    skipped: list[str] | None = None,
) -> int:
    """Sign the DRAFT contracts among `contract_ids` that `signed_by` may see; returns how many.

    Already signed (or otherwise not draft) contracts are left alone, so running it twice is harmless.
    A contract that cannot be signed (no lines, a department its products need is missing) is skipped
    and described in `skipped`; the others are signed. Each chunk is one transaction.
    """
    ids = sorted(set(contract_ids))
    chunks = [ids[start : start + CHUNK_SIZE] for start in range(0, len(ids), CHUNK_SIZE)]
    total = 0
    for chunk, outcome in zip(chunks, _signed_chunks(chunks, signed_by, signed_on), strict=True):
        total += outcome.signed
        if skipped is not None:
            skipped.extend(outcome.skipped)
        if progress is not None:
            progress.advance(len(chunk))
    return total


def _signed_chunks(
    chunks: Sequence[Sequence[int]], signed_by: User, signed_on: date
) -> Iterator[BulkSignOutcome]:
    """Each chunk's outcome, in the chunks' order: on PostgreSQL outside a transaction, several chunks at
    once on connections of their own (each chunk is its own transaction, their contracts are disjoint);
    inside a caller's transaction, or on other databases, one after the other on this connection."""
    if len(chunks) < 2 or not can_copy() or connection.in_atomic_block:
        for chunk in chunks:
            yield _sign_chunk(chunk, signed_by=signed_by, signed_on=signed_on)
        return
    # Translations are per thread: the texts of the deliverables are written in the caller's language.
    language = translation.get_language()

    def sign_on_own_connection(chunk: Sequence[int]) -> BulkSignOutcome:
        try:
            with translation.override(language):
                return signing_copy.sign_chunk(chunk, signed_by=signed_by, signed_on=signed_on)
        finally:
            connections.close_all()  # this thread's connections only

    with ThreadPoolExecutor(max_workers=SIGNING_CONNECTIONS, thread_name_prefix="signing") as pool:
        yield from pool.map(sign_on_own_connection, chunks)


def _sign_chunk(ids: Sequence[int], *, signed_by: User, signed_on: date) -> BulkSignOutcome:
    if can_copy():
        return signing_copy.sign_chunk(ids, signed_by=signed_by, signed_on=signed_on)
    return _sign_chunk_orm(ids, signed_by=signed_by, signed_on=signed_on)


@transaction.atomic
def _sign_chunk_orm(ids: Sequence[int], *, signed_by: User, signed_on: date) -> BulkSignOutcome:
    outcome = BulkSignOutcome()
    contracts = list(
        visible_to(signed_by, Contract)
        .filter(pk__in=ids, status=ContractStatus.DRAFT)
        .select_related("owner__business_unit")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    if not contracts:
        return outcome
    data = signing_data(contracts)
    ready: list[Contract] = []
    for contract in contracts:
        lines = data.lines_by_contract.get(contract.pk, [])
        problems = missing_departments(contract, lines, data.templates_by_product, data.departments)
        if not lines:
            outcome.skipped.append(no_lines_message(contract.number))
        elif problems:
            outcome.skipped.append(skip_message(contract.number, problems))
        else:
            ready.append(contract)
    if not ready:
        return outcome

    now = timezone.now()
    for contract in ready:
        contract.status = ContractStatus.SIGNED
        contract.signed_on = signed_on
        contract.signed_by = signed_by
        contract.version += 1
        contract.updated_at = now
    Deliverable.objects.bulk_create(
        deliverables_for(ready, data.lines_by_contract, data.templates_by_product, data.departments)
    )
    BillingEntry.objects.bulk_create(
        [
            entry
            for contract in ready
            for entry in billing_entries_for_contract(
                contract=contract, lines=data.lines_by_contract[contract.pk]
            )
        ]
    )
    # One UPDATE for every status; the in-memory versions above match what it writes.
    Contract.objects.filter(pk__in=[c.pk for c in ready], status=ContractStatus.DRAFT).update(
        status=ContractStatus.SIGNED,
        signed_on=signed_on,
        signed_by=signed_by,
        version=F("version") + 1,
        updated_at=now,
    )
    reason = _("Signed")
    Contract.history.bulk_history_create(
        ready, update=True, default_user=signed_by, default_change_reason=reason, default_date=now
    )
    content_type = ContentType.objects.get_for_model(Contract)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=signed_by,
                verb="contract.signed",
                content_type=content_type,
                object_id=str(contract.pk),
                object_repr=str(contract)[:300],
                changes={"signed_on": signed_on.isoformat(), "bulk": True},
            )
            for contract in ready
        ]
    )
    outcome.signed = len(ready)
    return outcome


@job_task(max_attempts=3)
def sign_contracts_job(
    progress: JobProgress, contract_ids: list[int], signed_by_id: int, signed_on: str
) -> dict[str, Any]:
    """Background signature of many drafts; retries are safe because signed contracts are skipped."""
    signed_by = User.objects.get(pk=signed_by_id)
    progress.set_total(len(contract_ids), _("Signing contracts"))
    skipped: list[str] = []
    # What the departments are told, and why a contract was skipped, in the signer's language (as when
    # one contract is signed on its page), not the worker's.
    with translation.override(signed_by.language or None):
        signed = sign_contracts_bulk(
            contract_ids=contract_ids,
            signed_by=signed_by,
            signed_on=date.fromisoformat(signed_on),
            progress=progress,
            skipped=skipped,
        )
    audit_record(
        actor=signed_by,
        verb="contract.signed_in_bulk",
        changes={"requested": len(contract_ids), "signed": signed, "skipped": len(skipped)},
    )
    return {"signed": signed, "skipped": skipped[:100]}
