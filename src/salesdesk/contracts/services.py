"""Writes to contracts and their deliverables. One transaction each, everything validated first.

Errors name the field, and for a line the line (`lines.2.quantity`, with "Line 3: …" in the message, so
the message still makes sense where the field cannot be shown); nothing is half-saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.catalog.models import DeliverableTemplate, PriceList, Product
from salesdesk.catalog.pricing import PriceNotFoundError, price_for
from salesdesk.contracts import signing
from salesdesk.contracts.choices import OPEN_DELIVERABLE_STATUSES, ContractStatus, DeliverableStatus
from salesdesk.contracts.models import Contract, ContractLine, Deliverable
from salesdesk.core.audit import audit_record
from salesdesk.core.money import is_currency
from salesdesk.core.scoping import visible_to
from salesdesk.core.versioning import save_versioned
from salesdesk.customers.models import Account, Contact
from salesdesk.orders.billing import billing_entries_cancel_for_contract, billing_entries_create_for_contract
from salesdesk.orders.choices import BillingKind, BillingStatus
from salesdesk.orders.models import BillingEntry
from salesdesk.orders.numbering import next_number
from salesdesk.org.choices import Role
from salesdesk.org.models import Department, User
from salesdesk.pipeline.models import Opportunity

ZERO = Decimal(0)
HUNDRED = Decimal(100)
AMOUNT_PLACES = Decimal("0.0001")
NUMBER_PREFIX = "C"
# People who may draft and sign contracts; department staff and finance only read them.
SELLING_ROLES = frozenset({Role.SALES_REP, Role.MANAGER, Role.COORDINATOR, Role.ADMIN})


@dataclass
class ContractLineInput:
    """One promised item as typed: the price comes from the price list when left empty."""

    product: Product
    quantity: Decimal
    unit_price: Decimal | None = None
    discount_percent: Decimal = ZERO
    billing: str = BillingKind.ONE_OFF
    issues: list[str] = field(default_factory=list)
    target_url: str = ""
    notes: str = ""
    description: str = ""


Errors = dict[str, list[str]]


def _add(errors: Errors, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


# --- Lines -----------------------------------------------------------------------------------------


def _line_error(errors: Errors, index: int, name: str, message: str) -> None:
    _add(
        errors,
        f"lines.{index}.{name}",
        _("Line %(line)d: %(message)s") % {"line": index + 1, "message": message},
    )


def _priced_line(
    index: int,
    line: ContractLineInput,
    *,
    unit_id: int | None,
    currency: str,
    on: date,
    price_list: PriceList | None,
    errors: Errors,
) -> ContractLine | None:
    """The line as stored (prices and net amount filled in), or None after adding its errors."""
    before = len(errors)
    product = line.product
    if product is None or product.business_unit_id != unit_id:
        _line_error(errors, index, "product", _("choose a product of the contract owner's business unit."))
        return None
    quantity = line.quantity
    if not isinstance(quantity, Decimal | int) or quantity <= 0:
        _line_error(errors, index, "quantity", _("the quantity must be more than zero."))
    discount = line.discount_percent if line.discount_percent is not None else ZERO
    if not isinstance(discount, Decimal | int) or not ZERO <= discount <= HUNDRED:
        _line_error(errors, index, "discount_percent", _("give a discount between 0 and 100 %."))
    if line.unit_price is not None and line.unit_price < 0:
        _line_error(errors, index, "unit_price", _("the price cannot be negative."))
    if line.billing not in BillingKind.values:
        _line_error(errors, index, "billing", _("choose how the item is billed."))
    if line.target_url:
        try:
            URLValidator()(line.target_url)
        except ValidationError:
            _line_error(errors, index, "target_url", _("give a full web address (https://…)."))
    list_price: Decimal | None
    try:
        list_price = price_for(product=product, currency=currency, on=on, price_list=price_list)
    except PriceNotFoundError as exc:
        list_price = None
        if line.unit_price is None:
            _line_error(
                errors,
                index,
                "unit_price",
                _("%(reason)s Give a unit price or choose another currency.")
                % {"reason": " ".join(exc.messages)},
            )
    if len(errors) > before:
        return None
    discount = Decimal(discount)
    if line.unit_price is None:
        assert list_price is not None
        unit_price = (list_price * (HUNDRED - discount) / HUNDRED).quantize(AMOUNT_PLACES)
    else:
        unit_price = Decimal(line.unit_price)
        if list_price is None:
            list_price = unit_price
        elif not discount and list_price > unit_price:
            # A price typed below the list price is a discount; say so on the line and the invoice.
            discount = ((list_price - unit_price) / list_price * HUNDRED).quantize(Decimal("0.01"))
    return ContractLine(
        position=index + 1,
        product=product,
        description=(line.description or "").strip()[:300],
        quantity=Decimal(quantity),
        list_price=list_price,
        unit_price=unit_price,
        discount_percent=discount,
        net_amount=(Decimal(quantity) * unit_price).quantize(AMOUNT_PLACES),
        billing=line.billing,
        issues=[str(issue).strip() for issue in (line.issues or []) if str(issue).strip()],
        target_url=(line.target_url or "").strip(),
        notes=(line.notes or "").strip()[:500],
    )


def _build_lines(
    lines: Sequence[ContractLineInput],
    *,
    owner: User,
    currency: str,
    on: date,
    price_list: PriceList | None,
    errors: Errors,
) -> list[ContractLine]:
    """Price every line and check the departments its products need; errors go to `errors`."""
    if not lines:
        _add(errors, "lines", _("Add at least one line: what does the customer get?"))
        return []
    built: list[ContractLine] = []
    for index, line in enumerate(lines):
        priced = _priced_line(
            index,
            line,
            unit_id=owner.business_unit_id,
            currency=currency,
            on=on,
            price_list=price_list,
            errors=errors,
        )
        if priced is not None:
            built.append(priced)
    products = {line.product.pk for line in lines if line.product is not None}
    kinds_by_product: dict[int, set[str]] = {}
    for product_id, kind in DeliverableTemplate.objects.filter(product_id__in=products).values_list(
        "product_id", "department_kind"
    ):
        kinds_by_product.setdefault(product_id, set()).add(kind)
    existing = set(
        Department.objects.filter(business_unit_id=owner.business_unit_id).values_list("kind", flat=True)
    )
    for index, line in enumerate(lines):
        if line.product is None:
            continue
        for kind in sorted(kinds_by_product.get(line.product.pk, set()) - existing):
            _add(
                errors,
                f"lines.{index}.product",
                signing.department_missing_message(
                    index=index,
                    product=line.product.label(),
                    kind=kind,
                    unit=str(owner.business_unit) if owner.business_unit_id else "",
                ),
            )
    return built


def _save_lines(contract: Contract, lines: list[ContractLine]) -> None:
    for line in lines:
        line.contract = contract
    ContractLine.objects.bulk_create(lines)
    contract.value = sum((line.net_amount for line in lines), ZERO)


# --- Contracts -------------------------------------------------------------------------------------


def _check_header(
    errors: Errors,
    *,
    acting: User,
    title: str,
    account: Account | None,
    owner: User | None,
    contact: Contact | None,
    opportunity: Opportunity | None,
    start_on: date | None,
    end_on: date | None,
    currency: str,
    notice_days: int,
    renewal_months: int,
    price_list: PriceList | None,
) -> None:
    if not (title or "").strip():
        _add(errors, "title", _("Give the contract a title."))
    if account is None or not visible_to(acting, Account).filter(pk=account.pk).exists():
        _add(errors, "account", _("Choose an account you can see."))
    if owner is None or not owner.is_active or not visible_to(acting, User).filter(pk=owner.pk).exists():
        _add(errors, "owner", _("Choose an active person as the contract's sales rep."))
    elif owner.business_unit_id is None:
        _add(errors, "owner", _("The sales rep belongs to no business unit."))
    if contact is not None and account is not None and contact.account_id != account.pk:
        _add(errors, "contact", _("Choose a contact of the contract's account."))
    if opportunity is not None and (
        account is None
        or opportunity.account_id != account.pk
        or not visible_to(acting, Opportunity).filter(pk=opportunity.pk).exists()
    ):
        _add(errors, "opportunity", _("Choose an opportunity of the contract's account."))
    if start_on is None:
        _add(errors, "start_on", _("Give the day the contract starts."))
    if end_on is None:
        _add(errors, "end_on", _("Give the day the contract ends."))
    if start_on is not None and end_on is not None and end_on < start_on:
        _add(errors, "end_on", _("The contract cannot end before it starts."))
    if not is_currency(currency or ""):
        _add(errors, "currency", _("%(code)s is not a currency code.") % {"code": currency})
    if notice_days is None or notice_days < 0:
        _add(errors, "notice_days", _("The notice period cannot be negative."))
    if renewal_months is None or renewal_months < 1:
        _add(errors, "renewal_months", _("A renewal runs for at least one month."))
    if price_list is not None:
        if owner is not None and price_list.business_unit_id != owner.business_unit_id:
            _add(errors, "price_list", _("Choose a price list of the sales rep's business unit."))
        elif price_list.currency != currency:
            _add(
                errors,
                "price_list",
                _("The price list is in %(list)s, the contract in %(contract)s.")
                % {"list": price_list.currency, "contract": currency},
            )


def _refuse_unless_seller(user: User) -> None:
    if not user.roles & SELLING_ROLES:
        raise ValidationError(_("Only sales staff draft and sign contracts."))


@transaction.atomic
def contract_create(
    *,
    created_by: User,
    account: Account,
    title: str,
    start_on: date,
    end_on: date,
    currency: str,
    lines: Sequence[ContractLineInput],
    owner: User | None = None,
    contact: Contact | None = None,
    opportunity: Opportunity | None = None,
    auto_renew: bool = False,
    notice_days: int = 90,
    renewal_months: int = 12,
    price_list: PriceList | None = None,
    notes: str = "",
) -> Contract:
    """A draft contract with its lines priced (list price from the price list, discount applied)."""
    _refuse_unless_seller(created_by)
    owner = owner or created_by
    currency = (currency or "").strip().upper()
    errors: Errors = {}
    _check_header(
        errors,
        acting=created_by,
        title=title,
        account=account,
        owner=owner,
        contact=contact,
        opportunity=opportunity,
        start_on=start_on,
        end_on=end_on,
        currency=currency,
        notice_days=notice_days,
        renewal_months=renewal_months,
        price_list=price_list,
    )
    built: list[ContractLine] = []
    if "owner" not in errors and "currency" not in errors and start_on is not None:
        built = _build_lines(
            lines, owner=owner, currency=currency, on=start_on, price_list=price_list, errors=errors
        )
    if errors:
        raise ValidationError(errors)
    contract = Contract(
        number=next_number(NUMBER_PREFIX, model=Contract),
        title=title.strip(),
        account=account,
        contact=contact,
        owner=owner,
        opportunity=opportunity,
        start_on=start_on,
        end_on=end_on,
        auto_renew=auto_renew,
        notice_days=notice_days,
        renewal_months=renewal_months,
        currency=currency,
        price_list=price_list,
        notes=notes.strip(),
        value=sum((line.net_amount for line in built), ZERO),
    )
    contract._history_user = created_by  # type: ignore[attr-defined]
    contract._change_reason = _("Drafted")  # type: ignore[attr-defined]
    contract.save()
    _save_lines(contract, built)
    return contract


_EDITABLE_FIELDS = (
    "title",
    "account",
    "contact",
    "owner",
    "opportunity",
    "start_on",
    "end_on",
    "auto_renew",
    "notice_days",
    "renewal_months",
    "notes",
)


def _refuse_unless_draft(contract: Contract) -> None:
    if contract.status != ContractStatus.DRAFT:
        raise ValidationError(
            {
                "status": _("%(contract)s is %(status)s; only a draft can be changed.")
                % {"contract": contract.number, "status": contract.get_status_display().lower()}
            }
        )


@transaction.atomic
def contract_update(
    *, contract: Contract, changed_by: User, expected_version: int, reason: str = "", **changes: Any
) -> Contract:
    """Change a draft's header; refused whole if invalid, signed, or saved by someone since."""
    _refuse_unless_seller(changed_by)
    unknown = set(changes) - set(_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in sorted(unknown)})
    _refuse_unless_draft(contract)
    for name, value in changes.items():
        setattr(
            contract, name, value.strip() if isinstance(value, str) and name in ("title", "notes") else value
        )
    errors: Errors = {}
    _check_header(
        errors,
        acting=changed_by,
        title=contract.title,
        account=contract.account if contract.account_id else None,
        owner=contract.owner if contract.owner_id else None,
        contact=contract.contact if contract.contact_id else None,
        opportunity=contract.opportunity if contract.opportunity_id else None,
        start_on=contract.start_on,
        end_on=contract.end_on,
        currency=contract.currency,
        notice_days=contract.notice_days,
        renewal_months=contract.renewal_months,
        price_list=contract.price_list if contract.price_list_id else None,
    )
    if "owner" in changes and "owner" not in errors:
        products = contract.lines.exclude(product__business_unit_id=contract.owner.business_unit_id)
        if products.exists():
            _add(errors, "owner", _("The lines' products belong to another business unit than this rep's."))
    if errors:
        raise ValidationError(errors)
    save_versioned(
        contract, expected_version=expected_version, reason=reason or _("Edited"), changed_by=changed_by
    )
    return contract


