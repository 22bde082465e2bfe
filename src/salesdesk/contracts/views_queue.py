"""The department queues and the deliverable pages: take it, start, complete with evidence, reassign,
reopen, cancel. From a queue row the answer to htmx is the row itself, redrawn."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salesdesk.contracts import selectors, services
from salesdesk.contracts.choices import OPEN_DELIVERABLE_STATUSES
from salesdesk.contracts.forms import AssignForm, CompleteForm, ReasonForm
from salesdesk.contracts.models import Deliverable
from salesdesk.core.links import record_link
from salesdesk.org.models import User
from salesdesk.web.requests import add_service_errors, signed_in_user

PAGE_SIZE = 50


def _after(value: str) -> tuple[date, int] | None:
    """The keyset of the next page, "2027-03-01.42" (the last row's due date and id)."""
    day, _sep, pk = value.partition(".")
    parsed = parse_date(day) if day else None
    return (parsed, int(pk)) if parsed and pk.isdigit() else None


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Open deliverables: mine, or my department's; all, due this week, or overdue."""
    user = signed_in_user(request)
    departments = selectors.queue_departments(user=user)
    scope = cast(selectors.QueueScope, request.GET.get("scope") or ("department" if departments else "mine"))
    if scope not in selectors.QUEUE_SCOPES:
        scope = "mine"
    due = cast(selectors.QueueDue, request.GET.get("due") or "all")
    if due not in selectors.QUEUE_DUES:
        due = "all"
    department_id: int | None = None
    if scope == "department":
        raw = request.GET.get("department", "")
        department_id = int(raw) if raw.isdigit() else (departments[0].pk if departments else None)
        if department_id is None:
            scope = "mine"
    today = timezone.localdate()
    query = selectors.QueueQuery(user, scope, department_id, due, today, departments=departments)
    page = selectors.queue_page(query, after=_after(request.GET.get("after", "")), limit=PAGE_SIZE)
    counts = selectors.queue_counts(query)
    with_row_links(page.rows)
    base = {"scope": scope, "due": due, **({"department": department_id} if department_id else {})}
    next_url = ""
    if page.next_after is not None:
        day, pk = page.next_after
        next_url = "?" + urlencode({**base, "after": f"{day.isoformat()}.{pk}"})
    return render(
        request,
        "contracts/queue.html",
        {
            "page": page,
            "scope": scope,
            "due": due,
            "department_id": department_id,
            "department": next((d for d in departments if d.pk == department_id), None),
            "departments": departments,
            "counts": counts,
            "tab_urls": {key: "?" + urlencode({**base, "due": key}) for key in selectors.QUEUE_DUES},
            "scope_urls": {
                "mine": "?" + urlencode({"scope": "mine", "due": due}),
                "department": "?" + urlencode({"scope": "department", "due": due}),
            },
            "next_url": next_url,
            "first_url": "?" + urlencode(base),
            "first_page": not request.GET.get("after"),
            "today": today,
        },
    )


@dataclass(frozen=True)
class RowLinks:
    detail: str
    contract: str
    claim: str
    complete: str


def with_row_links(deliverables: Iterable[Deliverable]) -> None:
    """Give each queue row its links (`deliverable.links`), each URL pattern reversed once per page."""
    detail = record_link("contracts:deliverable-detail")
    contract = record_link("contracts:contract-detail")
    claim = record_link("contracts:deliverable-claim")
    complete = record_link("contracts:deliverable-complete")
    for row in deliverables:
        row.links = RowLinks(  # type: ignore[attr-defined]
            detail(row.pk), contract(row.contract_id), claim(row.pk), complete(row.pk)
        )


def _row_or_detail(request: HttpRequest, deliverable: Deliverable, *, error: str = "") -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        with_row_links([deliverable])
        context = {
            "deliverable": deliverable,
            "today": timezone.localdate(),
            "row_error": error,
            "user": request.user,
        }
        return render(request, "contracts/partials/_queue_row.html", context)
    if error:
        messages.error(request, error)
    return HttpResponseRedirect(reverse("contracts:deliverable-detail", args=[deliverable.pk]))


def _act(
    request: HttpRequest, pk: int, action: Callable[[Deliverable, User], Any], success: str
) -> HttpResponse:
    user = signed_in_user(request)
    deliverable = selectors.deliverable_get(user=user, pk=pk)
    try:
        action(deliverable, user)
    except ValidationError as exc:
        return _row_or_detail(
            request, selectors.deliverable_get(user=user, pk=pk), error=" ".join(exc.messages)
        )
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, success)
    return _row_or_detail(request, selectors.deliverable_get(user=user, pk=pk))


