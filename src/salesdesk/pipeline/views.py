"""Pages of the pipeline: board, list, detail, forms and forecast. Thin: parse, call, render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salesdesk.core.audit import history_diffs
from salesdesk.core.charts import Bar, bar_chart
from salesdesk.core.models import CompanySettings
from salesdesk.core.money import Money
from salesdesk.core.templatetags.salesdesk import money
from salesdesk.core.versioning import StaleRecordError
from salesdesk.customers.filters import OWNER_OPTIONS_ID
from salesdesk.org.choices import Role
from salesdesk.pipeline import selectors, services
from salesdesk.pipeline.choices import StageKind
from salesdesk.pipeline.forms import (
    CompetitorsForm,
    ForecastFilterForm,
    LineFormSet,
    LoseForm,
    OpportunityCreateForm,
    OpportunityFilterForm,
    OpportunityForm,
)
from salesdesk.pipeline.models import Pipeline
from salesdesk.web.requests import add_service_errors, signed_in_user

PAGE_SIZE = 50


def _board_pipeline(request: HttpRequest, pk: int | None) -> Pipeline | None:
    user = signed_in_user(request)
    if pk is not None:
        return selectors.pipeline_get(user=user, pk=pk)
    pipelines = list(selectors.pipeline_list(user=user))
    default = next((p for p in pipelines if p.is_default), pipelines[0] if pipelines else None)
    if default is None and user.business_unit is not None:
        default = services.pipeline_default(business_unit=user.business_unit)
    return default


def _board_context(request: HttpRequest, pipeline: Pipeline) -> dict[str, Any]:
    columns = selectors.board_columns(user=signed_in_user(request), pipeline=pipeline)
    return {
        "pipeline": pipeline,
        "columns": columns,
        "stages": [column.stage for column in columns],
        "company_currency": CompanySettings.current().currency,
    }


@login_required
def board(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The kanban board of a pipeline (the unit's default one unless chosen)."""
    pipeline = _board_pipeline(request, pk)
    if pipeline is None:
        return render(request, "pipeline/board.html", {"pipeline": None, "pipelines": []})
    context = _board_context(request, pipeline)
    context["pipelines"] = selectors.pipeline_list(user=signed_in_user(request))
    return render(request, "pipeline/board.html", context)


