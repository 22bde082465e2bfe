"""What a signature implies: the deliverables of each line (routed to the owner's department of the kind
the product needs, with the due date and the detail text) and the errors when a department is missing.

The builders make no queries; the two loaders at the top fetch the few templates and departments a batch
of contracts needs. Shared by the one-contract signature in the services and by both bulk paths: the ORM
one builds model instances with `deliverables_for`, the PostgreSQL one rows of plain values with
`detail_text`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Container, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from salesdesk.catalog.choices import DeliverableAction
from salesdesk.catalog.models import DeliverableTemplate
from salesdesk.contracts.models import Contract, ContractLine, Deliverable
from salesdesk.orders.billing import issue_label_and_date, plain_amount
from salesdesk.org.choices import DepartmentKind
from salesdesk.org.models import Department

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
TITLE_MAX = 300

# (business unit id, department kind) → the unit's department of that kind
Departments = Mapping[tuple[int, str], Department]
TemplatesByProduct = Mapping[int, Sequence[DeliverableTemplate]]


# --- loading the catalogue and the departments ----------------------------------------------------


def implied_templates(product_ids: Collection[int]) -> dict[int, list[DeliverableTemplate]]:
    """The deliverable templates of each product, in their order: one query."""
    templates: dict[int, list[DeliverableTemplate]] = defaultdict(list)
    for template in DeliverableTemplate.objects.filter(product_id__in=product_ids).order_by(
        "product_id", "position", "pk"
    ):
        templates[template.product_id].append(template)
    return dict(templates)


def unit_departments(unit_ids: Collection[int | None]) -> dict[tuple[int, str], Department]:
    """The departments of the business units, by (unit id, kind): one query."""
    return {
        (department.business_unit_id, department.kind): department
        for department in Department.objects.filter(business_unit_id__in=unit_ids)
    }


# --- skipping --------------------------------------------------------------------------------------


@dataclass
class BulkSignOutcome:
    signed: int = 0
    skipped: list[str] = field(default_factory=list)


def no_lines_message(number: str) -> str:
    return _("%(contract)s has no lines.") % {"contract": number}


def skip_message(number: str, problems: Mapping[str, Sequence[str]]) -> str:
    """Why a contract of a bulk signature waits: its number and every missing department."""
    messages = [message for group in problems.values() for message in group]
    return f"{number}: {' '.join(messages)}"


# --- missing departments ---------------------------------------------------------------------------


def missing_departments(
    contract: Contract,
    lines: Sequence[ContractLine],
    templates_by_product: TemplatesByProduct,
    departments: Departments,
) -> dict[str, list[str]]:
    """Errors for each line whose product implies work for a department the owner's unit lacks."""
    unit = contract.owner.business_unit
    return department_errors(
        unit_id=contract.owner.business_unit_id,
        unit=str(unit) if unit is not None else "",
        products=[(line.product_id, line.product.label()) for line in lines],
        templates_by_product=templates_by_product,
        departments=departments,
    )


def department_errors(
    *,
    unit_id: int | None,
    unit: str,
    products: Sequence[tuple[int, str]],
    templates_by_product: TemplatesByProduct,
    departments: Container[tuple[int, str]],
) -> dict[str, list[str]]:
    """`missing_departments` from plain values: the lines' (product id, product label) in order."""
    errors: dict[str, list[str]] = {}
    for index, (product_id, label) in enumerate(products):
        for template in templates_by_product.get(product_id, ()):
            if (unit_id, template.department_kind) not in departments:
                errors.setdefault(f"lines.{index}.product", []).append(
                    department_missing_message(
                        index=index, product=label, kind=template.department_kind, unit=unit
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


# --- detail text -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DetailFormats:
    """The translated phrases of a detail text. Looked up once per batch: a bulk signature asks for the
    same few phrases thousands of times, and each gettext call goes through the active translation."""

    quantity: str
    issues: str
    target: str
    invoice_discounted: str
    invoice: str


def detail_formats() -> DetailFormats:
    """The phrases in the active language."""
    return DetailFormats(
        quantity=_("Quantity: %(quantity)s"),
        issues=_("Issues: %(issues)s"),
        target=_("Target address: %(url)s"),
        invoice_discounted=_(
            "Invoice %(net)s %(currency)s instead of %(full)s %(currency)s (%(discount)s%% discount)"
        ),
        invoice=_("Invoice %(net)s %(currency)s"),
    )


def _number(value: Decimal) -> str:
    """2.000 → "2", 1.500 → "1.5": quantities and percentages as people write them."""
    return format(value.normalize(), "f")


def detail_text(
    formats: DetailFormats,
    *,
    label: str,
    description: str,
    quantity: Decimal,
    issues: Sequence[object] | None,
    target_url: str,
    notes: str,
    invoice: bool,
    list_price: Decimal,
    net_amount: Decimal,
    currency: str,
) -> str:
    """What the department must do, from the line: issues, target address, amounts (when the promise is
    to `invoice`), quantity. `label` is the product's name in the active language."""
    parts = [description or label, formats.quantity % {"quantity": _number(quantity)}]
    # An issue is stored as text ("2027/03") or as {"label": ..., "date": ...}: people read its label.
    named = [label for label, _day in map(issue_label_and_date, issues or []) if label.strip()]
    if named:
        parts.append(formats.issues % {"issues": ", ".join(named)})
    if target_url:
        parts.append(formats.target % {"url": target_url})
    if invoice:
        full = quantity * list_price
        if full > net_amount:
            parts.append(
                formats.invoice_discounted
                % {
                    "net": plain_amount(net_amount, currency),
                    "full": plain_amount(full, currency),
                    "currency": currency,
                    "discount": _number(((full - net_amount) / full * HUNDRED).quantize(CENT)),
                }
            )
        else:
            parts.append(formats.invoice % {"net": plain_amount(net_amount, currency), "currency": currency})
    if notes:
        parts.append(notes)
    return "\n".join(parts)


def detail_for(
    contract: Contract,
    line: ContractLine,
    template: DeliverableTemplate,
    formats: DetailFormats | None = None,
) -> str:
    """What the department must do, from the line: issues, target address, amounts, quantity."""
    return detail_text(
        formats or detail_formats(),
        label=line.product.label(),
        description=line.description,
        quantity=line.quantity,
        issues=line.issues,
        target_url=line.target_url,
        notes=line.notes,
        invoice=template.action == DeliverableAction.INVOICE_DISCOUNTED,
        list_price=line.list_price,
        net_amount=line.net_amount,
        currency=contract.currency,
    )


# --- deliverables ----------------------------------------------------------------------------------


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
    formats = detail_formats()
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
                        title=template.title[:TITLE_MAX],
                        detail=detail_for(contract, line, template, formats),
                        due_on=due_on,
                    )
                )
    return result