@transaction.atomic
def contract_replace_lines(
    *,
    contract: Contract,
    lines: Sequence[ContractLineInput],
    changed_by: User,
    expected_version: int,
    currency: str | None = None,
    price_list: PriceList | None = None,
) -> Contract:
    """Replace a draft's lines (optionally in another currency or price list) and its value."""
    _refuse_unless_seller(changed_by)
    _refuse_unless_draft(contract)
    currency = (currency or contract.currency).strip().upper()
    errors: Errors = {}
    if not is_currency(currency):
        _add(errors, "currency", _("%(code)s is not a currency code.") % {"code": currency})
    if price_list is not None and price_list.currency != currency:
        _add(errors, "price_list", _("Choose a price list in %(code)s.") % {"code": currency})
    if not errors:
        built = _build_lines(
            lines,
            owner=contract.owner,
            currency=currency,
            on=contract.start_on,
            price_list=price_list,
            errors=errors,
        )
    if errors:
        raise ValidationError(errors)
    contract.lines.all().delete()
    contract.currency = currency
    contract.price_list = price_list
    _save_lines(contract, built)
    save_versioned(
        contract, expected_version=expected_version, reason=_("Lines changed"), changed_by=changed_by
    )
    return contract


@transaction.atomic
def contract_sign(
    *,
    contract: Contract,
    signed_by: User,
    signed_on: date,
    expected_version: int,
    document: File[Any] | None = None,
) -> Contract:
    """DRAFT → SIGNED: the promised deliverables land in the departments' queues and the billing entries
    are created, all in this transaction (audited). Nothing is saved if anything is missing."""
    _refuse_unless_seller(signed_by)
    errors: Errors = {}
    if contract.status != ContractStatus.DRAFT:
        _add(
            errors,
            "status",
            _("%(contract)s is %(status)s already; only a draft can be signed.")
            % {"contract": contract.number, "status": contract.get_status_display().lower()},
        )
    if signed_on is None:
        _add(errors, "signed_on", _("Give the day the contract was signed."))
    elif signed_on > timezone.localdate():
        _add(errors, "signed_on", _("The signature date cannot be in the future."))
    if errors:
        raise ValidationError(errors)
    data = signing.signing_data([contract])
    lines = data.lines_by_contract.get(contract.pk, [])
    if not lines:
        raise ValidationError({"lines": _("A contract without lines promises nothing; add its lines first.")})
    problems = signing.missing_departments(contract, lines, data.templates_by_product, data.departments)
    if problems:
        raise ValidationError(problems)
    contract.status = ContractStatus.SIGNED
    contract.signed_on = signed_on
    contract.signed_by = signed_by
    if document is not None:
        contract.signed_document = document
    save_versioned(contract, expected_version=expected_version, reason=_("Signed"), changed_by=signed_by)
    created = Deliverable.objects.bulk_create(
        signing.deliverables_for(
            [contract], data.lines_by_contract, data.templates_by_product, data.departments
        )
    )
    Deliverable.history.bulk_history_create(created, default_user=signed_by)
    entries = billing_entries_create_for_contract(contract=contract)
    audit_record(
        actor=signed_by,
        verb="contract.signed",
        target=contract,
        changes={
            "signed_on": signed_on.isoformat(),
            "deliverables": len(created),
            "billing_entries": len(entries),
        },
    )
    return contract


