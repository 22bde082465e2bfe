"""K2 pages: the market analysis (page, PDF, XLSX), its editable trend comment, and the forms that enter
market sizes and satisfaction scores. Thin: parse, call a selector or service, render."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from salesdesk.core.periods import Period, company_calendar
from salesdesk.core.versioning import StaleRecordError
from salesdesk.customers.models import Segment
from salesdesk.org.models import User
from salesdesk.performance import exports, selectors
from salesdesk.performance.access import may_read_market, may_write_market
from salesdesk.performance.choices import MarketPeriodKind
from salesdesk.performance.forms import (
    MarketCommentForm,
    MarketSelectionForm,
    MarketSizeForm,
    SatisfactionForm,
)
from salesdesk.performance.market_analysis import market_analysis
from salesdesk.performance.market_report import MarketReport
from salesdesk.performance.models import MarketSize, SatisfactionScore
from salesdesk.performance.services import market_comment_save, market_size_record, satisfaction_record
from salesdesk.web.requests import add_service_errors, signed_in_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reader(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not may_read_market(user):
        raise Http404
    return user


def _writer(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not may_write_market(user):
        raise Http404
    return user


def _selection(user: User, data: Any) -> tuple[MarketSelectionForm, Period, Segment | None]:
    """The period and segment asked for; by default the last complete month, all segments."""
    calendar = company_calendar()
    # A segment outside the person's unit does not exist for them: 404, as everywhere.
    selectors.segment_for(user=user, requested=(data or {}).get("segment"))
    form = MarketSelectionForm(data or None, segments=selectors.segment_list(user=user))
    kind, day, segment = MarketPeriodKind.MONTH.value, None, None
    if form.is_bound and form.is_valid():
        kind, day, segment = form.cleaned_data["kind"], form.cleaned_data["day"], form.cleaned_data["segment"]
    period = (
        calendar.period(day, kind) if day else calendar.previous(calendar.period(timezone.localdate(), kind))
    )
    if not form.is_bound:
        form = MarketSelectionForm(
            initial={"kind": kind, "day": period.start}, segments=selectors.segment_list(user=user)
        )
    return form, period, segment


def market_query(period: Period, segment: Segment | None) -> str:
    return urlencode(
        {"kind": period.kind, "day": period.start.isoformat(), "segment": segment.pk if segment else ""}
    )


def _report(request: HttpRequest, data: Any) -> tuple[MarketSelectionForm, MarketReport, User]:
    user = _reader(request)
    assert user.business_unit_id is not None
    form, period, segment = _selection(user, data)
    analysis = market_analysis(
        business_unit_id=user.business_unit_id, segment=segment, period=period, calendar=company_calendar()
    )
    return form, MarketReport(analysis, timezone.localdate()), user


def _comment_context(
    report: MarketReport, user: User, form: MarketCommentForm | None = None
) -> dict[str, Any]:
    analysis = report.analysis
    comment = analysis.comment
    return {
        "report": report,
        "comment_form": form
        or MarketCommentForm(
            initial={"text": report.comment, "version": comment.version if comment else None}
        ),
        "may_write": may_write_market(user),
        "query": market_query(analysis.period, analysis.segment),
        "history": list(comment.history.select_related("history_user")[:10]) if comment else [],
    }


@login_required
def market(request: HttpRequest) -> HttpResponse:
    form, report, user = _report(request, request.GET)
    context = _comment_context(report, user)
    context.update({"form": form, "rows": report.rows(), "chart": report.chart()})
    return render(request, "performance/market.html", context)


def _download_name(report: MarketReport, extension: str) -> str:
    segment = report.analysis.segment
    return f"market-{report.analysis.period.key}-{segment.pk if segment else 'all'}.{extension}"


@login_required
def market_pdf(request: HttpRequest) -> HttpResponse:
    _form, report, _user = _report(request, request.GET)
    response = HttpResponse(exports.market_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_download_name(report, "pdf")}"'
    return response


@login_required
def market_xlsx(request: HttpRequest) -> HttpResponse:
    _form, report, _user = _report(request, request.GET)
    response = HttpResponse(exports.market_xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_download_name(report, "xlsx")}"'
    return response


@login_required
@require_POST
def market_comment(request: HttpRequest) -> HttpResponse:
    """Save the edited trend comment of the period and segment in the query; htmx gets the fragment."""
    _writer(request)
    _form, report, user = _report(request, request.GET)
    form = MarketCommentForm(request.POST)
    conflict = ""
    if form.is_valid():
        analysis = report.analysis
        try:
            market_comment_save(
                by=user,
                period_kind=analysis.period.kind,
                period_day=analysis.period.start,
                segment=analysis.segment,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError as exc:
            conflict = str(exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, _("The trend comment was saved."))
                query = market_query(analysis.period, analysis.segment)
                return redirect(f"{reverse('performance:market')}?{query}")
            _form, saved_report, user = _report(request, request.GET)
            return render(
                request, "performance/partials/_market_comment.html", _comment_context(saved_report, user)
            )
    context = _comment_context(report, user, form)
    context["conflict"] = conflict
    return render(
        request, "performance/partials/_market_comment.html", context, status=409 if conflict else 200
    )


def _existing(model: type[MarketSize] | type[SatisfactionScore], user: User, data: Any) -> Any:
    """The record a prefilled entry link points at (period kind, a day in it, segment), if any."""
    try:
        kind = data.get("period_kind", "")
        day = date.fromisoformat(data.get("period_day", ""))
    except ValueError:
        return None
    if kind not in MarketPeriodKind.values:
        return None
    period = company_calendar().period(day, kind)
    segment = selectors.segment_for(user=user, requested=data.get("segment"))
    return (
        model.objects.visible_to(user)
        .filter(period_kind=period.kind, period_start=period.start, segment=segment)
        .first()
    )


def _entry_page(
    request: HttpRequest,
    *,
    form_class: type[MarketSizeForm] | type[SatisfactionForm],
    model: type[MarketSize] | type[SatisfactionScore],
    fields: tuple[str, ...],
    record: Any,
    template: str,
    recent: Any,
) -> HttpResponse:
    user = _writer(request)
    segments = selectors.segment_list(user=user)
    if request.method == "POST":
        form = form_class(request.POST, segments=segments)
        if form.is_valid():
            data = form.cleaned_data
            values = {field: data[field] for field in fields}
            try:
                saved = record(
                    by=user,
                    period_kind=data["period_kind"],
                    period_day=data["period_day"],
                    segment=data["segment"],
                    source=data["source"],
                    expected_version=data["version"],
                    **values,
                )
            except StaleRecordError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved for %(period)s.") % {"period": _period_label(saved)})
                period = company_calendar().period(saved.period_start, saved.period_kind)
                return redirect(f"{reverse('performance:market')}?{market_query(period, saved.segment)}")
    else:
        existing = _existing(model, user, request.GET)
        initial: dict[str, Any] = {
            "period_kind": request.GET.get("period_kind") or MarketPeriodKind.MONTH,
            "period_day": request.GET.get("period_day") or timezone.localdate().isoformat(),
            "segment": request.GET.get("segment") or None,
        }
        if existing is not None:
            initial.update({field: getattr(existing, field) for field in fields})
            initial.update({"source": existing.source, "version": existing.version})
        form = form_class(initial=initial, segments=segments)
    return render(request, template, {"form": form, "recent": recent(user=user)})


def _period_label(record: MarketSize | SatisfactionScore) -> str:
    return company_calendar().period(record.period_start, record.period_kind).label()


@login_required
@require_http_methods(["GET", "POST"])
def market_size_entry(request: HttpRequest) -> HttpResponse:
    return _entry_page(
        request,
        form_class=MarketSizeForm,
        model=MarketSize,
        fields=("amount", "currency"),
        record=market_size_record,
        template="performance/market_size_form.html",
        recent=selectors.market_size_list,
    )


@login_required
@require_http_methods(["GET", "POST"])
def satisfaction_entry(request: HttpRequest) -> HttpResponse:
    return _entry_page(
        request,
        form_class=SatisfactionForm,
        model=SatisfactionScore,
        fields=("score", "scale", "sample_size"),
        record=satisfaction_record,
        template="performance/satisfaction_form.html",
        recent=selectors.satisfaction_list,
    )
