"""K1 pages: the compiled monthly report (page, PDF, XLSX, send now) and the rep's own numbers. Thin:
read the selection, call the selectors and services, render."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from salesdesk.core.models import CompanySettings
from salesdesk.core.periods import next_month, previous_month
from salesdesk.core.versioning import StaleRecordError
from salesdesk.org.choices import Role
from salesdesk.org.models import User
from salesdesk.planning import subjects
from salesdesk.reports import exports, scopes
from salesdesk.reports.compiler import MonthlyReport, compile_monthly_report, metric_label
from salesdesk.reports.deadlines import parse_month, submission_deadline
from salesdesk.reports.figures import system_figures, targets_of
from salesdesk.reports.forms import ReportSelectionForm, SubmissionForm
from salesdesk.reports.selectors import submission_of, submission_versions
from salesdesk.reports.services import submission_save
from salesdesk.reports.tasks import report_send_start
from salesdesk.web.requests import add_service_errors, signed_in_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Selection:
    form: ReportSelectionForm
    scope: scopes.ReportScope | None
    month: date | None

    @property
    def query(self) -> str:
        if self.scope is None or self.month is None:
            return ""
        team = self.scope.pk if self.scope.kind == "team" else ""
        return f"month={self.month:%Y-%m}&team={team}"


def _month_field(value: str, today: date) -> date:
    month = parse_month(value) if value else previous_month(today)
    if month > today:
        raise ValidationError({"month": _("This month has not begun yet.")})
    return month


def _selection(request: HttpRequest, data: dict[str, str]) -> Selection:
    user = signed_in_user(request)
    if not user.roles & scopes.REPORT_READERS:
        raise Http404
    form = ReportSelectionForm(data, teams=scopes.readable_teams(user))
    if not form.is_valid():
        return Selection(form, None, None)
    try:
        month = _month_field(form.cleaned_data["month"], timezone.localdate())
    except ValidationError as exc:
        add_service_errors(form, exc)
        return Selection(form, None, None)
    team = form.cleaned_data["team"]
    scope = scopes.of_team(team) if team else scopes.default_scope(user)
    return Selection(form, scope, month)


def _compiled(request: HttpRequest, selection: Selection) -> MonthlyReport:
    assert selection.scope is not None
    assert selection.month is not None
    return compile_monthly_report(
        user=signed_in_user(request),
        scope=selection.scope,
        month=selection.month,
        today=timezone.localdate(),
    )


@login_required
def monthly_report(request: HttpRequest) -> HttpResponse:
    selection = _selection(request, request.GET.dict())
    context: dict[str, object] = {"form": selection.form, "selection": selection}
    if selection.scope is None:
        return render(request, "reports/monthly_report.html", context, status=400)
    report = _compiled(request, selection)
    context.update(exports.report_context(report, for_page=True))
    return render(request, "reports/monthly_report.html", context)


def _download(request: HttpRequest, extension: str) -> HttpResponse:
    selection = _selection(request, request.GET.dict())
    if selection.scope is None:
        problems = "; ".join(
            f"{name}: {' '.join(str(error) for error in errors)}"
            for name, errors in selection.form.errors.items()
        )
        return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")
    report = _compiled(request, selection)
    if extension == "pdf":
        response = HttpResponse(exports.monthly_pdf(report), content_type="application/pdf")
    else:
        response = HttpResponse(exports.monthly_xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(report, extension)}"'
    return response


@login_required
def monthly_report_pdf(request: HttpRequest) -> HttpResponse:
    return _download(request, "pdf")


@login_required
def monthly_report_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")


@login_required
@require_POST
def monthly_report_send(request: HttpRequest) -> HttpResponse:
    """Send the report now to its recipients, as a job (each recipient in their own language)."""
    selection = _selection(request, request.POST.dict())
    if selection.scope is None or selection.month is None:
        return HttpResponseBadRequest(_("Choose a valid month and team."))
    report_send_start(scope=selection.scope, month=selection.month, requested_by=signed_in_user(request))
    messages.success(request, _("The report is being sent; see its progress under Jobs."))
    return redirect(f"{request.path.removesuffix('send/')}?{selection.query}")


def _person_for(user: User, person_id: str | None) -> User:
    """The reader themselves, or a rep whose numbers they may see."""
    if not person_id:
        return user
    subject = subjects.resolve(user, "person", person_id)
    return User.objects.get(pk=subject.pk)


@login_required
@require_http_methods(["GET", "POST"])
def my_numbers(request: HttpRequest) -> HttpResponse:
    """A rep hands in (or corrects) a month's numbers; those who may see a rep read theirs."""
    user = signed_in_user(request)
    today = timezone.localdate()
    try:
        month = _month_field(request.GET.get("month", ""), today)
    except ValidationError as exc:
        return HttpResponseBadRequest(" ".join(exc.messages), content_type="text/plain; charset=utf-8")
    person = _person_for(user, request.GET.get("person"))
    is_own = person.pk == user.pk
    if is_own and not user.has_role(Role.SALES_REP):
        raise Http404
    submission = submission_of(user=user, person=person, month=month)
    system = system_figures(person_id=person.pk, month=month)
    conflict = ""
    if request.method == "POST":
        if not is_own:
            raise Http404
        form = SubmissionForm(request.POST)
        if form.is_valid():
            try:
                submission_save(
                    person=person,
                    month=month,
                    figures=form.figures(),
                    comment=form.cleaned_data["comment"],
                    submitted_by=user,
                    expected_version=form.cleaned_data["version"],
                    today=today,
                )
            except StaleRecordError as exc:
                conflict = str(exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your numbers are handed in. Thank you."))
                return redirect(f"{request.path}?month={month:%Y-%m}")
    else:
        initial: dict[str, object] = {
            metric: (submission.reported(metric) if submission else value) for metric, value in system.items()
        }
        initial["comment"] = submission.comment if submission else ""
        initial["version"] = submission.version if submission else None
        form = SubmissionForm(initial=initial)
    targets = targets_of(person_ids=[person.pk], month=month)
    rows = [
        {
            "field": form[metric],
            "metric": metric,
            "system": value,
            "target": targets[metric].get(person.pk),
            "reported": submission.reported(metric) if submission else None,
        }
        for metric, value in system.items()
    ]
    return render(
        request,
        "reports/my_numbers.html",
        {
            "form": form,
            "rows": rows,
            "person": person,
            "is_own": is_own,
            "month": month,
            "deadline": submission_deadline(month),
            "submission": submission,
            "versions": submission_versions(submission=submission) if submission else [],
            "conflict": conflict,
            "labels": {metric: metric_label(metric) for metric in system},
            "currency": CompanySettings.current().currency,
            "previous_query": _month_query(previous_month(month), person, is_own),
            "next_query": _month_query(next_month(month), person, is_own)
            if next_month(month) <= today
            else "",
        },
    )


def _month_query(month: date, person: User, is_own: bool) -> str:
    return f"month={month:%Y-%m}" + ("" if is_own else f"&person={person.pk}")
