"""Pages of accounts, contacts and activities. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salesdesk.core.paging import ListPage, page_number
from salesdesk.core.scoping import get_visible_or_404
from salesdesk.core.versioning import StaleRecordError
from salesdesk.customers import selectors, services, timeline
from salesdesk.customers.filters import OWNER_OPTIONS_ID, AccountFilterForm, ContactFilterForm
from salesdesk.customers.forms import (
    AccountForm,
    ActivityCompleteForm,
    ActivityForm,
    ContactForm,
    ContactPointForm,
)
from salesdesk.customers.models import Account, Contact, ContactPoint
from salesdesk.customers.vcard import contact_vcard, vcard_filename
from salesdesk.org.models import User
from salesdesk.web.requests import add_service_errors, signed_in_user

PAGE_SIZE = 50
# How many people the owner field offers while typing.
OWNER_OPTIONS = 20


def _query(request: HttpRequest) -> str:
    return urlencode([(key, str(value)) for key, value in request.GET.items() if key != "page" and value])


def list_page[M: Model](rows: QuerySet[M], page: str | None, *, size: int | None = None) -> ListPage[M]:
    """Page `page` (1 when missing or not a number) of `rows`, in one query whatever the number of rows."""
    size = size or PAGE_SIZE
    number = page_number(page)
    start = (number - 1) * size
    found = list(rows[start : start + size + 1])
    return ListPage(object_list=found[:size], number=number, has_next=len(found) > size)


# --- Accounts ----------------------------------------------------------------------------------------


@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    filter_form = AccountFilterForm(request.GET or None, user=user)
    accounts = selectors.account_list(user=user, filters=filter_form.to_filters())
    return render(
        request,
        "customers/account_list.html",
        {
            "page": list_page(accounts, request.GET.get("page")),
            "filter_form": filter_form,
            "query": _query(request),
            "owner_options_id": OWNER_OPTIONS_ID,
        },
    )


@login_required
def owner_options(request: HttpRequest) -> HttpResponse:
    """The people matching what was typed in a list's owner field: <option>s for its datalist (htmx)."""
    text = request.GET.get("owner", "").strip()
    people = (
        selectors.people_named(user=signed_in_user(request), name=text).order_by("full_name", "pk")[
            :OWNER_OPTIONS
        ]
        if text
        else []
    )
    return render(request, "customers/partials/_owner_options.html", {"people": people})


_ACCOUNT_FIELDS = (
    "name",
    "legal_name",
    "vat_id",
    "tax_id",
    "industry",
    "size",
    "website",
    "country",
    "language",
    "territory",
    "segments",
    "parent",
    "status",
    "customer_since",
    "is_shared",
    "notes",
)


def _account_fields(form: AccountForm, user: User) -> dict[str, Any]:
    data = form.cleaned_data
    fields = {name: data[name] for name in _ACCOUNT_FIELDS}
    fields["segments"] = list(data["segments"])
    fields["owner"] = data["owner"] or user
    return fields


