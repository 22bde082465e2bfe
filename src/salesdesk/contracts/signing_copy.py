"""Signing a chunk of drafts on PostgreSQL: the rows the ORM path in `signing` writes, built from plain
values and written with COPY.

On that path most of the time went into model instances (for every contract, line, deliverable, billing
entry and history row) and into binding each of their values as an INSERT parameter. Here the contracts
and lines are read as tuples, translated phrases and product labels are looked up once per chunk, the
deliverables, billing entries and audit events are sent with COPY, and the server copies the history
rows from the contracts it has just updated. The tests hold both paths to the same rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.catalog.choices import DeliverableAction
from salesdesk.catalog.models import DeliverableTemplate, Product
from salesdesk.contracts.choices import ContractStatus, DeliverableStatus
from salesdesk.contracts.models import Contract, ContractLine, Deliverable
from salesdesk.contracts.signing_build import (
    TITLE_MAX,
    BulkSignOutcome,
    DetailFormats,
    department_errors,
    detail_formats,
    detail_text,
    implied_templates,
    no_lines_message,
    skip_message,
    unit_departments,
)
from salesdesk.core.copy_rows import copy_rows
from salesdesk.core.models import AuditEvent
from salesdesk.core.scoping import visible_to
from salesdesk.orders.billing import contract_line_description, contract_line_instalments
from salesdesk.orders.choices import BillingStatus
from salesdesk.orders.models import BillingEntry
from salesdesk.org.models import Department, User

OPEN = DeliverableStatus.OPEN.value
PENDING = BillingStatus.PENDING.value
INVOICE = DeliverableAction.INVOICE_DISCOUNTED.value


class Draft(NamedTuple):
    pk: int
    number: str
    title: str
    owner_id: int
    unit_id: int | None
    unit: str | None
    account_id: int
    currency: str
    start_on: date
    end_on: date


DRAFT_FIELDS = (
    "pk", "number", "title", "owner_id", "owner__business_unit_id", "owner__business_unit__name",
    "account_id", "currency", "start_on", "end_on",
)  # fmt: skip


class Line(NamedTuple):
    pk: int
    contract_id: int
    product_id: int
    description: str
    quantity: Decimal
    list_price: Decimal
    unit_price: Decimal
    net_amount: Decimal
    billing: str
    issues: list[Any] | None
    target_url: str
    notes: str


LINE_FIELDS = (
    "pk", "contract_id", "product_id", "description", "quantity", "list_price", "unit_price", "net_amount",
    "billing", "issues", "target_url", "notes",
)  # fmt: skip

# Left-out fields take their column defaults: the identity id, NULL for who did what later.
DELIVERABLE_FIELDS = (
    "created_at", "updated_at", "action", "title", "detail", "due_on", "status", "evidence_note",
    "evidence_link", "evidence_reference", "evidence_file", "contract_id", "department_id", "line_id",
)  # fmt: skip
ENTRY_FIELDS = (
    "created_at", "updated_at", "kind", "description", "amount", "currency", "tax_rate", "bill_on",
    "period_start", "period_end", "instalment", "status", "export_batch", "account_id", "contract_id",
    "contract_line_id", "owner_id",
)  # fmt: skip
AUDIT_FIELDS = ("actor_id", "verb", "content_type_id", "object_id", "object_repr", "changes", "reason", "at")


class Catalogue(NamedTuple):
    """What a chunk looks up for every line, loaded once: product labels (in the active language) and
    tax rates, implied templates, the units' departments and the translated phrases."""

    labels: dict[int, str]
    tax_rates: dict[int, Decimal]
    templates: dict[int, list[DeliverableTemplate]]
    departments: dict[tuple[int, str], Department]
    formats: DetailFormats


@transaction.atomic
def sign_chunk(ids: Sequence[int], *, signed_by: User, signed_on: date) -> BulkSignOutcome:
    """Sign the visible drafts among `ids` (locked until the end of the transaction); as the ORM path."""
    outcome = BulkSignOutcome()
    drafts = [
        Draft(*row)
        for row in visible_to(signed_by, Contract)
        .filter(pk__in=_among(ids), status=ContractStatus.DRAFT)
        .select_for_update(of=("self",))
        .order_by("pk")
        .values_list(*DRAFT_FIELDS)
    ]
    if not drafts:
        return outcome
    lines_by_contract: dict[int, list[Line]] = defaultdict(list)
    for row in (
        ContractLine.objects.filter(contract_id__in=_among([draft.pk for draft in drafts]))
        .order_by("contract_id", "position", "pk")
        .values_list(*LINE_FIELDS)
    ):
        lines_by_contract[row[1]].append(Line(*row))
    catalogue = _catalogue(lines_by_contract, {draft.unit_id for draft in drafts})

    ready: list[Draft] = []
    for draft in drafts:
        lines = lines_by_contract.get(draft.pk, [])
        problems = department_errors(
            unit_id=draft.unit_id,
            unit=draft.unit or "",
            products=[(line.product_id, catalogue.labels[line.product_id]) for line in lines],
            templates_by_product=catalogue.templates,
            departments=catalogue.departments,
        )
        if not lines:
            outcome.skipped.append(no_lines_message(draft.number))
        elif problems:
            outcome.skipped.append(skip_message(draft.number, problems))
        else:
            ready.append(draft)
    if not ready:
        return outcome

    now = timezone.now()
    copy_rows(
        Deliverable,
        DELIVERABLE_FIELDS,
        _deliverable_rows(ready, lines_by_contract, catalogue, signed_on=signed_on, now=now),
    )
    copy_rows(BillingEntry, ENTRY_FIELDS, _entry_rows(ready, lines_by_contract, catalogue, now=now))
    ready_ids = [draft.pk for draft in ready]
    # One UPDATE for every status, as the ORM path.
    Contract.objects.filter(pk__in=_among(ready_ids), status=ContractStatus.DRAFT).update(
        status=ContractStatus.SIGNED,
        signed_on=signed_on,
        signed_by=signed_by,
        version=F("version") + 1,
        updated_at=now,
    )
    _copy_history(ready_ids, user_id=signed_by.pk, reason=_("Signed"), when=now)
    content_type = ContentType.objects.get_for_model(Contract)
    changes = {"signed_on": signed_on.isoformat(), "bulk": True}
    copy_rows(
        AuditEvent,
        AUDIT_FIELDS,
        (
            (signed_by.pk, "contract.signed", content_type.pk, str(draft.pk),
             f"{draft.number} · {draft.title}"[:300], changes, "", now)
            for draft in ready
        ),
    )  # fmt: skip
    outcome.signed = len(ready)
    return outcome


