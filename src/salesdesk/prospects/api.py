"""Prospects in the API: the same services, selectors and scoping as the prospect pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from salesdesk.api.auth import request_user
from salesdesk.api.pagination import Page, PageParams, paginate
from salesdesk.core.periods import PeriodKind
from salesdesk.org.models import User
from salesdesk.prospects import selectors, services
from salesdesk.prospects.choices import ProspectSource, ProspectStatus
from salesdesk.prospects.models import Prospect, Questionnaire

router = Router(tags=["prospects"])
T = TypeVar("T")


def _allowed[T](action: Callable[[], T]) -> T:
    """Run a service call; a refusal by role answers 403 (the record itself is visible)."""
    try:
        return action()
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or _("You may not do this.")) from exc


class ProspectOut(Schema):
    id: int
    company_name: str
    contact_name: str
    contact_title: str
    email: str
    phone: str
    website: str
    country: str
    language: str
    source: ProspectSource
    status: ProspectStatus
    owner_id: int
    assigned_rep_id: int | None
    teed_up_by_id: int | None
    handoff_note: str
    sent_back_reason: str
    questionnaire_id: int | None
    score: int | None
    notes: str
    attempted_at: datetime | None
    reached_at: datetime | None
    qualified_at: datetime | None
    teed_up_at: datetime | None
    converted_at: datetime | None
    converted_account_id: int | None
    converted_contact_id: int | None
    converted_opportunity_id: int | None
    version: int
    created_at: datetime
    updated_at: datetime


class ProspectFilters(PageParams):
    status: ProspectStatus | None = None
    source: ProspectSource | None = None
    assigned_rep_id: int | None = None
    q: str | None = Field(None, description="Part of the company, contact name or e-mail.")


class ProspectCreateIn(Schema):
    company_name: str = Field(max_length=300)
    source: ProspectSource
    contact_name: str = Field("", max_length=300)
    contact_title: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=50)
    website: str = Field("", max_length=300)
    country: str = Field("", max_length=2)
    language: str = Field("", max_length=10)
    notes: str = ""
    questionnaire_id: int | None = None


class ProspectUpdateIn(Schema):
    version: int = Field(description="The version you read; a newer one on the server answers 409.")
    company_name: str | None = Field(None, max_length=300)
    source: ProspectSource | None = None
    contact_name: str | None = Field(None, max_length=300)
    contact_title: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=50)
    website: str | None = Field(None, max_length=300)
    country: str | None = Field(None, max_length=2)
    language: str | None = Field(None, max_length=10)
    notes: str | None = None
    questionnaire_id: int | None = None


class TeeUpIn(Schema):
    rep_id: int
    note: str
    version: int | None = Field(None, description="If given, refuse (409) when the prospect changed since.")


class SendBackIn(Schema):
    reason: str
    version: int | None = None


class ConvertIn(Schema):
    opportunity_name: str = ""
    amount: Decimal = Decimal(0)
    currency: str = Field("EUR", min_length=3, max_length=3)
    expected_close: date | None = None
    version: int | None = None


class FunnelStepsOut(Schema):
    attempted: int
    reached: int
    qualified: int
    teed_up: int
    converted: int


class FunnelRowOut(Schema):
    source: str | None
    counts: FunnelStepsOut
    step_rates: list[Decimal | None] = Field(
        description="Reached of attempted, qualified of reached, teed up of qualified, "
        "converted of teed up (%)."
    )
    conversion: Decimal | None = Field(description="Converted of attempted (%).")
    waste: Decimal | None = Field(description="100 − conversion (%).")


class FunnelPeriodOut(Schema):
    key: str
    start: date
    end: date
    rows: list[FunnelRowOut]
    total: FunnelRowOut


class FunnelOut(Schema):
    kind: str
    start: date
    end: date
    periods: list[FunnelPeriodOut]
    by_source: list[FunnelRowOut]
    total: FunnelRowOut


class FunnelParams(Schema):
    kind: PeriodKind = PeriodKind.MONTH
    start: date
    end: date
    source: ProspectSource | None = None


def _questionnaire(user: User, questionnaire_id: int | None) -> Questionnaire | None:
    if questionnaire_id is None:
        return None
    questionnaire = selectors.questionnaire_list(user=user).filter(pk=questionnaire_id).first()
    if questionnaire is None:
        raise ValidationError({"questionnaire_id": _("Choose a questionnaire of your business unit.")})
    return questionnaire


@router.get("/prospects", response=Page[ProspectOut], summary="Prospects you may see")
def prospects(request: HttpRequest, filters: Query[ProspectFilters]) -> dict[str, object]:
    rows = selectors.prospect_list(
        user=request_user(request),
        status=filters.status or "",
        source=filters.source or "",
        assigned_rep_id=filters.assigned_rep_id,
        search=(filters.q or "").strip(),
    )
    return paginate(rows, ordering=["-created_at"], params=filters)


@router.post("/prospects", response={201: ProspectOut}, summary="Record a prospect")
def prospect_add(request: HttpRequest, payload: ProspectCreateIn) -> Status[Prospect]:
    acting = request_user(request)
    fields = payload.model_dump(exclude={"questionnaire_id", "company_name", "source"})
    prospect = _allowed(
        lambda: services.prospect_create(
            created_by=acting,
            company_name=payload.company_name,
            source=payload.source,
            questionnaire=_questionnaire(acting, payload.questionnaire_id),
            **fields,
        )
    )
    return Status(201, prospect)


@router.get("/prospects/funnel", response=FunnelOut, summary="The prospecting funnel by period and source")
def funnel(request: HttpRequest, params: Query[FunnelParams]) -> dict[str, Any]:
    if params.kind == PeriodKind.WEEK:
        raise ValidationError({"kind": _("Choose month, quarter or year.")})
    report = selectors.funnel_report(
        user=request_user(request),
        kind=params.kind,
        start=min(params.start, params.end),
        end=max(params.start, params.end),
        source=params.source or "",
    )

    def row(item: selectors.FunnelRow) -> dict[str, Any]:
        return {
            "source": item.source or None,
            "counts": item.counts,
            "step_rates": item.step_rates,
            "conversion": item.conversion,
            "waste": item.waste,
        }

    return {
        "kind": report.kind.value,
        "start": report.start,
        "end": report.end,
        "periods": [
            {
                "key": p.period.key,
                "start": p.period.start,
                "end": p.period.end,
                "rows": [row(r) for r in p.rows],
                "total": row(p.total),
            }
            for p in report.periods
        ],
        "by_source": [row(r) for r in report.by_source],
        "total": row(report.total),
    }


@router.get("/prospects/{prospect_id}", response=ProspectOut, summary="One prospect")
def prospect_detail(request: HttpRequest, prospect_id: int) -> Prospect:
    return selectors.prospect_get(user=request_user(request), pk=prospect_id)


@router.patch("/prospects/{prospect_id}", response=ProspectOut, summary="Change a prospect")
def prospect_change(request: HttpRequest, prospect_id: int, payload: ProspectUpdateIn) -> Prospect:
    acting = request_user(request)
    prospect = selectors.prospect_get(user=acting, pk=prospect_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if "questionnaire_id" in changes:
        changes["questionnaire"] = _questionnaire(acting, changes.pop("questionnaire_id"))
    for name in ("company_name", "source"):
        if name in changes and changes[name] is None:
            raise ValidationError({name: _("This field cannot be empty.")})
    changes = {
        name: "" if value is None and name != "questionnaire" else value for name, value in changes.items()
    }
    return services.prospect_update(
        prospect=prospect, changed_by=acting, expected_version=payload.version, **changes
    )


@router.post(
    "/prospects/{prospect_id}/tee-up", response=ProspectOut, summary="Tee a qualified prospect up for a rep"
)
def prospect_tee_up(request: HttpRequest, prospect_id: int, payload: TeeUpIn) -> Prospect:
    acting = request_user(request)
    prospect = selectors.prospect_get(user=acting, pk=prospect_id)
    rep = services.reps_for_tee_up(user=acting).filter(pk=payload.rep_id).first()
    if rep is None:
        raise ValidationError({"rep_id": _("Choose an active sales rep of your business unit.")})
    return _allowed(
        lambda: services.prospect_tee_up(
            prospect=prospect, teed_up_by=acting, rep=rep, note=payload.note, expected_version=payload.version
        )
    )


@router.post(
    "/prospects/{prospect_id}/accept", response=ProspectOut, summary="Accept a prospect teed up for you"
)
def prospect_accept(
    request: HttpRequest,
    prospect_id: int,
    version: int | None = Query(None, description="If given, refuse (409) when the prospect changed since."),
) -> Prospect:
    acting = request_user(request)
    prospect = selectors.prospect_get(user=acting, pk=prospect_id)
    return _allowed(
        lambda: services.prospect_accept(prospect=prospect, accepted_by=acting, expected_version=version)
    )


@router.post(
    "/prospects/{prospect_id}/send-back", response=ProspectOut, summary="Send a prospect back, with a reason"
)
def prospect_send_back(request: HttpRequest, prospect_id: int, payload: SendBackIn) -> Prospect:
    acting = request_user(request)
    prospect = selectors.prospect_get(user=acting, pk=prospect_id)
    return _allowed(
        lambda: services.prospect_send_back(
            prospect=prospect, sent_back_by=acting, reason=payload.reason, expected_version=payload.version
        )
    )


@router.post(
    "/prospects/{prospect_id}/convert",
    response=ProspectOut,
    summary="Convert into an account, a contact and an opportunity, in one step",
)
def prospect_convert(request: HttpRequest, prospect_id: int, payload: ConvertIn) -> Prospect:
    acting = request_user(request)
    prospect = selectors.prospect_get(user=acting, pk=prospect_id)
    return _allowed(
        lambda: services.prospect_convert(
            prospect=prospect,
            converted_by=acting,
            opportunity_name=payload.opportunity_name,
            amount=payload.amount,
            currency=payload.currency.upper(),
            expected_close=payload.expected_close,
            expected_version=payload.version,
        )
    )
