"""API endpoints of the customers app: cadences (the rules) and the upkeep they ask for."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from salesdesk.api.auth import request_user
from salesdesk.api.pagination import Page, PageParams, paginate
from salesdesk.core.scoping import get_visible_or_404
from salesdesk.customers import cadences
from salesdesk.customers.choices import CadenceKind
from salesdesk.customers.models import Account, CadenceRule, Segment
from salesdesk.org.choices import Role

router = Router(tags=["customers"])


class CadenceOut(Schema):
    id: int
    name: str
    kind: CadenceKind
    segment_id: int | None
    account_id: int | None
    interval_days: int | None
    month: int | None
    day: int | None
    lead_days: int
    is_active: bool
    created_at: datetime


class CadenceIn(Schema):
    name: str = Field(max_length=200)
    kind: CadenceKind
    segment_id: int | None = None
    account_id: int | None = Field(
        None, description="One account only; with no segment either, every account."
    )
    interval_days: int | None = Field(None, ge=1, description="For periodic calls.")
    month: int | None = Field(None, ge=1, le=12, description="For yearly gifts and dinners.")
    day: int | None = Field(None, ge=1, le=31)
    lead_days: int = Field(7, ge=0, le=90, description="Days ahead the item appears on the worklist.")


class CadenceFilters(PageParams):
    active: bool | None = None


class UpkeepOut(Schema):
    key: str
    rule_id: int
    kind: CadenceKind
    activity_kind: str
    title: str
    account_id: int
    owner_id: int
    due_on: date
    overdue: bool


class UpkeepFilters(Schema):
    day: date | None = Field(None, description="The day to compute for; today by default.")
    team: bool = Field(
        False, description="Managers: the overdue upkeep of everyone down your reporting line."
    )


@router.get("/cadences", response=Page[CadenceOut], summary="Upkeep cadences of your business unit")
def cadence_list(request: HttpRequest, filters: Query[CadenceFilters]) -> dict[str, object]:
    rules = cadences.cadence_list(user=request_user(request))
    if filters.active is not None:
        rules = rules.filter(is_active=filters.active)
    return paginate(rules, ordering=["name"], params=filters)


@router.post("/cadences", response={201: CadenceOut}, summary="Create an upkeep cadence")
def cadence_create(request: HttpRequest, payload: CadenceIn) -> Status[CadenceRule]:
    user = request_user(request)
    if not cadences.can_edit_cadences(user):
        raise Http404
    data = payload.dict()
    segment_id, account_id = data.pop("segment_id"), data.pop("account_id")
    segment = get_visible_or_404(user, Segment, pk=segment_id) if segment_id else None
    account = get_visible_or_404(user, Account, pk=account_id) if account_id else None
    rule = cadences.cadence_create(created_by=user, segment=segment, account=account, **data)
    return Status(201, rule)


@router.post("/cadences/{rule_id}/deactivate", response=CadenceOut, summary="Stop an upkeep cadence")
def cadence_deactivate(request: HttpRequest, rule_id: int) -> CadenceRule:
    user = request_user(request)
    if not cadences.can_edit_cadences(user):
        raise Http404
    rule = get_visible_or_404(user, CadenceRule, pk=rule_id)
    return cadences.cadence_deactivate(rule=rule, changed_by=user)


@router.get(
    "/upkeep", response=list[UpkeepOut], summary="Upkeep due on your accounts (or your team's overdue)"
)
def upkeep(request: HttpRequest, filters: Query[UpkeepFilters]) -> list[dict[str, object]]:
    user = request_user(request)
    today = filters.day or timezone.localdate()
    if filters.team:
        if Role.MANAGER not in user.roles:
            raise Http404
        items = cadences.overdue_upkeep(manager=user, today=today)
    else:
        items = cadences.upkeep_for(user=user, today=today)
    return [
        {
            "key": item.key,
            "rule_id": item.rule_id,
            "kind": item.kind,
            "activity_kind": item.activity_kind,
            "title": item.title(),
            "account_id": item.account_id,
            "owner_id": item.owner_id,
            "due_on": item.due_on,
            "overdue": item.is_overdue(today),
        }
        for item in items
    ]