def _cancel_open_deliverables(contract: Contract, *, due_after: date | None = None) -> int:
    open_ones = Deliverable.objects.filter(contract=contract, status__in=OPEN_DELIVERABLE_STATUSES)
    if due_after is not None:
        open_ones = open_ones.filter(due_on__gt=due_after)
    return open_ones.update(status=DeliverableStatus.CANCELLED, updated_at=timezone.now())


@transaction.atomic
def contract_cancel(
    *, contract: Contract, cancelled_by: User, reason: str, expected_version: int
) -> Contract:
    """Call a draft or signed contract off: its open deliverables and unexported billing are cancelled."""
    _refuse_unless_seller(cancelled_by)
    errors: Errors = {}
    if contract.status not in (ContractStatus.DRAFT, ContractStatus.SIGNED):
        _add(errors, "status", _("Only a draft or a signed contract can be cancelled."))
    if not (reason or "").strip():
        _add(errors, "reason", _("Say why the contract is cancelled."))
    if errors:
        raise ValidationError(errors)
    contract.status = ContractStatus.CANCELLED
    save_versioned(
        contract, expected_version=expected_version, reason=reason.strip(), changed_by=cancelled_by
    )
    cancelled = _cancel_open_deliverables(contract)
    billing_entries_cancel_for_contract(contract=contract)
    audit_record(
        actor=cancelled_by,
        verb="contract.cancelled",
        target=contract,
        changes={"deliverables_cancelled": cancelled},
        reason=reason.strip(),
    )
    return contract


