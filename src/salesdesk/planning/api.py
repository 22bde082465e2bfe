"""Goals, plans, actuals, plan vs actual and the last-year comparison in the API: the same services,
selectors and visibility rules as the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from salesdesk.api.auth import request_user
from salesdesk.api.pagination import Page, PageParams, paginate
from salesdesk.core.periods import PeriodKind, company_calendar
from salesdesk.core.scoping import get_visible_or_404, visible_to
from salesdesk.org.models import User
from salesdesk.planning import subjects
from salesdesk.planning.choices import Grain, Metric
from salesdesk.planning.last_year import compare_with_last_year
from salesdesk.planning.measures import actual_by_period
from salesdesk.planning.models import Goal
from salesdesk.planning.plan_vs_actual import plan_vs_actual
from salesdesk.planning.services import (
    GoalInput,
    Part,
    goal_create,
    goal_revise,
    goal_split,
    variance_note_save,
)

router = Router(tags=["planning"])


def _subject(user: User, key: str) -> subjects.Subject:
    scope, _sep, pk = key.partition("-")
    return subjects.resolve(user, scope, pk)


class PlanMonthOut(Schema):
    month: date = Field(alias="month_start")
    target: Decimal


class GoalOut(Schema):
    id: int
    scope: str
    person_id: int | None
    team_id: int | None
    department_id: int | None
    metric: str
    product_id: int | None
    category_id: int | None
    territory_id: int | None
    period_kind: str
    period_start: date
    period_end: date
    target: Decimal
    title: str
    measure: str
    owner_id: int
    rationale: str
    deadline: date
    parent_id: int | None
    split_method: str
    version: int
    months: list[PlanMonthOut]

    @staticmethod
    def resolve_months(obj: Goal) -> list[object]:
        return list(obj.months.all())


class GoalFiltersIn(PageParams):
    year: int | None = Field(None, description="Goals starting in this fiscal year.")
    metric: Metric | None = None
    person: int | None = Field(None, description="Only this person's goals (a user id).")


@router.get("/goals", response=Page[GoalOut], summary="Goals you may see")
def goals_list(request: HttpRequest, filters: Query[GoalFiltersIn]) -> dict[str, object]:
    goals: QuerySet[Goal] = visible_to(request_user(request), Goal).prefetch_related("months")
    if filters.year:
        calendar = company_calendar()
        goals = goals.filter(
            period_start__gte=calendar.year_start(filters.year),
            period_start__lt=calendar.year_start(filters.year + 1),
        )
    if filters.metric:
        goals = goals.filter(metric=filters.metric)
    if filters.person:
        goals = goals.filter(person_id=filters.person)
    return paginate(goals, ordering=["period_start"], params=filters)


@router.get("/goals/{goal_id}", response=GoalOut, summary="One goal with its monthly plan")
def goal_get(request: HttpRequest, goal_id: int) -> Goal:
    return get_visible_or_404(request_user(request), Goal.objects.prefetch_related("months"), pk=goal_id)


class GoalIn(Schema):
    scope: str
    person_id: int | None = None
    team_id: int | None = None
    department_id: int | None = None
    metric: Metric
    period_kind: PeriodKind
    period_day: date = Field(description="Any day inside the fiscal period.")
    target: Decimal = Field(ge=0)
    title: str
    owner_id: int | None = Field(None, description="Who answers for it; you when omitted.")
    product_id: int | None = None
    category_id: int | None = None
    territory_id: int | None = None
    measure: str = ""
    rationale: str = ""
    deadline: date | None = None
    split_method: str = "even"


def _visible_person(user: User, person_id: int | None, field: str) -> User | None:
    if person_id is None:
        return None
    person = visible_to(user, User).filter(pk=person_id).first()
    if person is None:
        raise ValidationError({field: _("Choose a person you may see.")})
    return person


@router.post("/goals", response={201: GoalOut}, summary="Set a goal (its months are split as asked)")
def goals_create(request: HttpRequest, payload: GoalIn) -> Status:
    user = request_user(request)
    goal = goal_create(
        created_by=user,
        data=GoalInput(
            scope=payload.scope,
            metric=payload.metric,
            period_kind=payload.period_kind,
            period_day=payload.period_day,
            target=payload.target,
            title=payload.title,
            owner=_visible_person(user, payload.owner_id, "owner_id") or user,
            person=_visible_person(user, payload.person_id, "person_id"),
            team_id=payload.team_id,
            department_id=payload.department_id,
            product_id=payload.product_id,
            category_id=payload.category_id,
            territory_id=payload.territory_id,
            measure=payload.measure,
            rationale=payload.rationale,
            deadline=payload.deadline,
            split_method=payload.split_method,
        ),
    )
    return Status(201, goal)


class GoalRevisionIn(Schema):
    version: int = Field(description="The version you read; a newer one answers 409.")
    reason: str = Field(description="performance, economy, competition or other")
    note: str = ""
    target: Decimal | None = Field(None, ge=0)
    title: str | None = None
    deadline: date | None = None
    split_method: str | None = None
    months: dict[date, Decimal] | None = Field(None, description="By hand: {first day of month: target}.")


@router.patch("/goals/{goal_id}", response=GoalOut, summary="Revise a goal with a reason (G3)")
def goals_revise(request: HttpRequest, goal_id: int, payload: GoalRevisionIn) -> Goal:
    user = request_user(request)
    goal = get_visible_or_404(user, Goal, pk=goal_id)
    fields = {
        name: getattr(payload, name)
        for name in ("target", "title", "deadline")
        if getattr(payload, name) is not None
    }
    return goal_revise(
        goal=goal,
        by=user,
        expected_version=payload.version,
        reason=payload.reason,
        note=payload.note,
        split_method=payload.split_method,
        months=dict(payload.months) if payload.months is not None else None,
        **fields,
    )


class PartIn(Schema):
    subject: str = Field(description="team-<id>, department-<id> or person-<id>")
    target: Decimal = Field(ge=0)


class SplitIn(Schema):
    version: int
    parts: list[PartIn]
    reason: str = ""
    note: str = ""


@router.post("/goals/{goal_id}/split", response=list[GoalOut], summary="Split a goal downwards (G1)")
def goals_split(request: HttpRequest, goal_id: int, payload: SplitIn) -> list[Goal]:
    user = request_user(request)
    goal = get_visible_or_404(user, Goal, pk=goal_id)
    parts = []
    for number, part in enumerate(payload.parts, start=1):
        scope, _sep, pk = part.subject.partition("-")
        if not pk.isdigit():
            raise ValidationError(
                {f"parts-{number}": _("Name the part as team-<id>, department-<id> or person-<id>.")}
            )
        parts.append(Part(scope, int(pk), part.target))
    return goal_split(
        goal=goal,
        by=user,
        expected_version=payload.version,
        parts=parts,
        reason=payload.reason,
        note=payload.note,
    )


class ActualOut(Schema):
    period_start: date
    value: Decimal


class ActualsIn(Schema):
    subject: str = Field(description="company-0, department-<id>, team-<id> or person-<id>")
    metric: Metric = Metric.REVENUE
    grain: Grain = Grain.MONTH
    start: date
    end: date


@router.get("/actuals", response=list[ActualOut], summary="Actual figures per week or month")
def actuals_list(request: HttpRequest, filters: Query[ActualsIn]) -> list[dict[str, object]]:
    subject = _subject(request_user(request), filters.subject)
    if filters.end < filters.start:
        raise ValidationError({"end": _("Choose an end on or after the start.")})
    values = actual_by_period(
        owner_ids=subject.owner_ids(),
        metric=filters.metric,
        grain=filters.grain,
        first=filters.start,
        last=filters.end,
    )
    return [{"period_start": start, "value": value} for start, value in sorted(values.items())]


class PlanRowOut(Schema):
    period: str
    start: date
    end: date
    target: Decimal
    actual: Decimal
    variance: Decimal
    variance_percent: Decimal | None
    status: str
    analysis: str
    next_action: str
    note_version: int | None


class PlanVsActualOut(Schema):
    subject: str
    metric: str
    grain: str
    fiscal_year: int
    from_members_goals: bool
    rows: list[PlanRowOut]


class PlanVsActualIn(Schema):
    subject: str
    metric: Metric = Metric.REVENUE
    grain: Grain = Grain.MONTH
    year: int | None = Field(None, description="Fiscal year; the current one when omitted.")


@router.get("/plan-vs-actual", response=PlanVsActualOut, summary="The plan-tracking table (G4)")
def plan_vs_actual_get(request: HttpRequest, filters: Query[PlanVsActualIn]) -> dict[str, object]:
    subject = _subject(request_user(request), filters.subject)
    calendar = company_calendar()
    today = timezone.localdate()
    table = plan_vs_actual(
        subject=subject,
        metric=filters.metric,
        grain=filters.grain,
        fiscal_year=filters.year or calendar.fiscal_year_of(today),
        calendar=calendar,
        today=today,
        with_children=False,
    )
    return {
        "subject": subject.key,
        "metric": table.metric,
        "grain": table.grain,
        "fiscal_year": table.fiscal_year,
        "from_members_goals": table.from_members,
        "rows": [
            {
                "period": row.period.key,
                "start": row.period.start,
                "end": row.period.end,
                "target": row.target,
                "actual": row.actual,
                "variance": row.variance,
                "variance_percent": row.variance_percent,
                "status": row.standing,
                "analysis": row.note.analysis if row.note else "",
                "next_action": row.note.next_action if row.note else "",
                "note_version": row.note.version if row.note else None,
            }
            for row in table.rows
        ],
    }


class NoteIn(Schema):
    subject: str
    metric: Metric
    grain: Grain
    period_start: date
    analysis: str = ""
    next_action: str = ""
    version: int | None = Field(None, description="The note's version you read; omit for a new note.")


class NoteOut(Schema):
    analysis: str
    next_action: str
    version: int


@router.put("/plan-vs-actual/notes", response=NoteOut, summary="Write the variance analysis and next action")
def plan_note_put(request: HttpRequest, payload: NoteIn) -> object:
    user = request_user(request)
    subject = _subject(user, payload.subject)
    kind = PeriodKind.WEEK if payload.grain == Grain.WEEK else PeriodKind.MONTH
    period = company_calendar().period(payload.period_start, kind)
    return variance_note_save(
        by=user,
        subject=subject,
        metric=payload.metric,
        grain=payload.grain,
        period_start=period.start,
        analysis=payload.analysis,
        next_action=payload.next_action,
        expected_version=payload.version,
    )


class ProductComparisonOut(Schema):
    product_id: int
    label: str
    units: Decimal
    units_last_year: Decimal
    revenue: Decimal
    revenue_last_year: Decimal
    average_price: Decimal | None
    average_price_last_year: Decimal | None
    unit_cost: Decimal | None
    unit_cost_last_year: Decimal | None


class ReasonOut(Schema):
    text: str
    amount: Decimal


class LastYearOut(Schema):
    period: str
    last_year_period: str
    on_track: bool
    target: Decimal
    target_last_year: Decimal
    revenue: Decimal
    revenue_last_year: Decimal
    products: list[ProductComparisonOut]
    reasons: list[ReasonOut]


class LastYearIn(Schema):
    subject: str
    kind: PeriodKind = PeriodKind.YEAR
    day: date | None = Field(None, description="A day in the period; today when omitted.")


@router.get("/last-year", response=LastYearOut, summary="This period against the same period last year (G5)")
def last_year_get(request: HttpRequest, filters: Query[LastYearIn]) -> dict[str, object]:
    subject = _subject(request_user(request), filters.subject)
    calendar = company_calendar()
    today = timezone.localdate()
    period = calendar.period(filters.day or today, filters.kind)
    comparison = compare_with_last_year(subject=subject, period=period, calendar=calendar, today=today)
    return {
        "period": period.key,
        "last_year_period": comparison.last_year.key,
        "on_track": comparison.on_track,
        "target": comparison.target_now,
        "target_last_year": comparison.target_before,
        "revenue": comparison.revenue_now,
        "revenue_last_year": comparison.revenue_before,
        "products": [
            {
                "product_id": product.product_id,
                "label": product.label,
                "units": product.now.units,
                "units_last_year": product.before.units,
                "revenue": product.now.revenue,
                "revenue_last_year": product.before.revenue,
                "average_price": product.now.average_price,
                "average_price_last_year": product.before.average_price,
                "unit_cost": product.now.unit_cost,
                "unit_cost_last_year": product.before.unit_cost,
            }
            for product in comparison.products
        ],
        "reasons": [{"text": reason.text, "amount": reason.amount} for reason in comparison.reasons()],
    }