@login_required
@require_POST
def opportunity_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a card (drag and drop or the "move to" form); htmx gets the updated board back."""
    user = signed_in_user(request)
    opportunity = selectors.opportunity_get(user=user, pk=pk)
    stage = opportunity.pipeline.stages.filter(pk=request.POST.get("stage") or 0).first()
    if stage is None:
        return HttpResponse(_("Choose a stage of the opportunity's pipeline."), status=400)
    if stage.kind == StageKind.LOST:
        # A loss needs its reason: send the person to the form that asks for it.
        lose = reverse("pipeline:opportunity-lose", args=[opportunity.pk])
        url = f"{lose}?{urlencode({'stage': stage.pk})}"
        if request.htmx:  # type: ignore[attr-defined]
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        return HttpResponseRedirect(url)
    try:
        services.opportunity_move(opportunity=opportunity, stage=stage, moved_by=user)
    except (ValidationError, StaleRecordError) as exc:
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        if request.htmx:  # type: ignore[attr-defined]
            return HttpResponse(message, status=409 if isinstance(exc, StaleRecordError) else 400)
        messages.error(request, message)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "pipeline/partials/_board.html", _board_context(request, opportunity.pipeline))
    return HttpResponseRedirect(reverse("pipeline:board-detail", args=[opportunity.pipeline_id]))


@login_required
def opportunity_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = OpportunityFilterForm(request.GET or None, user=user)
    rows = selectors.opportunity_list(user=user, filters=form.filters()).order_by("expected_close", "pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode([(key, value) for key, value in request.GET.items() if key != "page" and value])
    return render(
        request,
        "pipeline/opportunity_list.html",
        {"form": form, "page": page, "query": query, "owner_options_id": OWNER_OPTIONS_ID},
    )


@login_required
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    opportunity = selectors.opportunity_get(user=user, pk=pk)
    context = {
        "opportunity": opportunity,
        "stays": selectors.stage_history(opportunity=opportunity),
        "lines": list(opportunity.lines.all()),
        "competitors": list(opportunity.competitors.all()),
        "activities": selectors.opportunity_activities(user=user, opportunity=opportunity),
        "history": history_diffs(opportunity),
    }
    return render(request, "pipeline/opportunity_detail.html", context)


def _form_fields(request: HttpRequest, form: OpportunityForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "account": data["account"],
        "contact": data["contact"],
        "amount": data["amount"],
        "currency": data["currency"],
        "probability": data["probability"],
        "expected_close": data["expected_close"],
        "owner": data["owner"] or signed_in_user(request),
        "is_shared": data["is_shared"],
        "notes": data["notes"],
    }


@login_required
def opportunity_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    initial = {"currency": CompanySettings.current().currency, "amount": Decimal(0)}
    if request.GET.get("account"):
        initial["account"] = request.GET["account"]
    form = OpportunityCreateForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        fields = _form_fields(request, form)
        try:
            created = services.opportunity_create(
                created_by=user, pipeline=form.cleaned_data["pipeline"], **fields
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Opportunity created."))
            return HttpResponseRedirect(reverse("pipeline:opportunity-detail", args=[created.pk]))
    return render(request, "pipeline/opportunity_form.html", {"form": form, "opportunity": None})


@login_required
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    opportunity = selectors.opportunity_get(user=user, pk=pk)
    initial = {
        "name": opportunity.name,
        "account": opportunity.account_id,
        "contact": opportunity.contact_id,
        "amount": opportunity.amount,
        "currency": opportunity.currency,
        "probability": opportunity.probability,
        "expected_close": opportunity.expected_close,
        "owner": opportunity.owner_id if opportunity.owner_id != user.pk else None,
        "is_shared": opportunity.is_shared,
        "notes": opportunity.notes,
        "version": opportunity.version,
    }
    form = OpportunityForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_update(
                opportunity=opportunity,
                changed_by=user,
                expected_version=form.cleaned_data["version"] or 0,
                **_form_fields(request, form),
            )
        except StaleRecordError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Opportunity saved."))
            return HttpResponseRedirect(reverse("pipeline:opportunity-detail", args=[opportunity.pk]))
    return render(request, "pipeline/opportunity_form.html", {"form": form, "opportunity": opportunity})


@login_required
def opportunity_lose(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    opportunity = selectors.opportunity_get(user=user, pk=pk)
    initial = {"stage": request.GET.get("stage"), "version": opportunity.version}
    form = LoseForm(request.POST or None, initial=initial, pipeline=opportunity.pipeline)
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_lose(
                opportunity=opportunity,
                lost_by=user,
                loss_reason=form.cleaned_data["loss_reason"],
                loss_note=form.cleaned_data["loss_note"],
                stage=form.cleaned_data["stage"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Opportunity marked as lost."))
            return HttpResponseRedirect(reverse("pipeline:opportunity-detail", args=[opportunity.pk]))
    return render(request, "pipeline/opportunity_lose.html", {"form": form, "opportunity": opportunity})


@login_required
@require_POST
def opportunity_win(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    opportunity = selectors.opportunity_get(user=user, pk=pk)
    try:
        services.opportunity_win(opportunity=opportunity, won_by=user)
    except (ValidationError, StaleRecordError) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, _("Opportunity won."))
    return HttpResponseRedirect(reverse("pipeline:opportunity-detail", args=[opportunity.pk]))


@login_required
def opportunity_competitors(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    opportunity = selectors.opportunity_get(user=user, pk=pk)
    initial = {"competitors": list(opportunity.competitors.all()), "version": opportunity.version}
    form = CompetitorsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_competitors_set(
                opportunity=opportunity,
                competitors=list(form.cleaned_data["competitors"]),
                changed_by=user,
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Competitors saved."))
            return HttpResponseRedirect(reverse("pipeline:opportunity-detail", args=[opportunity.pk]))
    return render(
        request, "pipeline/opportunity_competitors.html", {"form": form, "opportunity": opportunity}
    )


@login_required
def opportunity_lines(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    opportunity = selectors.opportunity_get(user=user, pk=pk)
    initial = [
        {"product": line.product, "quantity": line.quantity, "unit_price": line.unit_price}
        for line in opportunity.lines.all()
    ]
    formset = LineFormSet(request.POST or None, initial=initial, prefix="lines")
    if request.method == "POST" and formset.is_valid():
        lines = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            services.opportunity_lines_set(
                opportunity=opportunity,
                lines=lines,
                changed_by=user,
                expected_version=int(request.POST.get("version") or 0),
            )
        except StaleRecordError as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Products in the deal saved."))
            return HttpResponseRedirect(reverse("pipeline:opportunity-detail", args=[opportunity.pk]))
    return render(
        request, "pipeline/opportunity_lines.html", {"formset": formset, "opportunity": opportunity}
    )


@login_required
def forecast(request: HttpRequest) -> HttpResponse:
    """Weighted forecast by month of expected close, in the company currency."""
    user = signed_in_user(request)
    can_filter = bool(user.roles & {Role.MANAGER, Role.COORDINATOR, Role.ADMIN})
    form = ForecastFilterForm(request.GET or None, user=user)
    owner_id = team_id = None
    if can_filter and form.is_valid():
        owner = form.cleaned_data["owner"]
        team = form.cleaned_data["team"]
        owner_id = owner.pk if owner else None
        team_id = team.pk if team else None
    months = selectors.forecast(user=user, owner_id=owner_id, team_id=team_id)
    company = CompanySettings.current().currency
    total_amount = sum((m.amount.total for m in months), Money.zero(company))
    total_weighted = sum((m.weighted.total for m in months), Money.zero(company))
    missing = sorted({c for m in months for c in m.amount.missing | m.weighted.missing})
    chart = bar_chart(
        title=_("Weighted forecast by month"),
        description=_("Weighted value of open opportunities in %(currency)s, by month of expected close.")
        % {"currency": company},
        bars=[
            Bar(
                label=date_format(m.month, "YEAR_MONTH_FORMAT"),
                value=m.weighted.total.amount,
                shown_value=money(m.weighted.total),
            )
            for m in months
        ],
    )
    return render(
        request,
        "pipeline/forecast.html",
        {
            "form": form,
            "can_filter": can_filter,
            "months": months,
            "total_amount": total_amount,
            "total_weighted": total_weighted,
            "company_currency": company,
            "missing": missing,
            "chart": chart,
            "today": timezone.localdate(),
        },
    )
