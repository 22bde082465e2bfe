"""Accounts, contacts and activities in the API: the same services and scoping as their pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from salesdesk.api.auth import request_user
from salesdesk.api.pagination import Page, PageParams, paginate
from salesdesk.core.scoping import visible_to
from salesdesk.customers import selectors
from salesdesk.customers.choices import (
    AccountStatus,
    ActivityKind,
    ActivityStatus,
    CallOutcome,
    CompanySize,
    ContactPointKind,
    ContactPointLabel,
    HygieneStatus,
)
from salesdesk.customers.models import Account, Activity, Contact, ContactPoint, Segment
from salesdesk.customers.services import (
    account_create,
    account_update,
    activity_complete,
    activity_log,
    activity_plan,
    contact_create,
    contact_update,
)
from salesdesk.org.models import Territory, User
from salesdesk.org.selectors import user_list
from salesdesk.pipeline.models import Opportunity
from salesdesk.prospects.models import Prospect

router = Router(tags=["customers"])


# --- Schemas -----------------------------------------------------------------------------------------


class ContactPointOut(Schema):
    id: int
    kind: ContactPointKind
    label: ContactPointLabel
    value: str
    normalized: str
    street: str
    postal_code: str
    city: str
    region: str
    country: str
    is_primary: bool
    status: HygieneStatus
    status_reason: str
    status_changed_at: datetime | None


class AccountOut(Schema):
    id: int
    name: str
    legal_name: str
    vat_id: str
    tax_id: str
    industry: str
    size: str
    website: str
    domain: str
    country: str
    language: str
    owner_id: int
    territory_id: int | None
    segment_ids: list[int]
    parent_id: int | None
    status: AccountStatus
    customer_since: date | None
    is_shared: bool
    teed_up_by_id: int | None
    notes: str
    version: int
    created_at: datetime
    updated_at: datetime
    contact_points: list[ContactPointOut]

    @staticmethod
    def resolve_segment_ids(obj: Account) -> list[int]:
        return [segment.pk for segment in obj.segments.all()]


class ContactOut(Schema):
    id: int
    account_id: int | None
    first_name: str
    last_name: str
    full_name: str
    salutation: str
    title: str
    language: str
    country: str
    birthday: date | None
    owner_id: int
    is_shared: bool
    teed_up_by_id: int | None
    notes: str
    version: int
    created_at: datetime
    updated_at: datetime
    contact_points: list[ContactPointOut]


class ActivityOut(Schema):
    id: int
    kind: ActivityKind
    subject: str
    notes: str
    status: ActivityStatus
    planned_for: datetime | None
    occurred_at: datetime | None
    duration_minutes: int | None
    outcome: str
    owner_id: int
    account_id: int | None
    contact_id: int | None
    prospect_id: int | None
    opportunity_id: int | None
    contact_point_id: int | None
    created_at: datetime


class AccountFilterParams(PageParams):
    q: str = Field("", description="Part of the name or legal name.")
    owner_id: int | None = None
    territory_id: int | None = None
    segment_id: int | None = None
    country: str = Field("", description="ISO 3166 code.")
    status: AccountStatus | None = None


class ContactFilterParams(PageParams):
    q: str = Field("", description="Part of the name or job title.")
    owner_id: int | None = None
    account_id: int | None = None
    country: str = ""
    language: str = ""


class ActivityFilterParams(PageParams):
    kind: ActivityKind | None = None
    status: ActivityStatus | None = None
    owner_id: int | None = None
    account_id: int | None = None
    contact_id: int | None = None


class AccountIn(Schema):
    name: str = Field(max_length=300)
    legal_name: str = Field("", max_length=300)
    vat_id: str = Field("", max_length=40)
    tax_id: str = Field("", max_length=40)
    industry: str = Field("", max_length=100)
    size: CompanySize | None = None
    website: str = Field("", max_length=300)
    country: str = Field("", max_length=2)
    language: str = Field("", max_length=10)
    owner_id: int | None = Field(None, description="Whose account it is; you by default.")
    territory_id: int | None = None
    segment_ids: list[int] = Field(default_factory=list)
    parent_id: int | None = None
    status: AccountStatus = AccountStatus.ACTIVE
    customer_since: date | None = None
    is_shared: bool = False
    notes: str = ""


class AccountPatch(Schema):
    version: int = Field(description="The version you read; a newer one on the server answers 409.")
    name: str | None = Field(None, max_length=300)
    legal_name: str | None = Field(None, max_length=300)
    vat_id: str | None = Field(None, max_length=40)
    tax_id: str | None = Field(None, max_length=40)
    industry: str | None = Field(None, max_length=100)
    size: CompanySize | None = None
    website: str | None = Field(None, max_length=300)
    country: str | None = Field(None, max_length=2)
    language: str | None = Field(None, max_length=10)
    owner_id: int | None = None
    territory_id: int | None = None
    segment_ids: list[int] | None = None
    parent_id: int | None = None
    status: AccountStatus | None = None
    customer_since: date | None = None
    is_shared: bool | None = None
    notes: str | None = None


class ContactIn(Schema):
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)
    full_name: str = Field("", max_length=300, description="Made from the names when empty.")
    salutation: str = Field("", max_length=50)
    title: str = Field("", max_length=200)
    account_id: int | None = None
    language: str = Field("", max_length=10)
    country: str = Field("", max_length=2)
    birthday: date | None = None
    owner_id: int | None = None
    is_shared: bool = False
    notes: str = ""
    emails: list[str] = Field(default_factory=list, description="The first is the primary one.")
    phones: list[str] = Field(default_factory=list, description="The first is the primary one.")


class ContactPatch(Schema):
    version: int = Field(description="The version you read; a newer one on the server answers 409.")
    first_name: str | None = Field(None, max_length=150)
    last_name: str | None = Field(None, max_length=150)
    full_name: str | None = Field(None, max_length=300)
    salutation: str | None = Field(None, max_length=50)
    title: str | None = Field(None, max_length=200)
    account_id: int | None = None
    language: str | None = Field(None, max_length=10)
    country: str | None = Field(None, max_length=2)
    birthday: date | None = None
    owner_id: int | None = None
    is_shared: bool | None = None
    notes: str | None = None


class ActivityIn(Schema):
    kind: ActivityKind
    subject: str = Field(max_length=300)
    notes: str = ""
    planned_for: date | None = Field(None, description="Plan it for this day instead of logging it as done.")
    owner_id: int | None = Field(None, description="Who does a planned activity; you by default.")
    occurred_at: datetime | None = Field(None, description="When it happened; now by default.")
    outcome: CallOutcome | None = None
    duration_minutes: int | None = Field(None, ge=0)
    account_id: int | None = None
    contact_id: int | None = None
    prospect_id: int | None = None
    opportunity_id: int | None = None
    contact_point_id: int | None = Field(None, description="The number or address used.")


class ActivityCompleteIn(Schema):
    outcome: CallOutcome | None = None
    notes: str = ""


# --- Helpers -----------------------------------------------------------------------------------------


def _one[M: models.Model](queryset: models.QuerySet[M], pk: int | None, *, field: str) -> M | None:
    """The record `pk` of a scoped queryset, or a validation error naming `field`."""
    if pk is None:
        return None
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise ValidationError({field: _("Choose a record you can see.")})
    return record


def _account_relations(acting: User, values: dict[str, Any]) -> dict[str, Any]:
    """Ids in the request turned into the records the services take."""
    if "owner_id" in values:
        owner_id = values.pop("owner_id")
        values["owner"] = _one(user_list(user=acting), owner_id, field="owner") if owner_id else acting
    if "territory_id" in values:
        territories = Territory.objects.filter(business_unit_id=acting.business_unit_id)
        values["territory"] = _one(territories, values.pop("territory_id"), field="territory")
    if "parent_id" in values:
        values["parent"] = _one(visible_to(acting, Account), values.pop("parent_id"), field="parent")
    if "segment_ids" in values:
        ids = values.pop("segment_ids") or []
        segments = list(visible_to(acting, Segment).filter(pk__in=ids))
        if len(segments) != len(set(ids)):
            raise ValidationError({"segments": _("Choose segments of your business unit.")})
        values["segments"] = segments
    if "size" in values and values["size"] is None:
        values["size"] = ""
    return values


def _account_out(acting: User, pk: int) -> Account:
    account = selectors.account_list_with_points(user=acting).filter(pk=pk).first()
    assert account is not None
    return account


def _contact_out(acting: User, pk: int) -> Contact:
    contact = selectors.contact_list_with_points(user=acting).filter(pk=pk).first()
    assert contact is not None
    return contact


# --- Accounts ----------------------------------------------------------------------------------------


@router.get("/accounts", response=Page[AccountOut], summary="Accounts you may see")
def accounts(request: HttpRequest, filters: Query[AccountFilterParams]) -> dict[str, object]:
    rows = selectors.account_list_with_points(
        user=request_user(request),
        filters=selectors.AccountFilters(
            q=filters.q.strip(),
            owner_id=filters.owner_id,
            territory_id=filters.territory_id,
            segment_id=filters.segment_id,
            country=filters.country,
            status=filters.status or "",
        ),
    )
    return paginate(rows, ordering=["name"], params=filters)


@router.post("/accounts", response={201: AccountOut}, summary="Create an account")
def account_add(request: HttpRequest, payload: AccountIn) -> Status[Account]:
    acting = request_user(request)
    values = _account_relations(acting, payload.model_dump())
    account = account_create(created_by=acting, **values)
    return Status(201, _account_out(acting, account.pk))


@router.get("/accounts/{account_id}", response=AccountOut, summary="One account")
def account_detail(request: HttpRequest, account_id: int) -> Account:
    acting = request_user(request)
    selectors.account_get(user=acting, pk=account_id)
    return _account_out(acting, account_id)


@router.patch("/accounts/{account_id}", response=AccountOut, summary="Change an account")
def account_change(request: HttpRequest, account_id: int, payload: AccountPatch) -> Account:
    acting = request_user(request)
    account = selectors.account_get(user=acting, pk=account_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    for field in (
        "name",
        "legal_name",
        "vat_id",
        "tax_id",
        "industry",
        "website",
        "country",
        "language",
        "notes",
    ):
        if field in changes and changes[field] is None:
            changes[field] = ""
    for field in ("status", "is_shared"):
        if field in changes and changes[field] is None:
            raise ValidationError({field: _("This field cannot be empty.")})
    changes = _account_relations(acting, changes)
    account_update(account=account, changed_by=acting, expected_version=payload.version, **changes)
    return _account_out(acting, account.pk)


# --- Contacts ----------------------------------------------------------------------------------------


@router.get("/contacts", response=Page[ContactOut], summary="Contacts you may see")
def contacts(request: HttpRequest, filters: Query[ContactFilterParams]) -> dict[str, object]:
    rows = selectors.contact_list_with_points(
        user=request_user(request),
        filters=selectors.ContactFilters(
            q=filters.q.strip(),
            owner_id=filters.owner_id,
            account_id=filters.account_id,
            country=filters.country,
            language=filters.language,
        ),
    )
    return paginate(rows, ordering=["full_name"], params=filters)


@router.post("/contacts", response={201: ContactOut}, summary="Create a contact")
def contact_add(request: HttpRequest, payload: ContactIn) -> Status[Contact]:
    acting = request_user(request)
    values = payload.model_dump()
    owner_id = values.pop("owner_id")
    values["owner"] = _one(user_list(user=acting), owner_id, field="owner")
    values["account"] = _one(visible_to(acting, Account), values.pop("account_id"), field="account")
    values["country"] = values["country"].upper()
    contact = contact_create(created_by=acting, **values)
    return Status(201, _contact_out(acting, contact.pk))


@router.get("/contacts/{contact_id}", response=ContactOut, summary="One contact")
def contact_detail(request: HttpRequest, contact_id: int) -> Contact:
    acting = request_user(request)
    selectors.contact_get(user=acting, pk=contact_id)
    return _contact_out(acting, contact_id)


@router.patch("/contacts/{contact_id}", response=ContactOut, summary="Change a contact")
def contact_change(request: HttpRequest, contact_id: int, payload: ContactPatch) -> Contact:
    acting = request_user(request)
    contact = selectors.contact_get(user=acting, pk=contact_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    for field in (
        "first_name",
        "last_name",
        "full_name",
        "salutation",
        "title",
        "language",
        "country",
        "notes",
    ):
        if field in changes and changes[field] is None:
            changes[field] = ""
    if "is_shared" in changes and changes["is_shared"] is None:
        raise ValidationError({"is_shared": _("This field cannot be empty.")})
    if "owner_id" in changes:
        owner_id = changes.pop("owner_id")
        if owner_id is None:
            raise ValidationError({"owner": _("Choose an active person as owner.")})
        changes["owner"] = _one(user_list(user=acting), owner_id, field="owner")
    if "account_id" in changes:
        changes["account"] = _one(visible_to(acting, Account), changes.pop("account_id"), field="account")
    contact_update(contact=contact, changed_by=acting, expected_version=payload.version, **changes)
    return _contact_out(acting, contact.pk)


# --- Activities --------------------------------------------------------------------------------------


@router.get("/activities", response=Page[ActivityOut], summary="Activities you may see")
def activities(request: HttpRequest, filters: Query[ActivityFilterParams]) -> dict[str, object]:
    rows = selectors.activity_list(
        user=request_user(request),
        filters=selectors.ActivityFilters(
            kind=filters.kind or "",
            status=filters.status or "",
            owner_id=filters.owner_id,
            account_id=filters.account_id,
            contact_id=filters.contact_id,
        ),
    )
    return paginate(rows, ordering=["-created_at"], params=filters)


@router.post("/activities", response={201: ActivityOut}, summary="Log a done activity or plan one")
def activity_add(request: HttpRequest, payload: ActivityIn) -> Status[Activity]:
    acting = request_user(request)
    links: dict[str, Any] = {
        "account": _one(visible_to(acting, Account), payload.account_id, field="account"),
        "contact": _one(visible_to(acting, Contact), payload.contact_id, field="contact"),
        "prospect": _one(visible_to(acting, Prospect), payload.prospect_id, field="prospect"),
        "opportunity": _one(visible_to(acting, Opportunity), payload.opportunity_id, field="opportunity"),
    }
    if payload.planned_for is not None:
        activity = activity_plan(
            planned_by=acting,
            kind=payload.kind,
            subject=payload.subject,
            planned_for=payload.planned_for,
            owner=_one(user_list(user=acting), payload.owner_id, field="owner"),
            notes=payload.notes,
            **links,
        )
    else:
        activity = activity_log(
            logged_by=acting,
            kind=payload.kind,
            subject=payload.subject,
            notes=payload.notes,
            occurred_at=payload.occurred_at,
            outcome=payload.outcome or "",
            duration_minutes=payload.duration_minutes,
            contact_point=_one(
                visible_to(acting, ContactPoint), payload.contact_point_id, field="contact_point"
            ),
            **links,
        )
    return Status(201, activity)


@router.get("/activities/{activity_id}", response=ActivityOut, summary="One activity")
def activity_detail(request: HttpRequest, activity_id: int) -> Activity:
    return selectors.activity_get(user=request_user(request), pk=activity_id)


@router.post(
    "/activities/{activity_id}/complete", response=ActivityOut, summary="Mark a planned activity done"
)
def activity_done(request: HttpRequest, activity_id: int, payload: ActivityCompleteIn) -> Activity:
    acting = request_user(request)
    activity = selectors.activity_get(user=acting, pk=activity_id)
    return activity_complete(
        activity=activity, completed_by=acting, outcome=payload.outcome or "", notes=payload.notes
    )