@transaction.atomic
def contract_terminate(
    *, contract: Contract, terminated_by: User, terminated_on: date, reason: str, expected_version: int
) -> Contract:
    """End a signed contract early: it ends on `terminated_on`; work and billing after that are cancelled."""
    _refuse_unless_seller(terminated_by)
    errors: Errors = {}
    if contract.status != ContractStatus.SIGNED:
        _add(errors, "status", _("Only a signed contract can be terminated."))
    if terminated_on is None or terminated_on < contract.start_on:
        _add(errors, "terminated_on", _("The contract cannot end before it starts."))
    if not (reason or "").strip():
        _add(errors, "reason", _("Say why the contract is terminated."))
    if errors:
        raise ValidationError(errors)
    contract.status = ContractStatus.TERMINATED
    contract.end_on = min(contract.end_on, terminated_on)
    contract.auto_renew = False
    save_versioned(
        contract, expected_version=expected_version, reason=reason.strip(), changed_by=terminated_by
    )
    cancelled = _cancel_open_deliverables(contract, due_after=terminated_on)
    BillingEntry.objects.filter(
        contract=contract, status=BillingStatus.PENDING, bill_on__gt=terminated_on
    ).update(status=BillingStatus.CANCELLED, updated_at=timezone.now())
    audit_record(
        actor=terminated_by,
        verb="contract.terminated",
        target=contract,
        changes={"terminated_on": terminated_on.isoformat(), "deliverables_cancelled": cancelled},
        reason=reason.strip(),
    )
    return contract


