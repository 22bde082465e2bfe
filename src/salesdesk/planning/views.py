"""G4 pages: plan vs actual (page, PDF, XLSX), the variance notes beside its rows, and the rep's plan for
the month. Thin: read the selection, call the selectors and services, render."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from salesdesk.core.periods import PeriodKind, company_calendar, next_month, previous_month
from salesdesk.core.versioning import StaleRecordError
from salesdesk.org.choices import Role
from salesdesk.org.models import User
from salesdesk.planning import exports, subjects
from salesdesk.planning.choices import Grain, Metric
from salesdesk.planning.forms import VarianceNoteForm
from salesdesk.planning.models import VarianceNote
from salesdesk.planning.monthly_plan import month_plan
from salesdesk.planning.report import build_report
from salesdesk.planning.selection import read_selection
from salesdesk.planning.services import variance_note_save
from salesdesk.web.requests import signed_in_user

_READERS = frozenset({Role.SALES_REP, Role.MANAGER, Role.COORDINATOR, Role.ADMIN, Role.FINANCE})


def require_reader(request: HttpRequest) -> None:
    if not signed_in_user(request).roles & _READERS:
        raise Http404


def _report(request: HttpRequest):  # type: ignore[no-untyped-def]
    require_reader(request)
    user = signed_in_user(request)
    calendar = company_calendar()
    today = timezone.localdate()
    form, selection = read_selection(user, request.GET, calendar, today)
    return form, selection, build_report(selection, calendar=calendar, today=today)


@login_required
def plan_vs_actual(request: HttpRequest) -> HttpResponse:
    form, selection, report = _report(request)
    user = signed_in_user(request)
    subject = selection.subject
    may_write = subjects.may_plan(user, subject) or (subject.scope == "person" and subject.pk == user.pk)
    return render(
        request,
        "planning/plan_vs_actual.html",
        {
            "form": form,
            "selection": selection,
            "report": report,
            "rows": report.rows(),
            "children": report.children(),
            "totals": report.totals,
            "chart": report.chart(),
            "may_write": may_write,
            "may_plan": subjects.may_plan(user, subject),
            "query": selection.query(),
            "previous_query": selection.query(year=selection.fiscal_year - 1),
            "next_query": selection.query(year=selection.fiscal_year + 1),
        },
    )


@login_required
def plan_vs_actual_pdf(request: HttpRequest) -> HttpResponse:
    _form, selection, report = _report(request)
    response = HttpResponse(exports.plan_pdf(report), content_type="application/pdf")
    name = f"plan-vs-actual-{selection.subject.key}-{selection.fiscal_year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def plan_vs_actual_xlsx(request: HttpRequest) -> HttpResponse:
    _form, selection, report = _report(request)
    response = HttpResponse(
        exports.plan_xlsx(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"plan-vs-actual-{selection.subject.key}-{selection.fiscal_year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def variance_note(
    request: HttpRequest, scope: str, pk: int, metric: str, grain: str, start: str
) -> HttpResponse:
    """The analysis and next action of one row, edited in place (htmx) or on its own page."""
    require_reader(request)
    user = signed_in_user(request)
    subject = subjects.resolve(user, scope, pk)
    if metric not in Metric.values or grain not in Grain.values:
        raise Http404
    try:
        period_start = date.fromisoformat(start)
    except ValueError:
        raise Http404 from None
    note = VarianceNote.objects.filter(
        scope=subject.scope, subject_id=subject.pk, metric=metric, grain=grain, period_start=period_start
    ).first()
    kind = PeriodKind.WEEK if grain == Grain.WEEK else PeriodKind.MONTH
    period = company_calendar().period(period_start, kind)
    conflict = ""
    if request.method == "POST":
        form = VarianceNoteForm(request.POST)
        if form.is_valid():
            try:
                note = variance_note_save(
                    by=user,
                    subject=subject,
                    metric=metric,
                    grain=grain,
                    period_start=period.start,
                    analysis=form.cleaned_data["analysis"],
                    next_action=form.cleaned_data["next_action"],
                    expected_version=form.cleaned_data["version"],
                )
            except StaleRecordError as exc:
                conflict = str(exc)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return render(
                    request,
                    "planning/partials/variance_note.html",
                    {"note": note, "edit_url": request.path, "may_write": True},
                )
    else:
        form = VarianceNoteForm(
            initial={
                "analysis": note.analysis if note else "",
                "next_action": note.next_action if note else "",
                "version": note.version if note else None,
            }
        )
    is_htmx = bool(request.htmx)  # type: ignore[attr-defined]
    template = "planning/partials/variance_note_form.html" if is_htmx else "planning/variance_note_page.html"
    history = list(note.history.select_related("history_user")[:20]) if note else []
    return render(
        request,
        template,
        {
            "form": form,
            "note": note,
            "subject": subject,
            "period": period,
            "conflict": conflict,
            "history": history,
            "metric_label": Metric(metric).label,
            "action": request.path,
        },
    )


@login_required
def my_plan(request: HttpRequest) -> HttpResponse:
    """G2: the rep's plan for a month: each goal's target this month, the actual so far, what is left."""
    require_reader(request)
    user = signed_in_user(request)
    today = timezone.localdate()
    try:
        month = (
            date.fromisoformat(request.GET.get("month", "") + "-01")
            if request.GET.get("month")
            else today.replace(day=1)
        )
    except ValueError:
        month = today.replace(day=1)
    person = user
    if request.GET.get("person"):
        subject = subjects.resolve(user, "person", request.GET["person"])
        person = User.objects.get(pk=subject.pk)
    plan = month_plan(person=person, month=month, today=today)
    earlier, later = previous_month(month), next_month(month)
    suffix = f"&person={person.pk}" if person.pk != user.pk else ""
    return render(
        request,
        "planning/my_plan.html",
        {
            "plan": plan,
            "person": person,
            "previous_query": f"month={earlier:%Y-%m}{suffix}",
            "next_query": f"month={later:%Y-%m}{suffix}",
        },
    )