def _among(ids: Sequence[int]) -> RawSQL:
    """For `pk__in`: the ids as one array parameter. A list of a thousand placeholders costs more to
    build, for psycopg to parse and for the server to plan than the rows it selects."""
    return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])


def _catalogue(lines_by_contract: Mapping[int, Sequence[Line]], unit_ids: set[int | None]) -> Catalogue:
    product_ids = {line.product_id for lines in lines_by_contract.values() for line in lines}
    products = Product.objects.filter(pk__in=product_ids).only("name", "names", "tax_rate")
    return Catalogue(
        labels={product.pk: product.label() for product in products},
        tax_rates={product.pk: product.tax_rate for product in products},
        templates=implied_templates(product_ids),
        departments=unit_departments(unit_ids),
        formats=detail_formats(),
    )


def _deliverable_rows(
    drafts: Sequence[Draft],
    lines_by_contract: Mapping[int, Sequence[Line]],
    catalogue: Catalogue,
    *,
    signed_on: date,
    now: datetime,
) -> Iterator[tuple[Any, ...]]:
    """One row per line and implied template, as `signing_build.deliverables_for` builds them."""
    for draft in drafts:
        for line in lines_by_contract[draft.pk]:
            # A line's detail text differs only between invoicing and other work: build each once.
            details: dict[bool, str] = {}
            for template in catalogue.templates.get(line.product_id, ()):
                invoice = template.action == INVOICE
                detail = details.get(invoice)
                if detail is None:
                    detail = details[invoice] = _detail(draft, line, catalogue, invoice=invoice)
                department = catalogue.departments[(draft.unit_id, template.department_kind)]  # type: ignore[index]
                due_on = max(draft.start_on + timedelta(days=template.due_offset_days), signed_on)
                yield (
                    now, now, template.action, template.title[:TITLE_MAX], detail, due_on, OPEN,
                    "", "", "", "", draft.pk, department.pk, line.pk,
                )  # fmt: skip


def _detail(draft: Draft, line: Line, catalogue: Catalogue, *, invoice: bool) -> str:
    return detail_text(
        catalogue.formats,
        label=catalogue.labels[line.product_id],
        description=line.description,
        quantity=line.quantity,
        issues=line.issues,
        target_url=line.target_url,
        notes=line.notes,
        invoice=invoice,
        list_price=line.list_price,
        net_amount=line.net_amount,
        currency=draft.currency,
    )


def _entry_rows(
    drafts: Sequence[Draft],
    lines_by_contract: Mapping[int, Sequence[Line]],
    catalogue: Catalogue,
    now: datetime,
) -> Iterator[tuple[Any, ...]]:
    """The billing entries of every line, as `orders.billing.billing_entries_for_contract` builds them."""
    for draft in drafts:
        currency = draft.currency
        for line in lines_by_contract[draft.pk]:
            description = contract_line_description(
                label=catalogue.labels[line.product_id],
                description=line.description,
                quantity=line.quantity,
                list_price=line.list_price,
                unit_price=line.unit_price,
                net_amount=line.net_amount,
                currency=currency,
            )
            tax_rate = catalogue.tax_rates[line.product_id]
            for instalment in contract_line_instalments(
                billing=line.billing,
                net_amount=line.net_amount,
                quantity=line.quantity,
                issues=line.issues,
                start_on=draft.start_on,
                end_on=draft.end_on,
                currency=currency,
            ):
                yield (
                    now, now, line.billing, description, instalment.amount, currency, tax_rate,
                    instalment.bill_on, instalment.period_start, instalment.period_end, instalment.label,
                    PENDING, "", draft.account_id, draft.pk, line.pk, draft.owner_id,
                )  # fmt: skip


def _copy_history(contract_ids: Sequence[int], *, user_id: int, reason: str, when: datetime) -> None:
    """The history rows simple-history's bulk_history_create writes for the signed contracts (type "~",
    who, why), copied by the server from the contracts as the UPDATE left them: no round trip per row."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = Contract.history.model
    sources = [field.column for field in history.tracked_fields]
    targets = [history._meta.get_field(field.name).column for field in history.tracked_fields]
    columns = [*targets, "history_date", "history_change_reason", "history_type", "history_user_id"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history._meta.db_table} ({', '.join(columns)}) "  # noqa: S608  # our own names
            f"SELECT {', '.join(sources)}, %s, %s, '~', %s FROM {Contract._meta.db_table} "
            "WHERE id = ANY(%s) ORDER BY id",
            [when, reason, user_id, list(contract_ids)],
        )