# --- Deliverables ----------------------------------------------------------------------------------


def may_work_on(user: User, deliverable: Deliverable) -> bool:
    """Members of the deliverable's department, and coordinators and admins of its business unit."""
    if deliverable.department_id in user.department_ids:
        return True
    unit_id = (
        Department.objects.filter(pk=deliverable.department_id)
        .values_list("business_unit_id", flat=True)
        .first()
    )
    return bool(user.roles & {Role.COORDINATOR, Role.ADMIN}) and unit_id == user.business_unit_id


def _refuse_unless_worker(user: User, deliverable: Deliverable) -> None:
    if not may_work_on(user, deliverable):
        raise ValidationError(
            _("Only members of the %(department)s department or the unit's coordinators can do this.")
            % {"department": deliverable.department.label}
        )


def _current_status(deliverable: Deliverable) -> str:
    """The stored status, with the row locked until the transaction ends (no double completion)."""
    status = (
        Deliverable.objects.select_for_update()
        .filter(pk=deliverable.pk)
        .values_list("status", flat=True)
        .get()
    )
    deliverable.status = status
    return str(status)


def _refuse_unless_open(deliverable: Deliverable) -> None:
    if _current_status(deliverable) not in OPEN_DELIVERABLE_STATUSES:
        raise ValidationError(
            {
                "status": _("This deliverable is %(status)s; only open work can change.")
                % {"status": deliverable.get_status_display().lower()}
            }
        )


def _save(deliverable: Deliverable, *, by: User, reason: str) -> None:
    deliverable._history_user = by  # type: ignore[attr-defined]
    deliverable._change_reason = reason  # type: ignore[attr-defined]
    deliverable.save()


