"""Signing turns a contract's lines into promises: one deliverable per implied item, in the queue of the
department that must keep it, and the billing entries finance needs.

`deliverables_for` is a pure builder (no queries), shared by the one-contract signature in the services
and by `sign_contracts_bulk`, which signs thousands of drafts in chunks with a constant number of
queries per chunk: everything is loaded per chunk, inserted with bulk_create, and the signature itself
is recorded with one UPDATE, one bulk insert of history rows and one of audit events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.catalog.choices import DeliverableAction
from salesdesk.catalog.models import DeliverableTemplate
from salesdesk.contracts.choices import ContractStatus
from salesdesk.contracts.models import Contract, ContractLine, Deliverable
from salesdesk.core.audit import audit_record
from salesdesk.core.jobs import JobProgress, job_task
from salesdesk.core.models import AuditEvent
from salesdesk.core.scoping import visible_to
from salesdesk.orders.billing import billing_entries_for_contract, plain_amount
from salesdesk.orders.models import BillingEntry
from salesdesk.org.choices import DepartmentKind
from salesdesk.org.models import Department, User

CHUNK_SIZE = 1000
HUNDRED = Decimal(100)

# (business unit id, department kind) → the unit's department of that kind
Departments = Mapping[tuple[int, str], Department]
TemplatesByProduct = Mapping[int, Sequence[DeliverableTemplate]]


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
    product_ids = {line.product_id for group in lines_by_contract.values() for line in group}
    templates: dict[int, list[DeliverableTemplate]] = defaultdict(list)
    for template in DeliverableTemplate.objects.filter(product_id__in=product_ids).order_by(
        "product_id", "position", "pk"
    ):
        templates[template.product_id].append(template)
    unit_ids = {contract.owner.business_unit_id for contract in contracts}
    departments = {
        (department.business_unit_id, department.kind): department
        for department in Department.objects.filter(business_unit_id__in=unit_ids)
    }
    return SigningData(dict(lines_by_contract), dict(templates), departments)


# --- pure building -------------------------------------------------------------------------------


def missing_departments(
    contract: Contract,
    lines: Sequence[ContractLine],
    templates_by_product: TemplatesByProduct,
    departments: Departments,
) -> dict[str, list[str]]:
    """Errors for each line whose product implies work for a department the owner's unit lacks."""
    unit = contract.owner.business_unit
    errors: dict[str, list[str]] = {}
    for index, line in enumerate(lines):
        for template in templates_by_product.get(line.product_id, ()):
            if (contract.owner.business_unit_id, template.department_kind) not in departments:
                errors.setdefault(f"lines.{index}.product", []).append(
                    department_missing_message(
                        index=index,
                        product=line.product.label(),
                        kind=template.department_kind,
                        unit=str(unit) if unit is not None else "",
                    )
                )
    return errors


def department_missing_message(*, index: int, product: str, kind: str, unit: str) -> str:
    return _(
        "Line %(line)d: %(product)s implies work for a %(department)s department, which %(unit)s "
        "does not have. Add that department or choose another product."
    ) % {
        "line": index + 1,
        "product": product,
        "department": DepartmentKind(kind).label,
        "unit": unit or _("the business unit"),
    }


def _number(value: Decimal) -> str:
    """2.000 → "2", 1.500 → "1.5": quantities and percentages as people write them."""
    text = format(value.normalize(), "f")
    return text


def detail_for(contract: Contract, line: ContractLine, template: DeliverableTemplate) -> str:
    """What the department must do, from the line: issues, target address, amounts, quantity."""
    parts = [line.description or line.product.label()]
    parts.append(_("Quantity: %(quantity)s") % {"quantity": _number(line.quantity)})
    issues = [str(issue) for issue in (line.issues or []) if str(issue).strip()]
    if issues:
        parts.append(_("Issues: %(issues)s") % {"issues": ", ".join(issues)})
    if line.target_url:
        parts.append(_("Target address: %(url)s") % {"url": line.target_url})
    if template.action == DeliverableAction.INVOICE_DISCOUNTED:
        full = line.quantity * line.list_price
        net = line.net_amount
        if full > net:
            parts.append(
                _("Invoice %(net)s %(currency)s instead of %(full)s %(currency)s (%(discount)s%% discount)")
                % {
                    "net": plain_amount(net, contract.currency),
                    "full": plain_amount(full, contract.currency),
                    "currency": contract.currency,
                    "discount": _number(((full - net) / full * HUNDRED).quantize(Decimal("0.01"))),
                }
            )
        else:
            parts.append(
                _("Invoice %(net)s %(currency)s")
                % {"net": plain_amount(net, contract.currency), "currency": contract.currency}
            )
    if line.notes:
        parts.append(line.notes)
    return "\n".join(parts)


def deliverables_for(
    contracts: Sequence[Contract],
    lines_by_contract: Mapping[int, Sequence[ContractLine]],
    templates_by_product: TemplatesByProduct,
    departments: Departments,
) -> list[Deliverable]:
    """The unsaved deliverables the signed `contracts` imply, one per line and implied item.

    Each goes to the department of the template's kind in the contract owner's business unit, due
    `due_offset_days` after the contract starts but never before it was signed. A missing department
    raises ValidationError naming the product and the department kind.
    """
    result: list[Deliverable] = []
    for contract in contracts:
        lines = lines_by_contract.get(contract.pk, ())
        errors = missing_departments(contract, lines, templates_by_product, departments)
        if errors:
            raise ValidationError(errors)
        signed_on = contract.signed_on or contract.start_on
        unit_id = contract.owner.business_unit_id
        for line in lines:
            for template in templates_by_product.get(line.product_id, ()):
                due_on = max(contract.start_on + timedelta(days=template.due_offset_days), signed_on)
                result.append(
                    Deliverable(
                        contract=contract,
                        line=line,
                        department=departments[(unit_id, template.department_kind)],  # type: ignore[index]
                        action=template.action,
                        title=template.title[:300],
                        detail=detail_for(contract, line, template),
                        due_on=due_on,
                    )
                )
    return result


# --- many contracts at once ------------------------------------------------------------------------


@dataclass
class BulkSignOutcome:
    signed: int = 0
    skipped: list[str] = field(default_factory=list)


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
    total = 0
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start : start + CHUNK_SIZE]
        outcome = _sign_chunk(chunk, signed_by=signed_by, signed_on=signed_on)
        total += outcome.signed
        if skipped is not None:
            skipped.extend(outcome.skipped)
        if progress is not None:
            progress.advance(len(chunk))
    return total


@transaction.atomic
def _sign_chunk(ids: Sequence[int], *, signed_by: User, signed_on: date) -> BulkSignOutcome:
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
            outcome.skipped.append(_("%(contract)s has no lines.") % {"contract": contract.number})
        elif problems:
            messages = [message for group in problems.values() for message in group]
            outcome.skipped.append(f"{contract.number}: {' '.join(messages)}")
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