@login_required
@require_POST
def deliverable_claim(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, lambda d, user: services.deliverable_claim(deliverable=d, by=user), _("It is yours now.")
    )


@login_required
@require_POST
def deliverable_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda d, user: services.deliverable_start(deliverable=d, by=user),
        _("Marked as in progress."),
    )


@login_required
def deliverable_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deliverable = selectors.deliverable_get(user=signed_in_user(request), pk=pk)
    return _detail(request, deliverable)


def _detail(request: HttpRequest, deliverable: Deliverable, status: int = 200, **forms_: Any) -> HttpResponse:
    user = signed_in_user(request)
    may_work = services.may_work_on(user, deliverable)
    context = {
        "deliverable": deliverable,
        "contract": deliverable.contract,
        "is_open": deliverable.status in OPEN_DELIVERABLE_STATUSES,
        "may_work": may_work,
        "may_claim": deliverable.department_id in user.department_ids and deliverable.assignee_id != user.pk,
        # The department's queue opens for its members (and coordinators); others only see the contract.
        "may_open_queue": any(
            department.pk == deliverable.department_id
            for department in selectors.queue_departments(user=user)
        ),
        "complete_form": forms_.get("complete_form") or CompleteForm(),
        "assign_form": forms_.get("assign_form")
        or AssignForm(
            initial={"assignee": deliverable.assignee_id},
            members=selectors.department_members(department=deliverable.department),
        ),
        "reason_form": forms_.get("reason_form") or ReasonForm(),
        "history": selectors.deliverable_history(deliverable=deliverable),
        "today": timezone.localdate(),
    }
    return render(request, "contracts/deliverable_detail.html", context, status=status)


@login_required
@require_POST
def deliverable_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Done with evidence, from the deliverable page or from its queue row (htmx)."""
    user = signed_in_user(request)
    deliverable = selectors.deliverable_get(user=user, pk=pk)
    form = CompleteForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.deliverable_complete(
                deliverable=deliverable,
                by=user,
                note=data["note"],
                link=data["link"],
                reference=data["reference"],
                file=data["file"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                return _row_or_detail(request, selectors.deliverable_get(user=user, pk=pk))
            messages.success(request, _("Done, with the evidence recorded."))
            return HttpResponseRedirect(reverse("contracts:deliverable-detail", args=[deliverable.pk]))
    if request.htmx:  # type: ignore[attr-defined]
        errors = [str(error) for errors in form.errors.values() for error in errors]
        return _row_or_detail(request, selectors.deliverable_get(user=user, pk=pk), error=" ".join(errors))
    deliverable = selectors.deliverable_get(user=user, pk=pk)
    return _detail(request, deliverable, status=400, complete_form=form)


@login_required
@require_POST
def deliverable_assign(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    deliverable = selectors.deliverable_get(user=user, pk=pk)
    form = AssignForm(request.POST, members=selectors.department_members(department=deliverable.department))
    if form.is_valid():
        try:
            services.deliverable_assign(
                deliverable=deliverable, assignee=form.cleaned_data["assignee"], assigned_by=user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Assignment saved."))
            return HttpResponseRedirect(reverse("contracts:deliverable-detail", args=[deliverable.pk]))
    deliverable = selectors.deliverable_get(user=user, pk=pk)
    return _detail(request, deliverable, status=400, assign_form=form)


def _with_reason(
    request: HttpRequest, pk: int, action: Callable[..., Deliverable], success: str
) -> HttpResponse:
    user = signed_in_user(request)
    deliverable = selectors.deliverable_get(user=user, pk=pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            action(deliverable=deliverable, by=user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return HttpResponseRedirect(reverse("contracts:deliverable-detail", args=[deliverable.pk]))
    deliverable = selectors.deliverable_get(user=user, pk=pk)
    return _detail(request, deliverable, status=400, reason_form=form)


@login_required
@require_POST
def deliverable_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_reason(request, pk, services.deliverable_reopen, _("Reopened."))


@login_required
@require_POST
def deliverable_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_reason(request, pk, services.deliverable_cancel, _("Cancelled."))