@transaction.atomic
def deliverable_assign(*, deliverable: Deliverable, assignee: User | None, assigned_by: User) -> Deliverable:
    """Hand the work to a member of its department (or to nobody)."""
    _refuse_unless_worker(assigned_by, deliverable)
    _refuse_unless_open(deliverable)
    if assignee is not None and (
        not assignee.is_active or not assignee.departments.filter(pk=deliverable.department_id).exists()
    ):
        raise ValidationError(
            {
                "assignee": _("Choose a member of the %(department)s department.")
                % {"department": deliverable.department.label}
            }
        )
    deliverable.assignee = assignee
    _save(
        deliverable,
        by=assigned_by,
        reason=_("Assigned to %(person)s") % {"person": assignee} if assignee else _("Unassigned"),
    )
    return deliverable


@transaction.atomic
def deliverable_claim(*, deliverable: Deliverable, by: User) -> Deliverable:
    """ "Take it": the person becomes the assignee."""
    if deliverable.department_id not in by.department_ids:
        raise ValidationError(
            _("Only members of the %(department)s department can take this.")
            % {"department": deliverable.department.label}
        )
    _refuse_unless_open(deliverable)
    deliverable.assignee = by
    _save(deliverable, by=by, reason=_("Taken"))
    return deliverable


@transaction.atomic
def deliverable_start(*, deliverable: Deliverable, by: User) -> Deliverable:
    _refuse_unless_worker(by, deliverable)
    _refuse_unless_open(deliverable)
    deliverable.status = DeliverableStatus.IN_PROGRESS
    if deliverable.assignee_id is None and deliverable.department_id in by.department_ids:
        deliverable.assignee = by
    _save(deliverable, by=by, reason=_("Started"))
    return deliverable


@transaction.atomic
def deliverable_complete(
    *,
    deliverable: Deliverable,
    by: User,
    note: str = "",
    link: str = "",
    reference: str = "",
    file: File[Any] | None = None,
) -> Deliverable:
    """Done, with evidence (a note, a link, an issue or reference number, or a file) and who confirmed it."""
    _refuse_unless_worker(by, deliverable)
    _refuse_unless_open(deliverable)
    note, link, reference = (note or "").strip(), (link or "").strip(), (reference or "").strip()
    errors: Errors = {}
    if not (note or link or reference or file):
        _add(
            errors,
            "evidence",
            _("Show that it was done: add a note, a link, an issue or reference number, or a file."),
        )
    if link:
        try:
            URLValidator()(link)
        except ValidationError:
            _add(errors, "link", _("Give a full web address (https://…)."))
    if len(reference) > 100:
        _add(errors, "reference", _("Keep the reference to 100 characters."))
    if errors:
        raise ValidationError(errors)
    deliverable.status = DeliverableStatus.DONE
    deliverable.evidence_note = note
    deliverable.evidence_link = link
    deliverable.evidence_reference = reference
    if file is not None:
        deliverable.evidence_file = file
    deliverable.completed_at = timezone.now()
    deliverable.confirmed_by = by
    if deliverable.assignee_id is None:
        deliverable.assignee = by
    _save(deliverable, by=by, reason=_("Done"))
    audit_record(actor=by, verb="deliverable.completed", target=deliverable)
    return deliverable


@transaction.atomic
def deliverable_reopen(*, deliverable: Deliverable, by: User, reason: str) -> Deliverable:
    """Back to open (the evidence did not hold); the old evidence stays in the history."""
    _refuse_unless_worker(by, deliverable)
    errors: Errors = {}
    if _current_status(deliverable) != DeliverableStatus.DONE:
        _add(errors, "status", _("Only done work can be reopened."))
    if not (reason or "").strip():
        _add(errors, "reason", _("Say why it is reopened."))
    if errors:
        raise ValidationError(errors)
    deliverable.status = DeliverableStatus.OPEN
    deliverable.completed_at = None
    deliverable.confirmed_by = None
    deliverable.evidence_note = deliverable.evidence_link = deliverable.evidence_reference = ""
    deliverable.evidence_file = ""
    _save(deliverable, by=by, reason=reason.strip())
    audit_record(actor=by, verb="deliverable.reopened", target=deliverable, reason=reason.strip())
    return deliverable


@transaction.atomic
def deliverable_cancel(*, deliverable: Deliverable, by: User, reason: str) -> Deliverable:
    """The promise no longer applies (agreed with the customer); it stops counting as open."""
    _refuse_unless_worker(by, deliverable)
    _refuse_unless_open(deliverable)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why it is cancelled.")})
    deliverable.status = DeliverableStatus.CANCELLED
    _save(deliverable, by=by, reason=reason.strip())
    audit_record(actor=by, verb="deliverable.cancelled", target=deliverable, reason=reason.strip())
    return deliverable
