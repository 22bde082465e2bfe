"""Pages of prospecting: prospects, questionnaires, the hand-off to reps and the funnel. Thin views."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salesdesk.core.audit import history_diffs
from salesdesk.core.charts import Bar, bar_chart
from salesdesk.core.periods import PeriodKind, company_calendar
from salesdesk.core.versioning import StaleRecordError
from salesdesk.prospects import selectors, services
from salesdesk.prospects.forms import (
    AnswersForm,
    AttemptForm,
    ConvertForm,
    FunnelForm,
    ProspectFilterForm,
    ProspectForm,
    QuestionForm,
    QuestionnaireForm,
    SendBackForm,
    TeeUpForm,
)
from salesdesk.prospects.models import Prospect, Question, Questionnaire
from salesdesk.web.requests import add_service_errors, signed_in_user


def _require_prospector(request: HttpRequest) -> None:
    if not services.can_prospect(signed_in_user(request)):
        raise PermissionDenied


def _attempt(form: forms.Form, action: Callable[[], Any], **renames: str) -> bool:
    """Run a service call; on a refusal put its messages on the form and answer False."""
    try:
        action()
    except StaleRecordError as exc:
        form.add_error(None, str(exc))
        return False
    except ValidationError as exc:
        add_service_errors(form, exc, renames=renames)
        return False
    return True


# Prospects -------------------------------------------------------------------------------------------------


@login_required
def prospect_list(request: HttpRequest) -> HttpResponse:
    filters = ProspectFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    prospects = selectors.prospect_list(
        user=signed_in_user(request),
        status=data.get("status", ""),
        source=data.get("source", ""),
        search=(data.get("q") or "").strip(),
    )
    page = Paginator(prospects, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "prospects/prospect_list.html",
        {
            "page": page,
            "filters": filters,
            "query": urlencode({key: value for key, value in data.items() if value}),
            "can_prospect": services.can_prospect(signed_in_user(request)),
        },
    )


_PROSPECT_INITIAL = (
    "company_name",
    "source",
    "contact_name",
    "contact_title",
    "email",
    "phone",
    "website",
    "country",
    "language",
    "questionnaire",
    "notes",
    "version",
)


@login_required
def prospect_create(request: HttpRequest) -> HttpResponse:
    _require_prospector(request)
    form = ProspectForm(request.POST or None, user=signed_in_user(request))
    if request.method == "POST" and form.is_valid():
        fields = {key: value for key, value in form.cleaned_data.items() if key != "version"}
        created: list[Prospect] = []
        if _attempt(
            form,
            lambda: created.append(services.prospect_create(created_by=signed_in_user(request), **fields)),
        ):
            messages.success(request, _("Prospect created."))
            return HttpResponseRedirect(reverse("prospects:prospect-detail", args=[created[0].pk]))
    return render(request, "prospects/prospect_form.html", {"form": form, "prospect": None})


@login_required
def prospect_edit(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = selectors.prospect_get(user=signed_in_user(request), pk=pk)
    initial = {field: getattr(prospect, field) for field in _PROSPECT_INITIAL}
    form = ProspectForm(request.POST or None, initial=initial, user=signed_in_user(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        if _attempt(
            form,
            lambda: services.prospect_update(
                prospect=prospect, changed_by=signed_in_user(request), expected_version=version, **data
            ),
        ):
            messages.success(request, _("Prospect saved."))
            return HttpResponseRedirect(reverse("prospects:prospect-detail", args=[prospect.pk]))
    return render(request, "prospects/prospect_form.html", {"form": form, "prospect": prospect})


def _detail_context(request: HttpRequest, prospect: Prospect) -> dict[str, Any]:
    user = signed_in_user(request)
    is_rep = prospect.assigned_rep_id == user.pk
    return {
        "prospect": prospect,
        "history": history_diffs(prospect),
        "answers": _answer_rows(prospect),
        "attempt_form": AttemptForm(),
        "can_prospect": services.can_prospect(user),
        "can_answer": prospect.status in services.ANSWERABLE,
        "can_tee_up": services.can_prospect(user) and prospect.status in services.TEE_UP_FROM,
        "can_accept": is_rep and prospect.status == "teed_up",
        "can_send_back": is_rep and prospect.status in {"teed_up", "accepted"},
        "can_convert": services.can_convert(prospect, user),
    }


def _answer_rows(prospect: Prospect) -> list[tuple[Question, str]]:
    if prospect.questionnaire_id is None:
        return []
    stored = selectors.prospect_answers(prospect=prospect)
    questions = Question.objects.filter(questionnaire_id=prospect.questionnaire_id).order_by("position")
    return [(question, stored.get(question.pk, "")) for question in questions]


@login_required
def prospect_detail(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = selectors.prospect_get(user=signed_in_user(request), pk=pk)
    return render(request, "prospects/prospect_detail.html", _detail_context(request, prospect))


@login_required
@require_POST
def prospect_attempt(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a call attempt (or that we reached them)."""
    prospect = selectors.prospect_get(user=signed_in_user(request), pk=pk)
    form = AttemptForm(request.POST)
    if form.is_valid() and _attempt(
        form,
        lambda: services.prospect_log_attempt(
            prospect=prospect,
            logged_by=signed_in_user(request),
            reached=form.cleaned_data["reached"],
            notes=form.cleaned_data["notes"],
        ),
    ):
        messages.success(request, _("Call recorded."))
        return HttpResponseRedirect(reverse("prospects:prospect-detail", args=[prospect.pk]))
    context = _detail_context(request, prospect)
    context["attempt_form"] = form
    return render(request, "prospects/prospect_detail.html", context, status=400)


