"""The compiled monthly report (K1) and a rep's own submission in the API: the same compiler, scopes and
selectors as the pages, so the same figures and the same refusals (404 for what one may not read)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from salesdesk.api.auth import request_user
from salesdesk.core.periods import previous_month
from salesdesk.org.choices import Role
from salesdesk.reports import scopes
from salesdesk.reports.choices import REPORT_METRICS
from salesdesk.reports.compiler import Figure, MonthlyReport, RepLine, compile_monthly_report, metric_label
from salesdesk.reports.deadlines import parse_month, submission_deadline
from salesdesk.reports.models import MonthlySubmission
from salesdesk.reports.selectors import submission_of

router = Router(tags=["reports"])


def _month(value: str | None, today: date) -> date:
    """The month asked for (the last complete one when omitted); 400 naming `month` for a bad or future
    one, as on the page."""
    month = parse_month(value) if value else previous_month(today)
    if month > today:
        raise ValidationError({"month": _("This month has not begun yet.")}, code="invalid")
    return month


class ScopeOut(Schema):
    kind: str = Field(description="team, unit or line")
    id: int
    key: str
    label: str


class TotalOut(Schema):
    metric: str
    label: str
    target: Decimal | None
    system: Decimal = Field(description="What the system counted.")
    reported: Decimal | None = Field(description="The reps' figures: reported where handed in, else system.")
    variance: Decimal | None = Field(description="System figure minus target.")
    attainment: Decimal | None = Field(description="System figure as a percentage of the target.")


class RepFigureOut(Schema):
    metric: str
    target: Decimal | None
    system: Decimal
    reported: Decimal | None


class RepLineOut(Schema):
    person_id: int
    name: str
    submitted_at: datetime | None
    is_late: bool
    comment: str
    figures: list[RepFigureOut]


class StageOut(Schema):
    pipeline: str
    stage: str
    count: int
    amount: Decimal
    weighted: Decimal
    currency: str


class PersonOut(Schema):
    person_id: int
    name: str


class MonthlyReportOut(Schema):
    month: date
    title: str
    scope: ScopeOut
    deadline: date = Field(description="When the month's numbers were due.")
    currency: str
    totals: list[TotalOut]
    lines: list[RepLineOut]
    top: list[int] = Field(description="Person ids with the best revenue attainment, best first.")
    bottom: list[int] = Field(description="Person ids with the lowest revenue attainment, lowest first.")
    pipeline: list[StageOut]
    pipeline_missing_rates: list[str] = Field(
        description="Deal currencies left out of the pipeline amounts for want of an exchange rate."
    )
    not_submitted: list[PersonOut]


class MonthlyReportIn(Schema):
    month: str | None = Field(None, description="YYYY-MM; the last complete month when omitted.")
    team: str | None = Field(None, description="A team id; everyone you look after when omitted.")


def _total(metric: str, figure: Figure) -> dict[str, object]:
    return {
        "metric": metric,
        "label": metric_label(metric),
        "target": figure.target,
        "system": figure.system,
        "reported": figure.reported,
        "variance": figure.variance,
        "attainment": figure.attainment,
    }


def _line(line: RepLine) -> dict[str, object]:
    submission = line.submission
    return {
        "person_id": line.person.pk,
        "name": line.person.display_name,
        "submitted_at": submission.submitted_at if submission else None,
        "is_late": line.is_late,
        "comment": submission.comment if submission else "",
        "figures": [
            {"metric": metric, "target": shown.target, "system": shown.system, "reported": shown.reported}
            for metric, shown in line.figures.items()
        ],
    }


def _report_json(report: MonthlyReport) -> dict[str, object]:
    scope = report.scope
    return {
        "month": report.month,
        "title": report.title,
        "scope": {"kind": scope.kind, "id": scope.pk, "key": scope.key, "label": scope.name},
        "deadline": report.deadline,
        "currency": report.currency,
        "totals": [_total(metric, figure) for metric, figure in report.totals.items()],
        "lines": [_line(line) for line in report.lines],
        "top": [line.person.pk for line in report.top],
        "bottom": [line.person.pk for line in report.bottom],
        "pipeline": [
            {
                "pipeline": stage.pipeline,
                "stage": stage.stage,
                "count": stage.count,
                "amount": stage.amount,
                "weighted": stage.weighted,
                "currency": report.pipeline.currency,
            }
            for stage in report.pipeline.stages
        ],
        "pipeline_missing_rates": sorted(report.pipeline.missing_rates),
        "not_submitted": [
            {"person_id": line.person.pk, "name": line.person.display_name} for line in report.not_submitted
        ],
    }


@router.get("/reports/monthly", response=MonthlyReportOut, summary="The compiled monthly report (K1)")
def monthly_report_get(request: HttpRequest, filters: Query[MonthlyReportIn]) -> dict[str, object]:
    user = request_user(request)
    today = timezone.localdate()
    scope = scopes.resolve(user, filters.team)  # 404 for reps and for teams one may not read
    month = _month(filters.month, today)
    report = compile_monthly_report(user=user, scope=scope, month=month, today=today)
    return _report_json(report)


class SubmittedFigureOut(Schema):
    metric: str
    reported: Decimal | None
    system: Decimal | None = Field(description="What the system counted when the numbers were handed in.")


class SubmissionOut(Schema):
    id: int
    person_id: int
    month: date
    deadline: date
    submitted_at: datetime
    comment: str
    version: int
    figures: list[SubmittedFigureOut]


class MonthIn(Schema):
    month: str | None = Field(None, description="YYYY-MM; the last complete month when omitted.")


@router.get(
    "/reports/monthly/submissions/mine",
    response=SubmissionOut,
    summary="Your own numbers handed in for a month (404 when there are none)",
)
def my_submission_get(request: HttpRequest, filters: Query[MonthIn]) -> dict[str, object]:
    user = request_user(request)
    if not user.has_role(Role.SALES_REP):
        raise Http404
    month = _month(filters.month, timezone.localdate())
    submission: MonthlySubmission | None = submission_of(user=user, person=user, month=month)
    if submission is None:
        raise Http404
    return {
        "id": submission.pk,
        "person_id": submission.person_id,
        "month": submission.month,
        "deadline": submission_deadline(submission.month),
        "submitted_at": submission.submitted_at,
        "comment": submission.comment,
        "version": submission.version,
        "figures": [
            {
                "metric": str(metric),
                "reported": submission.reported(metric),
                "system": submission.system(metric),
            }
            for metric in REPORT_METRICS
        ],
    }
