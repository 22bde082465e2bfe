"""Opportunities, pipelines and the forecast in the API: the same services and scoping as the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from salesdesk.api.auth import request_user
from salesdesk.api.pagination import Page, PageParams, paginate
from salesdesk.core.scoping import visible_to
from salesdesk.customers.models import Account, Contact
from salesdesk.org.models import User
from salesdesk.pipeline import selectors, services
from salesdesk.pipeline.choices import StageKind
from salesdesk.pipeline.models import LossReason, Opportunity, Pipeline

router = Router(tags=["pipeline"])


class StageOut(Schema):
    id: int
    name: str
    position: int
    probability: int
    kind: StageKind


class PipelineOut(Schema):
    id: int
    name: str
    is_default: bool
    stages: list[StageOut]

    @staticmethod
    def resolve_stages(obj: Pipeline) -> list[Any]:
        return list(obj.stages.all())


class OpportunityOut(Schema):
    id: int
    name: str
    account_id: int
    contact_id: int | None
    pipeline_id: int
    stage_id: int
    stage_kind: StageKind
    amount: Decimal
    currency: str
    probability: int | None
    effective_probability: int
    expected_close: date
    closed_on: date | None
    owner_id: int
    is_shared: bool
    loss_reason_id: int | None
    loss_note: str
    notes: str
    version: int

    @staticmethod
    def resolve_stage_kind(obj: Opportunity) -> str:
        return obj.stage.kind


class OpportunityFiltersIn(PageParams):
    owner_id: int | None = None
    stage_id: int | None = None
    pipeline_id: int | None = None
    account_id: int | None = None
    competitor_id: int | None = None
    close_from: date | None = Field(None, description="Expected close on or after this day.")
    close_to: date | None = Field(None, description="Expected close on or before this day.")
    amount_from: Decimal | None = Field(None, description="In the opportunity's own currency.")
    amount_to: Decimal | None = None
    open_only: bool = False


class OpportunityCreateIn(Schema):
    name: str = Field(max_length=300)
    account_id: int
    contact_id: int | None = None
    amount: Decimal = Decimal(0)
    currency: str = Field("EUR", max_length=3)
    probability: int | None = None
    expected_close: date
    owner_id: int | None = Field(None, description="Whose opportunity it is; you by default.")
    pipeline_id: int | None = None
    stage_id: int | None = None
    is_shared: bool = False
    notes: str = ""


class OpportunityUpdateIn(Schema):
    version: int = Field(description="The version you read; a newer one on the server answers 409.")
    name: str | None = Field(None, max_length=300)
    account_id: int | None = None
    contact_id: int | None = None
    amount: Decimal | None = None
    currency: str | None = Field(None, max_length=3)
    probability: int | None = None
    expected_close: date | None = None
    owner_id: int | None = None
    is_shared: bool | None = None
    notes: str | None = None


class MoveIn(Schema):
    stage_id: int
    version: int | None = Field(None, description="If given, refuse (409) when it changed since.")
    loss_reason_id: int | None = Field(None, description="Required when moving to a lost stage.")
    loss_note: str = ""


class ForecastMonthOut(Schema):
    month: date
    count: int
    amount: Decimal
    weighted: Decimal
    currency: str
    missing_rates: list[str]


def _visible(user: User, model: type[Any], pk: int | None, field: str, message: str) -> Any:
    if pk is None:
        return None
    found = visible_to(user, model).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


def _owner(user: User, pk: int | None) -> User | None:
    if pk is None:
        return None
    owner = visible_to(user, User).filter(pk=pk, is_active=True).first()
    if owner is None:
        raise ValidationError({"owner": _("Choose an active person as owner.")})
    return owner


@router.get("/pipelines", response=list[PipelineOut], summary="Pipelines with their stages")
def pipelines(request: HttpRequest) -> list[Pipeline]:
    return list(selectors.pipeline_list(user=request_user(request)))


@router.get("/opportunities", response=Page[OpportunityOut], summary="Opportunities you may see")
def opportunities(request: HttpRequest, filters: Query[OpportunityFiltersIn]) -> dict[str, object]:
    rows = selectors.opportunity_list(
        user=request_user(request),
        filters=selectors.OpportunityFilters(
            owner_id=filters.owner_id,
            stage_id=filters.stage_id,
            pipeline_id=filters.pipeline_id,
            account_id=filters.account_id,
            competitor_id=filters.competitor_id,
            close_from=filters.close_from,
            close_to=filters.close_to,
            amount_from=filters.amount_from,
            amount_to=filters.amount_to,
            open_only=filters.open_only,
        ),
    )
    return paginate(rows, ordering=["expected_close"], params=filters)


@router.post("/opportunities", response={201: OpportunityOut}, summary="Create an opportunity")
def opportunity_add(request: HttpRequest, payload: OpportunityCreateIn) -> Status[Opportunity]:
    user = request_user(request)
    account = _visible(user, Account, payload.account_id, "account", _("Choose an account you can see."))
    contact = _visible(user, Contact, payload.contact_id, "contact", _("Choose a contact you can see."))
    pipeline = _visible(user, Pipeline, payload.pipeline_id, "pipeline", _("Choose a pipeline you can see."))
    stage = None
    if payload.stage_id is not None:
        stage = selectors.stage_list(user=user).filter(pk=payload.stage_id).first()
        if stage is None:
            raise ValidationError({"stage": _("Choose a stage of the opportunity's pipeline.")})
        pipeline = pipeline or stage.pipeline
    opportunity = services.opportunity_create(
        created_by=user,
        account=account,
        contact=contact,
        name=payload.name,
        expected_close=payload.expected_close,
        amount=payload.amount,
        currency=payload.currency,
        owner=_owner(user, payload.owner_id),
        pipeline=pipeline,
        stage=stage,
        probability=payload.probability,
        is_shared=payload.is_shared,
        notes=payload.notes,
    )
    return Status(201, selectors.opportunity_get(user=user, pk=opportunity.pk))


@router.get("/opportunities/{opportunity_id}", response=OpportunityOut, summary="One opportunity")
def opportunity_detail(request: HttpRequest, opportunity_id: int) -> Opportunity:
    return selectors.opportunity_get(user=request_user(request), pk=opportunity_id)


@router.patch("/opportunities/{opportunity_id}", response=OpportunityOut, summary="Change an opportunity")
def opportunity_change(
    request: HttpRequest, opportunity_id: int, payload: OpportunityUpdateIn
) -> Opportunity:
    user = request_user(request)
    opportunity = selectors.opportunity_get(user=user, pk=opportunity_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if "account_id" in changes:
        changes["account"] = _visible(
            user, Account, changes.pop("account_id"), "account", _("Choose an account you can see.")
        )
    if "contact_id" in changes:
        changes["contact"] = _visible(
            user, Contact, changes.pop("contact_id"), "contact", _("Choose a contact you can see.")
        )
    if "owner_id" in changes:
        changes["owner"] = _owner(user, changes.pop("owner_id"))
    for text in ("name", "notes"):
        if text in changes and changes[text] is None:
            changes[text] = ""
    for required in ("account", "owner", "amount", "currency", "expected_close", "is_shared"):
        if required in changes and changes[required] is None:
            raise ValidationError({required: _("This field cannot be empty.")})
    services.opportunity_update(
        opportunity=opportunity, changed_by=user, expected_version=payload.version, **changes
    )
    return selectors.opportunity_get(user=user, pk=opportunity.pk)  # as stored, rounded by the database


@router.post("/opportunities/{opportunity_id}/move", response=OpportunityOut, summary="Move to another stage")
def opportunity_move(request: HttpRequest, opportunity_id: int, payload: MoveIn) -> Opportunity:
    user = request_user(request)
    opportunity = selectors.opportunity_get(user=user, pk=opportunity_id)
    stage = opportunity.pipeline.stages.filter(pk=payload.stage_id).first()
    if stage is None:
        raise ValidationError({"stage": _("Choose a stage of the opportunity's pipeline.")})
    loss_reason = None
    if payload.loss_reason_id is not None:
        loss_reason = LossReason.objects.filter(pk=payload.loss_reason_id).first()
        if loss_reason is None:
            raise ValidationError({"loss_reason": _("Choose a known loss reason.")})
    return services.opportunity_move(
        opportunity=opportunity,
        stage=stage,
        moved_by=user,
        expected_version=payload.version,
        loss_reason=loss_reason,
        loss_note=payload.loss_note,
    )


@router.get("/forecast", response=list[ForecastMonthOut], summary="Forecast by month of expected close")
def forecast(
    request: HttpRequest, owner_id: int | None = None, team_id: int | None = None
) -> list[dict[str, Any]]:
    months = selectors.forecast(user=request_user(request), owner_id=owner_id, team_id=team_id)
    return [
        {
            "month": month.month,
            "count": month.count,
            "amount": month.amount.total.quantized().amount,
            "weighted": month.weighted.total.quantized().amount,
            "currency": month.amount.total.currency,
            "missing_rates": sorted(month.amount.missing | month.weighted.missing),
        }
        for month in months
    ]