@login_required
def account_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = AccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        fields = _account_fields(form, user)
        try:
            account = services.account_create(created_by=user, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Account created."))
            return HttpResponseRedirect(reverse("customers:account-detail", args=[account.pk]))
    return render(request, "customers/account_form.html", {"form": form, "account": None})


@login_required
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    account = selectors.account_get(user=user, pk=pk)
    initial = {name: getattr(account, name) for name in _ACCOUNT_FIELDS if name != "segments"}
    initial |= {
        "segments": list(account.segments.all()),
        "owner": account.owner if account.owner_id != user.pk else None,
        "version": account.version,
    }
    form = AccountForm(request.POST or None, user=user, account=account, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_update(
                account=account,
                changed_by=user,
                expected_version=form.cleaned_data["version"] or 0,
                **_account_fields(form, user),
            )
        except StaleRecordError as exc:
            form.add_error(None, str(exc))
            # Show what is stored now; the refused values stay in the form to copy from.
            account = selectors.account_get(user=user, pk=pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Account saved."))
            return HttpResponseRedirect(reverse("customers:account-detail", args=[account.pk]))
    return render(request, "customers/account_form.html", {"form": form, "account": account})


@login_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    account = selectors.account_get(user=user, pk=pk)
    return render(request, "customers/account_detail.html", _account_context(request, account))


def _account_context(request: HttpRequest, account: Account, **extra: Any) -> dict[str, Any]:
    user = signed_in_user(request)
    points = selectors.contact_points_of(account=account)
    context = {
        "account": account,
        "segments": account.segments.all(),
        "subsidiaries": selectors.account_subsidiaries(user=user, account=account),
        "points": points,
        "contacts": selectors.account_contacts(user=user, account=account),
        "opportunities": selectors.account_open_opportunities(user=user, account=account),
        "activity_form": ActivityForm(contact_points=points),
        "point_form": ContactPointForm(),
        "timeline": timeline.timeline_page(user=user, record=account, page=request.GET.get("page")),
        "timeline_url": reverse("customers:account-timeline", args=[account.pk]),
        "activity_url": reverse("customers:account-activity", args=[account.pk]),
        "point_url": reverse("customers:account-point-add", args=[account.pk]),
    }
    return context | extra


@login_required
def account_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.account_get(user=signed_in_user(request), pk=pk)
    return _timeline_fragment(request, account, reverse("customers:account-timeline", args=[pk]))


def _timeline_fragment(request: HttpRequest, record: Account | Contact, url: str) -> HttpResponse:
    page = timeline.timeline_page(user=signed_in_user(request), record=record, page=request.GET.get("page"))
    return render(request, "customers/partials/_timeline.html", {"timeline": page, "timeline_url": url})


# --- Contacts ----------------------------------------------------------------------------------------


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    filter_form = ContactFilterForm(request.GET or None, user=user)
    contacts = selectors.contact_list_with_points(user=user, filters=filter_form.to_filters())
    return render(
        request,
        "customers/contact_list.html",
        {
            "page": list_page(contacts, request.GET.get("page")),
            "filter_form": filter_form,
            "query": _query(request),
            "owner_options_id": OWNER_OPTIONS_ID,
        },
    )


_CONTACT_FIELDS = (
    "salutation",
    "first_name",
    "last_name",
    "full_name",
    "title",
    "account",
    "language",
    "country",
    "birthday",
    "is_shared",
    "notes",
)


@login_required
def contact_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    initial: dict[str, Any] = {}
    if account_id := request.GET.get("account"):
        initial["account"] = selectors.account_list(user=user).filter(pk=account_id).first()
    form = ContactForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in _CONTACT_FIELDS}
        try:
            contact = services.contact_create(
                created_by=user,
                owner=data["owner"],
                emails=form.lines("emails"),
                phones=form.lines("phones"),
                **fields,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contact created."))
            return HttpResponseRedirect(reverse("customers:contact-detail", args=[contact.pk]))
    return render(request, "customers/contact_form.html", {"form": form, "contact": None})


@login_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    contact = selectors.contact_get(user=user, pk=pk)
    initial = {name: getattr(contact, name) for name in _CONTACT_FIELDS}
    initial |= {"owner": contact.owner if contact.owner_id != user.pk else None, "version": contact.version}
    form = ContactForm(request.POST or None, user=user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in _CONTACT_FIELDS}
        try:
            services.contact_update(
                contact=contact,
                changed_by=user,
                expected_version=data["version"] or 0,
                owner=data["owner"] or user,
                **fields,
            )
        except StaleRecordError as exc:
            form.add_error(None, str(exc))
            contact = selectors.contact_get(user=user, pk=pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contact saved."))
            return HttpResponseRedirect(reverse("customers:contact-detail", args=[contact.pk]))
    return render(request, "customers/contact_form.html", {"form": form, "contact": contact})


@login_required
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(user=signed_in_user(request), pk=pk)
    return render(request, "customers/contact_detail.html", _contact_context(request, contact))


def _contact_context(request: HttpRequest, contact: Contact, **extra: Any) -> dict[str, Any]:
    user = signed_in_user(request)
    points = selectors.contact_points_of(contact=contact)
    context = {
        "contact": contact,
        "points": points,
        "activity_form": ActivityForm(contact_points=points),
        "point_form": ContactPointForm(),
        "timeline": timeline.timeline_page(user=user, record=contact, page=request.GET.get("page")),
        "timeline_url": reverse("customers:contact-timeline", args=[contact.pk]),
        "activity_url": reverse("customers:contact-activity", args=[contact.pk]),
        "point_url": reverse("customers:contact-point-add", args=[contact.pk]),
    }
    return context | extra


@login_required
def contact_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(user=signed_in_user(request), pk=pk)
    return _timeline_fragment(request, contact, reverse("customers:contact-timeline", args=[pk]))


@login_required
def contact_vcard_download(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(user=signed_in_user(request), pk=pk)
    response = HttpResponse(contact_vcard(contact), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{vcard_filename(contact)}"'
    return response


# --- Activities and contact details, from the account and contact pages --------------------------------


def _log_activity(request: HttpRequest, record: Account | Contact) -> HttpResponse:
    user = signed_in_user(request)
    is_account = isinstance(record, Account)
    link: dict[str, Any]
    if isinstance(record, Account):
        points = selectors.contact_points_of(account=record)
        link = {"account": record}
    else:
        points = selectors.contact_points_of(contact=record)
        link = {"contact": record}
    form = ActivityForm(request.POST, contact_points=points)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["planned_for"]:
                services.activity_plan(
                    planned_by=user,
                    kind=data["kind"],
                    subject=data["subject"],
                    planned_for=data["planned_for"],
                    notes=data["notes"],
                    **link,
                )
                messages.success(request, _("Activity planned; it is on your worklist."))
            else:
                services.activity_log(
                    logged_by=user,
                    kind=data["kind"],
                    subject=data["subject"],
                    notes=data["notes"],
                    occurred_at=data["occurred_at"],
                    outcome=data["outcome"],
                    contact_point=data["contact_point"],
                    duration_minutes=data["duration_minutes"],
                    **link,
                )
                messages.success(request, _("Activity logged."))
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        if is_account:
            context = _account_context(request, record, activity_form=form)  # type: ignore[arg-type]
            return render(request, "customers/account_detail.html", context, status=400)
        context = _contact_context(request, record, activity_form=form)  # type: ignore[arg-type]
        return render(request, "customers/contact_detail.html", context, status=400)
    name = "customers:account-detail" if is_account else "customers:contact-detail"
    return HttpResponseRedirect(reverse(name, args=[record.pk]))


@login_required
@require_POST
def account_activity(request: HttpRequest, pk: int) -> HttpResponse:
    return _log_activity(request, selectors.account_get(user=signed_in_user(request), pk=pk))


@login_required
@require_POST
def contact_activity(request: HttpRequest, pk: int) -> HttpResponse:
    return _log_activity(request, selectors.contact_get(user=signed_in_user(request), pk=pk))


def _add_point(request: HttpRequest, record: Account | Contact) -> HttpResponse:
    user = signed_in_user(request)
    is_account = isinstance(record, Account)
    form = ContactPointForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        owner: dict[str, Any] = {"account": record} if is_account else {"contact": record}
        try:
            services.contact_point_add(
                added_by=user,
                kind=data["kind"],
                value=data["value"],
                label=data["label"],
                is_primary=data["is_primary"],
                **owner,
                **form.address(),
            )
            messages.success(request, _("Contact detail added."))
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        if is_account:
            context = _account_context(request, record, point_form=form)  # type: ignore[arg-type]
            return render(request, "customers/account_detail.html", context, status=400)
        context = _contact_context(request, record, point_form=form)  # type: ignore[arg-type]
        return render(request, "customers/contact_detail.html", context, status=400)
    name = "customers:account-detail" if is_account else "customers:contact-detail"
    return HttpResponseRedirect(reverse(name, args=[record.pk]))


@login_required
@require_POST
def account_point_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_point(request, selectors.account_get(user=signed_in_user(request), pk=pk))


@login_required
@require_POST
def contact_point_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_point(request, selectors.contact_get(user=signed_in_user(request), pk=pk))


@login_required
@require_POST
def point_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    point = get_visible_or_404(user, ContactPoint, pk=pk)
    target = (
        reverse("customers:account-detail", args=[point.account_id])
        if point.account_id
        else reverse("customers:contact-detail", args=[point.contact_id])
    )
    services.contact_point_remove(contact_point=point, removed_by=user)
    messages.success(request, _("Contact detail removed."))
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse("")
    return HttpResponseRedirect(target)


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(user=signed_in_user(request), pk=pk)
    return render(
        request,
        "customers/activity_detail.html",
        {"activity": activity, "complete_form": ActivityCompleteForm(), "now": timezone.now()},
    )


@login_required
@require_POST
def activity_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Complete a planned activity; from the worklist this answers with the updated row (htmx)."""
    user = signed_in_user(request)
    activity = selectors.activity_get(user=user, pk=pk)
    if request.POST.get("action", "complete") != "complete":
        return HttpResponse(_("Unknown action."), status=400)
    form = ActivityCompleteForm(request.POST)
    if form.is_valid():
        try:
            services.activity_complete(
                activity=activity,
                completed_by=user,
                outcome=form.cleaned_data["outcome"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Activity done."))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "customers/partials/_activity_done.html", {"activity": activity})
    next_url = request.POST.get("next", "")
    if not next_url.startswith("/") or next_url.startswith("//"):
        next_url = reverse("customers:activity-detail", args=[activity.pk])
    return HttpResponseRedirect(next_url)
