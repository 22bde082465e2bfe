"""G5 page: this period against the same period last year, with the verdict and its reasons."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from salesdesk.core.models import CompanySettings
from salesdesk.core.periods import PeriodKind, company_calendar
from salesdesk.planning import subjects
from salesdesk.planning.choices import Metric
from salesdesk.planning.last_year import compare_with_last_year
from salesdesk.planning.presentation import figure, percent_text
from salesdesk.planning.selection import subject_choices
from salesdesk.planning.views import require_reader
from salesdesk.web.requests import signed_in_user

_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)


def _day(value: str | None, today: date) -> date:
    try:
        return date.fromisoformat(f"{value}-01") if value else today
    except ValueError:
        return today


@login_required
def last_year(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    user = signed_in_user(request)
    today = timezone.localdate()
    calendar = company_calendar()
    choices = subject_choices(user)
    key = request.GET.get("subject") or choices[0][0]
    if key not in dict(choices):
        key = choices[0][0]
    scope, _sep, pk = key.partition("-")
    subject = subjects.resolve(user, scope, pk)
    asked = request.GET.get("kind", "")
    kind = PeriodKind(asked) if asked in _KINDS else PeriodKind.YEAR
    period = calendar.period(_day(request.GET.get("month"), today), kind)
    comparison = compare_with_last_year(subject=subject, period=period, calendar=calendar, today=today)
    currency = CompanySettings.current().currency

    def money(value: object) -> str:
        return figure(value, Metric.REVENUE, currency)  # type: ignore[arg-type]

    def count(value: object) -> str:
        return figure(value, Metric.UNITS, currency)  # type: ignore[arg-type]

    products = [
        {
            "label": product.label,
            "units": (
                count(product.now.units),
                count(product.before.units),
                percent_text(product.units_change),
            ),
            "revenue": (
                money(product.now.revenue),
                money(product.before.revenue),
                percent_text(product.revenue_change),
            ),
            "price": (
                money(product.now.average_price),
                money(product.before.average_price),
                percent_text(product.price_change),
            ),
            "cost": (
                money(product.now.unit_cost),
                money(product.before.unit_cost),
                percent_text(product.unit_cost_change),
            ),
        }
        for product in comparison.products
    ]
    reasons = [
        (reason.text, ("+" if reason.amount > 0 else "−") + money(abs(reason.amount)), reason.amount > 0)
        for reason in comparison.reasons()
    ]
    return render(
        request,
        "planning/last_year.html",
        {
            "comparison": comparison,
            "choices": choices,
            "selected": key,
            "kinds": [(value, PeriodKind(value).label) for value in _KINDS],
            "kind": kind,
            "month": period.start.strftime("%Y-%m"),
            "products": products,
            "reasons": reasons,
            "quota": {
                "now": money(comparison.target_now),
                "before": money(comparison.target_before),
                "revenue_now": money(comparison.revenue_now),
                "revenue_before": money(comparison.revenue_before),
                "attainment_now": percent_text(comparison.attainment_now).lstrip("+"),
                "attainment_before": percent_text(comparison.attainment_before).lstrip("+"),
            },
        },
    )
