"""The expiry calendar: contracts ending in a month or fiscal quarter, by week or month, with totals,
a year's outlook as a chart and a CSV download. Thin: parse the filters, call the selectors, render."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from salesdesk.contracts.expiry import (
    ExpiryFilters,
    ExpiryGroup,
    expiring_contracts,
    expiring_value_by_month,
    expiry_period,
    expiry_totals,
    group_contracts,
)
from salesdesk.contracts.forms_expiry import ExpiryCalendarForm
from salesdesk.contracts.models import Contract
from salesdesk.core.charts import Bar, bar_chart
from salesdesk.core.links import record_link
from salesdesk.core.models import CompanySettings
from salesdesk.core.periods import FiscalCalendar, Period
from salesdesk.core.templatetags.salesdesk import money
from salesdesk.org.choices import Role
from salesdesk.org.models import User
from salesdesk.transfer.exporting import csv_chunks
from salesdesk.web.requests import signed_in_user

PAGE_SIZE = 50
CHART_MONTHS = 12
# People who see more contracts than their own may narrow the calendar to one rep or one manager's line.
_SEES_OTHERS = frozenset({Role.MANAGER, Role.COORDINATOR, Role.ADMIN, Role.FINANCE})


class _CountedPaginator(Paginator):
    """Pages of a list whose length the totals already counted, so it is not counted twice."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


@dataclass(frozen=True)
class CalendarRow:
    contract: Contract
    url: str


@dataclass(frozen=True)
class CalendarGroup:
    group: ExpiryGroup
    rows: list[CalendarRow]


@dataclass(frozen=True)
class _Selection:
    form: ExpiryCalendarForm
    period: Period
    filters: ExpiryFilters
    calendar: FiscalCalendar
    company_currency: str
    today: date


def _selection(request: HttpRequest, user: User) -> _Selection:
    company = CompanySettings.current()
    calendar = FiscalCalendar(company.fiscal_year_start_month)
    form = ExpiryCalendarForm(request.GET or None, user=user, with_people=bool(user.roles & _SEES_OTHERS))
    kind, first_month, filters = form.choices()
    today = timezone.localdate()
    period = expiry_period(kind=kind, around=first_month or today, calendar=calendar)
    return _Selection(form, period, filters, calendar, company.currency, today)


def _query(request: HttpRequest, period: Period) -> str:
    """The page's query string for another period, keeping the person's other filters."""
    kept = [
        (key, value) for key, value in request.GET.items() if key not in {"start", "period", "page"} and value
    ]
    return urlencode([("period", str(period.kind)), ("start", period.start.strftime("%Y-%m")), *kept])


@login_required
def expiry_calendar(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    chosen = _selection(request, user)
    period = chosen.period
    totals = expiry_totals(
        user=user,
        period=period,
        today=chosen.today,
        filters=chosen.filters,
        company_currency=chosen.company_currency,
    )
    rows = expiring_contracts(user=user, start=period.start, end=period.end, filters=chosen.filters)
    page = _CountedPaginator(rows, PAGE_SIZE, count=totals.count).get_page(request.GET.get("page"))
    link = record_link("contracts:contract-detail")
    groups = [
        CalendarGroup(group, [CalendarRow(contract, link(contract.pk)) for contract in group.contracts])
        for group in group_contracts(page.object_list, period=period)
    ]
    this_query = _query(request, period)
    context: dict[str, Any] = {
        "form": chosen.form,
        "period": period,
        "groups": groups,
        "page": page,
        "query": this_query,
        "totals": totals,
        "previous_query": _query(request, chosen.calendar.previous(period)),
        "next_query": _query(request, chosen.calendar.next(period)),
        "today_query": _query(
            request, expiry_period(kind=period.kind, around=chosen.today, calendar=chosen.calendar)
        ),
        "today": chosen.today,
        "company_currency": chosen.company_currency,
    }
    return render(request, "contracts/expiry_calendar.html", context)


def _outlook_context(request: HttpRequest, user: User) -> dict[str, Any]:
    chosen = _selection(request, user)
    months = expiring_value_by_month(
        user=user,
        first_month=chosen.period.start,
        today=chosen.today,
        months=CHART_MONTHS,
        filters=chosen.filters,
        company_currency=chosen.company_currency,
    )
    chart = bar_chart(
        title=_("Value of contracts ending, by month"),
        description=_(
            "Value in %(currency)s of the signed contracts ending in each of the next %(count)s months."
        )
        % {"currency": chosen.company_currency, "count": CHART_MONTHS},
        bars=[
            Bar(
                label=date_format(month.month, "M Y"),
                value=month.totals.company.amount,
                shown_value=money(month.totals.company),
            )
            for month in months
        ],
    )
    return {
        "chart": chart,
        "months": months,
        "missing": sorted({c for month in months for c in month.totals.missing}),
        "period": chosen.period,
        "query": _query(request, chosen.period),
    }


@login_required
def expiry_outlook(request: HttpRequest) -> HttpResponse:
    """The year ahead as a chart: loaded into the calendar page after it, since a year of expiries
    takes longer to sum than a month's list; without JavaScript it is a page of its own."""
    user = signed_in_user(request)
    context = _outlook_context(request, user)
    htmx = bool(getattr(request, "htmx", False))
    template = "contracts/expiry_outlook_chart.html" if htmx else "contracts/expiry_outlook.html"
    return render(request, template, context)


def _csv_rows(contracts: Iterator[Contract]) -> Iterator[tuple[Any, ...]]:
    for contract in contracts:
        yield (
            contract.number,
            contract.title,
            contract.account.name,
            contract.owner.display_name,
            contract.end_on,
            contract.notice_deadline(),
            _("yes") if contract.auto_renew else _("no"),
            contract.renewal_months,
            contract.total.quantized().amount,
            contract.currency,
            contract.renewal_opportunity_id or "",
        )


@login_required
def expiry_export(request: HttpRequest) -> StreamingHttpResponse:
    """Every contract of the chosen period and filters as CSV (UTF-8 with BOM, semicolons)."""
    user = signed_in_user(request)
    chosen = _selection(request, user)
    period = chosen.period
    contracts = expiring_contracts(user=user, start=period.start, end=period.end, filters=chosen.filters)
    headers = [
        _("Number"),
        _("Title"),
        _("Account"),
        _("Sales rep"),
        _("Ends on"),
        _("Notice deadline"),
        _("Renews automatically"),
        _("Renewal term (months)"),
        _("Value"),
        _("Currency"),
        _("Renewal opportunity"),
    ]
    response = StreamingHttpResponse(
        csv_chunks(headers, _csv_rows(contracts.iterator(chunk_size=2000))),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"contracts-ending-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
