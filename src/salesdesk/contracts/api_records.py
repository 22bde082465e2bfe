"""Contracts and deliverables in the API: the same services, selectors and scoping as their pages.
Reps see their accounts' contracts; department staff their queues."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError as RequestError

from salesdesk.api.auth import request_user
from salesdesk.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, PageParams, paginate
from salesdesk.catalog.choices import DeliverableAction
from salesdesk.catalog.models import PriceList, Product
from salesdesk.contracts import selectors, services
from salesdesk.contracts.choices import ContractStatus, DeliverableStatus
from salesdesk.contracts.models import Contract, Deliverable
from salesdesk.core.scoping import visible_to
from salesdesk.customers.models import Account, Contact
from salesdesk.orders.choices import BillingKind
from salesdesk.org.models import User
from salesdesk.org.selectors import user_list
from salesdesk.pipeline.models import Opportunity

router = Router(tags=["contracts"])


# --- Schemas -----------------------------------------------------------------------------------------


class ContractLineOut(Schema):
    id: int
    position: int
    product_id: int
    description: str
    quantity: Decimal
    list_price: Decimal
    unit_price: Decimal
    discount_percent: Decimal
    net_amount: Decimal
    billing: BillingKind
    issues: list[str]
    target_url: str
    notes: str


class DeliverableOut(Schema):
    id: int
    contract_id: int
    contract_number: str
    line_id: int
    department_id: int
    action: DeliverableAction
    title: str
    detail: str
    due_on: date
    status: DeliverableStatus
    assignee_id: int | None
    evidence_note: str
    evidence_link: str
    evidence_reference: str
    evidence_file: str | None
    completed_at: datetime | None
    confirmed_by_id: int | None
    escalated_at: datetime | None

    @staticmethod
    def resolve_contract_number(obj: Deliverable) -> str:
        return obj.contract.number

    @staticmethod
    def resolve_evidence_file(obj: Deliverable) -> str | None:
        return obj.evidence_file.url if obj.evidence_file else None


class PromisesOut(Schema):
    done: int
    open: int
    overdue: int
    all_kept: bool


class ContractOut(Schema):
    id: int
    number: str
    title: str
    account_id: int
    contact_id: int | None
    owner_id: int
    opportunity_id: int | None
    status: ContractStatus
    start_on: date
    end_on: date
    auto_renew: bool
    notice_days: int
    renewal_months: int
    value: Decimal
    currency: str
    price_list_id: int | None
    signed_on: date | None
    signed_by_id: int | None
    notes: str
    version: int


class ContractDetailOut(ContractOut):
    lines: list[ContractLineOut]
    deliverables: list[DeliverableOut]
    promises: PromisesOut


class ContractFiltersIn(PageParams):
    q: str = Field("", description="Part of the number, the title or the account's name.")
    status: ContractStatus | None = None
    owner_id: int | None = None
    account_id: int | None = None
    expiring_from: date | None = Field(None, description="Ends on or after this day.")
    expiring_to: date | None = Field(None, description="Ends on or before this day.")


class ContractLineIn(Schema):
    product_id: int
    quantity: Decimal
    unit_price: Decimal | None = Field(None, description="Empty: the price list's price less the discount.")
    discount_percent: Decimal = Decimal(0)
    billing: BillingKind = BillingKind.ONE_OFF
    issues: list[str] = Field(default_factory=list, description='The issues to appear in, e.g. "2027/03".')
    target_url: str = Field("", max_length=500)
    notes: str = Field("", max_length=500)
    description: str = Field("", max_length=300)


class ContractIn(Schema):
    account_id: int
    title: str = Field(max_length=300)
    start_on: date
    end_on: date
    currency: str = Field(max_length=3)
    lines: list[ContractLineIn]
    owner_id: int | None = Field(None, description="The contract's sales rep; you by default.")
    contact_id: int | None = None
    opportunity_id: int | None = None
    auto_renew: bool = False
    notice_days: int = 90
    renewal_months: int = 12
    price_list_id: int | None = None
    notes: str = ""


class ContractPatch(Schema):
    version: int = Field(description="The version you read; a newer one on the server answers 409.")
    title: str | None = Field(None, max_length=300)
    account_id: int | None = None
    contact_id: int | None = None
    owner_id: int | None = None
    opportunity_id: int | None = None
    start_on: date | None = None
    end_on: date | None = None
    auto_renew: bool | None = None
    notice_days: int | None = None
    renewal_months: int | None = None
    notes: str | None = None
    lines: list[ContractLineIn] | None = Field(None, description="Replaces every line of the draft.")


class SignIn(Schema):
    signed_on: date
    version: int = Field(description="The version you read; a newer one on the server answers 409.")


class QueueParams(Schema):
    scope: selectors.QueueScope = Field(
        "department", description="mine: assigned to you; department: a queue."
    )
    due: selectors.QueueDue = Field("all", description="all, week (due by Sunday) or overdue.")
    department: int | None = Field(None, description="The department's id; your first one by default.")
    cursor: str | None = Field(None, description="The next_cursor of the previous page; omit for the first.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page, 1 to 200.")


class CompleteIn(Schema):
    note: str = ""
    link: str = Field("", max_length=500)
    reference: str = Field("", max_length=100, description="An issue or reference number.")


class AssignIn(Schema):
    assignee_id: int | None = Field(description="A member of the deliverable's department; null: nobody.")


# --- Helpers -----------------------------------------------------------------------------------------


def _one[M: Any](queryset: Any, pk: int | None, *, field: str) -> M | None:
    if pk is None:
        return None
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise ValidationError({field: _("Choose a record you can see.")})
    return cast(M, record)


def _lines(acting: User, lines: list[ContractLineIn]) -> list[services.ContractLineInput]:
    products = visible_to(acting, Product).in_bulk([line.product_id for line in lines])
    missing = {
        f"lines.{index}.product": [_("Line %(line)d: choose a product you can see.") % {"line": index + 1}]
        for index, line in enumerate(lines)
        if line.product_id not in products
    }
    if missing:
        raise ValidationError(missing)
    return [
        services.ContractLineInput(
            product=products[line.product_id],
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount_percent=line.discount_percent,
            billing=line.billing,
            issues=line.issues,
            target_url=line.target_url,
            notes=line.notes,
            description=line.description,
        )
        for line in lines
    ]


def _relations(acting: User, values: dict[str, Any]) -> dict[str, Any]:
    """Ids in the request turned into the records the services take."""
    if "account_id" in values:
        values["account"] = _one(visible_to(acting, Account), values.pop("account_id"), field="account")
    if "contact_id" in values:
        values["contact"] = _one(visible_to(acting, Contact), values.pop("contact_id"), field="contact")
    if "owner_id" in values:
        owner_id = values.pop("owner_id")
        values["owner"] = _one(user_list(user=acting), owner_id, field="owner") if owner_id else acting
    if "opportunity_id" in values:
        values["opportunity"] = _one(
            visible_to(acting, Opportunity), values.pop("opportunity_id"), field="opportunity"
        )
    if "price_list_id" in values:
        values["price_list"] = _one(
            visible_to(acting, PriceList), values.pop("price_list_id"), field="price_list"
        )
    return values


def _detail(acting: User, contract: Contract) -> dict[str, Any]:
    """The contract with its lines, the promises the reader may see, and how they stand."""
    data = ContractOut.model_validate(contract).model_dump()
    promises = selectors.promises_kept(contract)
    data["lines"] = selectors.contract_lines(contract=contract)
    data["deliverables"] = list(
        selectors.contract_deliverables(user=acting, contract=contract).select_related("contract")
    )
    data["promises"] = {
        "done": promises.done,
        "open": promises.open,
        "overdue": promises.overdue,
        "all_kept": promises.all_kept,
    }
    return data


def _encode(key: tuple[date, int]) -> str:
    return base64.urlsafe_b64encode(f"{key[0].isoformat()}.{key[1]}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[date, int]:
    try:
        day, _sep, pk = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().partition(".")
        return date.fromisoformat(day), int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise RequestError(
            [
                {
                    "loc": ("query", "cursor"),
                    "msg": _("This cursor is not valid; start again from the first page."),
                }
            ]
        ) from None


# --- Contracts ---------------------------------------------------------------------------------------


@router.get("/contracts", response=Page[ContractOut], summary="Contracts you may see")
def contracts(request: HttpRequest, filters: Query[ContractFiltersIn]) -> dict[str, object]:
    rows = selectors.contract_list(
        user=request_user(request),
        filters=selectors.ContractFilters(
            status=filters.status or "",
            owner_id=filters.owner_id,
            account_id=filters.account_id,
            expiring_from=filters.expiring_from,
            expiring_to=filters.expiring_to,
            search=filters.q.strip(),
        ),
    )
    return paginate(rows, ordering=["end_on"], params=filters)


@router.post("/contracts", response={201: ContractDetailOut}, summary="Draft a contract with its lines")
def contract_add(request: HttpRequest, payload: ContractIn) -> Status[dict[str, Any]]:
    acting = request_user(request)
    values = _relations(acting, payload.model_dump(exclude={"lines"}))
    contract = services.contract_create(created_by=acting, lines=_lines(acting, payload.lines), **values)
    return Status(201, _detail(acting, selectors.contract_get(user=acting, pk=contract.pk)))


@router.get(
    "/contracts/{contract_id}", response=ContractDetailOut, summary="One contract, its lines and promises"
)
def contract_detail(request: HttpRequest, contract_id: int) -> dict[str, Any]:
    acting = request_user(request)
    return _detail(acting, selectors.contract_get(user=acting, pk=contract_id))


@router.patch("/contracts/{contract_id}", response=ContractDetailOut, summary="Change a draft contract")
def contract_change(request: HttpRequest, contract_id: int, payload: ContractPatch) -> dict[str, Any]:
    acting = request_user(request)
    contract = selectors.contract_get(user=acting, pk=contract_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"version", "lines"})
    for name in ("title", "notes"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    for name in ("account_id", "start_on", "end_on", "auto_renew", "notice_days", "renewal_months"):
        if name in changes and changes[name] is None:
            raise ValidationError({name.removesuffix("_id"): _("This field cannot be empty.")})
    changes = _relations(acting, changes)
    version = payload.version
    if changes:
        services.contract_update(contract=contract, changed_by=acting, expected_version=version, **changes)
        version = contract.version
    if payload.lines is not None:
        services.contract_replace_lines(
            contract=contract,
            lines=_lines(acting, payload.lines),
            changed_by=acting,
            expected_version=version,
        )
    return _detail(acting, selectors.contract_get(user=acting, pk=contract.pk))


@router.post(
    "/contracts/{contract_id}/sign",
    response=ContractDetailOut,
    summary="Record the signature: promises go to the departments, billing entries to finance",
)
def contract_sign(request: HttpRequest, contract_id: int, payload: SignIn) -> dict[str, Any]:
    acting = request_user(request)
    contract = selectors.contract_get(user=acting, pk=contract_id)
    services.contract_sign(
        contract=contract, signed_by=acting, signed_on=payload.signed_on, expected_version=payload.version
    )
    return _detail(acting, selectors.contract_get(user=acting, pk=contract.pk))


# --- Deliverables ------------------------------------------------------------------------------------


@router.get("/deliverables", response=Page[DeliverableOut], summary="Open deliverables of a queue")
def deliverables(request: HttpRequest, params: Query[QueueParams]) -> dict[str, object]:
    acting = request_user(request)
    department_id = params.department
    if params.scope == "department" and department_id is None:
        departments = selectors.queue_departments(user=acting)
        if not departments:
            raise ValidationError({"department": _("You belong to no department; ask for scope=mine.")})
        department_id = departments[0].pk
    query = selectors.QueueQuery(acting, params.scope, department_id, params.due)
    page = selectors.queue_page(
        query,
        after=_decode(params.cursor) if params.cursor else None,
        limit=params.limit,
        columns=None,
    )
    return {"items": page.rows, "next_cursor": _encode(page.next_after) if page.next_after else None}


def _deliverable(acting: User, pk: int) -> Deliverable:
    return selectors.deliverable_get(user=acting, pk=pk)


@router.get("/deliverables/{deliverable_id}", response=DeliverableOut, summary="One deliverable")
def deliverable_detail(request: HttpRequest, deliverable_id: int) -> Deliverable:
    return _deliverable(request_user(request), deliverable_id)


@router.post(
    "/deliverables/{deliverable_id}/complete", response=DeliverableOut, summary="Mark done, with evidence"
)
def deliverable_done(request: HttpRequest, deliverable_id: int, payload: CompleteIn) -> Deliverable:
    acting = request_user(request)
    deliverable = _deliverable(acting, deliverable_id)
    services.deliverable_complete(
        deliverable=deliverable, by=acting, note=payload.note, link=payload.link, reference=payload.reference
    )
    return _deliverable(acting, deliverable_id)


@router.post(
    "/deliverables/{deliverable_id}/assign", response=DeliverableOut, summary="Assign to a department member"
)
def deliverable_assign(request: HttpRequest, deliverable_id: int, payload: AssignIn) -> Deliverable:
    acting = request_user(request)
    deliverable = _deliverable(acting, deliverable_id)
    assignee = None
    if payload.assignee_id is not None:
        assignee = (
            selectors.department_members(department=deliverable.department)
            .filter(pk=payload.assignee_id)
            .first()
        )
        if assignee is None:
            raise ValidationError(
                {
                    "assignee": _("Choose a member of the %(department)s department.")
                    % {"department": deliverable.department.label}
                }
            )
    services.deliverable_assign(deliverable=deliverable, assignee=assignee, assigned_by=acting)
    return _deliverable(acting, deliverable_id)