@login_required
def prospect_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer a questionnaire about the prospect (the one chosen on it, or ?questionnaire=)."""
    user = signed_in_user(request)
    prospect = selectors.prospect_get(user=user, pk=pk)
    choice = (
        request.POST.get("questionnaire") or request.GET.get("questionnaire") or prospect.questionnaire_id
    )
    available = selectors.questionnaire_list(user=user, active_only=True)
    questionnaire = selectors.questionnaire_get(user=user, pk=choice) if choice else available.first()
    if questionnaire is None:
        messages.error(request, _("There is no questionnaire yet; a coordinator defines one first."))
        return HttpResponseRedirect(reverse("prospects:prospect-detail", args=[prospect.pk]))
    questions = list(questionnaire.questions.order_by("position"))
    stored = selectors.prospect_answers(prospect=prospect)
    initial = {f"question_{q.pk}": stored.get(q.pk, "") for q in questions}
    form = AnswersForm(request.POST or None, initial=initial, questions=questions)
    if request.method == "POST" and form.is_valid():
        answers = {q.pk: form.cleaned_data.get(f"question_{q.pk}", "") for q in questions}
        if _attempt(
            form,
            lambda: services.prospect_answer(
                prospect=prospect, answered_by=user, questionnaire=questionnaire, answers=answers
            ),
        ):
            if prospect.status == "qualified":
                messages.success(
                    request, _("Score %(score)s: the prospect is qualified.") % {"score": prospect.score}
                )
            else:
                messages.success(
                    request,
                    _("Score %(score)s of %(needed)s needed: not qualified yet.")
                    % {"score": prospect.score, "needed": questionnaire.qualifying_score},
                )
            return HttpResponseRedirect(reverse("prospects:prospect-detail", args=[prospect.pk]))
    return render(
        request,
        "prospects/prospect_answer.html",
        {"prospect": prospect, "questionnaire": questionnaire, "questionnaires": available, "form": form},
    )


@login_required
def prospect_tee_up(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    prospect = selectors.prospect_get(user=user, pk=pk)
    _require_prospector(request)
    form = TeeUpForm(request.POST or None, user=user)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form,
            lambda: services.prospect_tee_up(
                prospect=prospect,
                teed_up_by=user,
                rep=form.cleaned_data["rep"],
                note=form.cleaned_data["note"],
            ),
        )
    ):
        messages.success(request, _("Teed up for %(rep)s.") % {"rep": prospect.assigned_rep})
        return HttpResponseRedirect(reverse("prospects:prospect-detail", args=[prospect.pk]))
    return render(request, "prospects/prospect_tee_up.html", {"prospect": prospect, "form": form})


@login_required
@require_POST
def prospect_accept(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    prospect = selectors.prospect_get(user=user, pk=pk)
    try:
        services.prospect_accept(prospect=prospect, accepted_by=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You accepted the prospect."))
    return HttpResponseRedirect(reverse("prospects:prospect-detail", args=[prospect.pk]))


@login_required
def prospect_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    prospect = selectors.prospect_get(user=user, pk=pk)
    form = SendBackForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form,
            lambda: services.prospect_send_back(
                prospect=prospect, sent_back_by=user, reason=form.cleaned_data["reason"]
            ),
        )
    ):
        messages.success(request, _("Sent back to the coordinator."))
        return HttpResponseRedirect(reverse("prospects:prospect-list"))
    return render(request, "prospects/prospect_send_back.html", {"prospect": prospect, "form": form})


@login_required
def prospect_convert(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    prospect = selectors.prospect_get(user=user, pk=pk)
    form = ConvertForm(request.POST or None, initial={"opportunity_name": prospect.company_name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            form,
            lambda: services.prospect_convert(
                prospect=prospect,
                converted_by=user,
                opportunity_name=data["opportunity_name"],
                amount=data["amount"] or Decimal(0),
                currency=data["currency"].upper(),
                expected_close=data["expected_close"],
            ),
        ):
            messages.success(request, _("Converted: the account, contact and opportunity are created."))
            return HttpResponseRedirect(reverse("prospects:prospect-detail", args=[prospect.pk]))
    return render(request, "prospects/prospect_convert.html", {"prospect": prospect, "form": form})


# Questionnaires ---------------------------------------------------------------------------------------------


@login_required
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    questionnaires = selectors.questionnaire_list(user=signed_in_user(request))
    return render(
        request,
        "prospects/questionnaire_list.html",
        {"questionnaires": questionnaires, "can_prospect": services.can_prospect(signed_in_user(request))},
    )


@login_required
def questionnaire_create(request: HttpRequest) -> HttpResponse:
    _require_prospector(request)
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created: list[Questionnaire] = []
        if _attempt(
            form,
            lambda: created.append(
                services.questionnaire_create(created_by=signed_in_user(request), **form.cleaned_data)
            ),
        ):
            messages.success(request, _("Questionnaire created; now add its questions."))
            return HttpResponseRedirect(reverse("prospects:questionnaire-edit", args=[created[0].pk]))
    return render(request, "prospects/questionnaire_form.html", {"form": form, "questionnaire": None})


@login_required
def questionnaire_edit(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = selectors.questionnaire_get(user=signed_in_user(request), pk=pk)
    _require_prospector(request)
    initial = {
        "name": questionnaire.name,
        "qualifying_score": questionnaire.qualifying_score,
        "is_active": questionnaire.is_active,
    }
    form = QuestionnaireForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form,
            lambda: services.questionnaire_update(
                questionnaire=questionnaire, changed_by=signed_in_user(request), **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Questionnaire saved."))
        return HttpResponseRedirect(reverse("prospects:questionnaire-edit", args=[questionnaire.pk]))
    return render(
        request,
        "prospects/questionnaire_form.html",
        {
            "form": form,
            "questionnaire": questionnaire,
            "questions": questionnaire.questions.order_by("position"),
        },
    )


def _question_fields(form: QuestionForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    if data.get("position") is None:
        data.pop("position", None)
    return data


@login_required
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = selectors.questionnaire_get(user=signed_in_user(request), pk=pk)
    _require_prospector(request)
    form = QuestionForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form,
            lambda: services.question_add(
                questionnaire=questionnaire, added_by=signed_in_user(request), **_question_fields(form)
            ),
        )
    ):
        messages.success(request, _("Question added."))
        return HttpResponseRedirect(reverse("prospects:questionnaire-edit", args=[questionnaire.pk]))
    return render(
        request,
        "prospects/question_form.html",
        {"form": form, "questionnaire": questionnaire, "question": None},
    )


@login_required
def question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    questionnaire = selectors.questionnaire_get(user=signed_in_user(request), pk=pk)
    question = selectors.question_get(
        user=signed_in_user(request), questionnaire=questionnaire, pk=question_pk
    )
    _require_prospector(request)
    initial = {
        "text": question.text,
        "kind": question.kind,
        "choices": "\n".join(question.choices),
        "required": question.required,
        "weight": question.weight,
        "scoring_answer": question.scoring_answer,
        "position": question.position,
    }
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("action") == "delete":
        try:
            services.question_delete(question=question, deleted_by=signed_in_user(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(request.path)
        messages.success(request, _("Question removed."))
        return HttpResponseRedirect(reverse("prospects:questionnaire-edit", args=[questionnaire.pk]))
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form,
            lambda: services.question_update(
                question=question, changed_by=signed_in_user(request), **_question_fields(form)
            ),
        )
    ):
        messages.success(request, _("Question saved."))
        return HttpResponseRedirect(reverse("prospects:questionnaire-edit", args=[questionnaire.pk]))
    return render(
        request,
        "prospects/question_form.html",
        {"form": form, "questionnaire": questionnaire, "question": question},
    )


# The funnel ------------------------------------------------------------------------------------------


def _funnel_params(request: HttpRequest) -> tuple[FunnelForm, str, date, date, str]:
    form = FunnelForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    kind = data.get("kind") or PeriodKind.MONTH
    today = timezone.localdate()
    end = data.get("end") or today
    start = data.get("start")
    if start is None:
        calendar = company_calendar()
        period = calendar.period(end, kind)
        for _step in range({"month": 11, "quarter": 3, "year": 2}[kind]):
            period = calendar.previous(period)
        start = period.start
    if start > end:
        start, end = end, start
    return form, kind, start, end, data.get("source") or ""


def _step_labels() -> list[str]:
    # Translated per request: gettext at import time would freeze the language of the first request.
    return [
        _("Attempted"),
        _("Reached"),
        _("Qualified"),
        _("Teed up"),
        _("Converted"),
    ]


@login_required
def funnel(request: HttpRequest) -> HttpResponse:
    form, kind, start, end, source = _funnel_params(request)
    report = selectors.funnel_report(
        user=signed_in_user(request), kind=kind, start=start, end=end, source=source
    )
    labels = _step_labels()
    rates = [None, *report.total.step_rates]
    bars = [
        Bar(
            label=label,
            value=count,
            note="" if rate is None else _("%(rate)s%%") % {"rate": rate},
        )
        for label, count, rate in zip(labels, report.total.step_counts, rates, strict=True)
    ]
    conversion = report.total.conversion
    chart = bar_chart(
        title=_("Prospecting funnel"),
        description=(
            _(
                "%(attempted)s prospects attempted, %(converted)s converted; "
                "%(waste)s%% of the effort went to waste."
            )
            % {
                "attempted": report.total.counts["attempted"],
                "converted": report.total.counts["converted"],
                "waste": report.total.waste,
            }
            if conversion is not None
            else _("No prospect was attempted in these periods.")
        ),
        bars=bars,
        chart_id="funnel-chart",
    )
    query = urlencode({"kind": kind, "start": start.isoformat(), "end": end.isoformat(), "source": source})
    return render(
        request,
        "prospects/funnel.html",
        {"form": form, "report": report, "chart": chart, "step_labels": labels, "query": query},
    )


@login_required
def funnel_csv(request: HttpRequest) -> HttpResponse:
    _form, kind, start, end, source = _funnel_params(request)
    report = selectors.funnel_report(
        user=signed_in_user(request), kind=kind, start=start, end=end, source=source
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="funnel-{start.isoformat()}-{end.isoformat()}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Period"),
            _("Source"),
            *_step_labels(),
            _("Reached of attempted (%)"),
            _("Qualified of reached (%)"),
            _("Teed up of qualified (%)"),
            _("Converted of teed up (%)"),
            _("Overall conversion (%)"),
            _("Waste (%)"),
        ]
    )

    def line(period_label: str, row: selectors.FunnelRow) -> list[Any]:
        return [
            period_label,
            row.source_label or _("All sources"),
            *row.step_counts,
            *("" if rate is None else rate for rate in row.step_rates),
            "" if row.conversion is None else row.conversion,
            "" if row.waste is None else row.waste,
        ]

    for funnel_period in report.periods:
        for row in funnel_period.rows:
            writer.writerow(line(funnel_period.period.key, row))
        writer.writerow(line(funnel_period.period.key, funnel_period.total))
    writer.writerow(line(_("Total"), report.total))
    return response
