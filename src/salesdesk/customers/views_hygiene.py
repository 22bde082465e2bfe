"""Pages of data hygiene: the hygiene queue, bounce uploads, the tracking webhook, duplicates and merges.

The queue, the uploads, the duplicate review and the merge screen are coordinators' (and administrators')
work: for anyone else they do not exist (404).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from salesdesk.customers import dedupe, hygiene, merge
from salesdesk.customers.bounces import bounce_messages_apply
from salesdesk.customers.choices import DuplicateStatus
from salesdesk.customers.imap import mailbox_settings
from salesdesk.customers.models import Account, Contact, DuplicatePair
from salesdesk.customers.tasks import bounce_mailbox_check_start, duplicates_scan_start
from salesdesk.org.models import User
from salesdesk.web.requests import signed_in_user

MAX_BOUNCE_FILES = 200
MAX_BOUNCE_FILE_BYTES = 5 * 1024 * 1024

SIGNAL_LABELS = {
    "vat": gettext_lazy("Same VAT ID"),
    "domain": gettext_lazy("Same web domain"),
    "email": gettext_lazy("Shared e-mail address"),
    "phone": gettext_lazy("Shared phone number"),
    "name": gettext_lazy("Similar name"),
}


def _reviewer(request: HttpRequest) -> User:
    """The signed-in coordinator or administrator; for anyone else the page does not exist."""
    user = signed_in_user(request)
    if not hygiene.can_review_hygiene(user):
        raise Http404
    return user


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


# --- hygiene queue ---------------------------------------------------------------------------------


class FixForm(forms.Form):
    value = forms.CharField(label=gettext_lazy("Corrected value"), max_length=500)


@login_required
def hygiene_queue(request: HttpRequest) -> HttpResponse:
    user = _reviewer(request)
    page = Paginator(hygiene.hygiene_queue(user=user), 50).get_page(request.GET.get("page"))
    return render(request, "customers/hygiene_queue.html", {"page": page, "query": ""})


@login_required
@require_POST
def hygiene_fix(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reviewer(request)
    point = hygiene.hygiene_queue(user=user).filter(pk=pk).first()
    if point is None:
        raise Http404
    form = FixForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            hygiene.contact_point_fix(contact_point=point, value=form.cleaned_data["value"], fixed_by=user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(str(message) for messages_ in form.errors.values() for message in messages_)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "customers/partials/_hygiene_row.html", {"point": point, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("%(value)s is saved as valid.") % {"value": point.value})
    return HttpResponseRedirect(reverse("customers:hygiene-queue"))


# --- marking by hand -------------------------------------------------------------------------------


@login_required
@require_POST
def contact_point_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark any contact point the person can see ("mail came back", "number not in service", ...)."""
    point = hygiene.contact_point_get(user=signed_in_user(request), pk=pk)
    error = ""
    try:
        hygiene.contact_point_mark(
            contact_point=point, mark=request.POST.get("mark", ""), changed_by=signed_in_user(request)
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "customers/partials/_hygiene_actions.html", {"point": point, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("%(value)s is now: %(status)s.") % {"value": point.value, "status": point.get_status_display()},
        )
    return HttpResponseRedirect(_safe_next(request, reverse("worklist:home")))


# --- bounce messages -------------------------------------------------------------------------------


@login_required
def hygiene_bounces(request: HttpRequest) -> HttpResponse:
    """Upload .eml bounce messages; the page lists what each file said and which records it marked."""
    user = _reviewer(request)
    results = None
    error = ""
    if request.method == "POST":
        files = request.FILES.getlist("files")
        if not files:
            error = _("Choose one or more bounce message files (.eml).")
        elif len(files) > MAX_BOUNCE_FILES:
            error = _("Upload at most %(count)s files at a time.") % {"count": MAX_BOUNCE_FILES}
        else:
            raw_messages = []
            for upload in files:
                if upload.size and upload.size > MAX_BOUNCE_FILE_BYTES:
                    raw_messages.append((upload.name or "", b""))
                else:
                    raw_messages.append((upload.name or "", upload.read()))
            results = bounce_messages_apply(messages=raw_messages, changed_by=user)
            visible = set(
                hygiene.hygiene_queue(user=user)
                .filter(pk__in=[p.pk for r in results for o in r.outcomes for p in o.marked])
                .values_list("pk", flat=True)
            )
            for result in results:
                for outcome in result.outcomes:
                    outcome.marked = [point for point in outcome.marked if point.pk in visible]
    return render(
        request,
        "customers/hygiene_bounces.html",
        {"results": results, "error": error, "mailbox": mailbox_settings() is not None},
    )


@login_required
@require_POST
def hygiene_mailbox_check(request: HttpRequest) -> HttpResponse:
    user = _reviewer(request)
    if mailbox_settings() is None:
        messages.error(request, _("No bounce mailbox is configured (SALESDESK_BOUNCE_IMAP_HOST)."))
        return HttpResponseRedirect(reverse("customers:hygiene-bounces"))
    run = bounce_mailbox_check_start(requested_by=user)
    return HttpResponseRedirect(reverse("web:job-detail", args=[run.pk]))


# --- tracking webhook ------------------------------------------------------------------------------


def _webhook_secret() -> str:
    return str(
        os.environ.get("SALESDESK_EMAIL_WEBHOOK_SECRET")
        or getattr(settings, "SALESDESK_EMAIL_WEBHOOK_SECRET", "")
    )


@csrf_exempt
@require_POST
def email_events_webhook(request: HttpRequest) -> HttpResponse:
    """An ESP's delivery events, signed with HMAC-SHA256 of the raw body (hex in X-Salesdesk-Signature)."""
    secret = _webhook_secret()
    if not secret:
        return JsonResponse({"detail": "The e-mail webhook is not configured."}, status=503)
    expected = hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
    given = request.headers.get("X-Salesdesk-Signature", "").strip().lower()
    if not hmac.compare_digest(expected, given):
        return JsonResponse({"detail": "Bad signature."}, status=403)
    try:
        events = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"detail": "The body is not JSON."}, status=400)
    if not isinstance(events, list):
        return JsonResponse({"detail": "The body must be a JSON list of events."}, status=400)
    return JsonResponse(hygiene.email_events_apply(events=events).as_dict())


# --- duplicates and merges -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PairRow:
    pair: DuplicatePair
    first: Any
    second: Any
    reasons: list[str]


def _reason_texts(pair: DuplicatePair) -> list[str]:
    texts = []
    for reason in pair.reasons or []:
        label = SIGNAL_LABELS.get(str(reason.get("signal")), reason.get("signal"))
        texts.append(f"{label}: {reason.get('value', '')}")
    return texts


@login_required
def duplicates_list(request: HttpRequest) -> HttpResponse:
    user = _reviewer(request)
    entity = "contact" if request.GET.get("entity") == "contact" else "account"
    page = Paginator(dedupe.duplicate_pair_list(user=user, entity=entity), 50).get_page(
        request.GET.get("page")
    )
    records = dedupe.duplicate_pair_records(page.object_list, entity)
    rows = [
        PairRow(pair, records.get(pair.first_id), records.get(pair.second_id), _reason_texts(pair))
        for pair in page.object_list
    ]
    return render(
        request,
        "customers/duplicates_list.html",
        {"page": page, "rows": rows, "entity": entity, "query": f"entity={entity}"},
    )


@login_required
@require_POST
def duplicates_scan(request: HttpRequest) -> HttpResponse:
    run = duplicates_scan_start(requested_by=_reviewer(request))
    return HttpResponseRedirect(reverse("web:job-detail", args=[run.pk]))


@login_required
@require_POST
def duplicate_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reviewer(request)
    pair = dedupe.duplicate_pair_get(user=user, pk=pk)
    merge.duplicate_pair_dismiss(pair=pair, dismissed_by=user)
    messages.success(request, _("Marked as not duplicates."))
    return HttpResponseRedirect(reverse("customers:duplicates") + f"?entity={pair.entity}")


def _display(record: Any, name: str) -> str:
    field = record._meta.get_field(name)
    if getattr(field, "choices", None):
        return str(getattr(record, f"get_{name}_display")())
    value = getattr(record, name)
    return "" if value is None else str(value)


@dataclass(frozen=True, slots=True)
class MergeRow:
    name: str
    label: str
    first: str
    second: str
    chosen: str  # "first" or "second"

    @property
    def differs(self) -> bool:
        return self.first != self.second


@login_required
def duplicate_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Side by side: choose the record that stays and, per field, whose value wins; then merge."""
    user = _reviewer(request)
    pair = dedupe.duplicate_pair_get(user=user, pk=pk)
    if pair.status != DuplicateStatus.OPEN:
        raise Http404
    model: type[Account] | type[Contact] = Account if pair.entity == "account" else Contact
    fields = merge.ACCOUNT_MERGE_FIELDS if pair.entity == "account" else merge.CONTACT_MERGE_FIELDS
    related = ("owner", "territory", "parent") if pair.entity == "account" else ("owner", "account")
    records: dict[int, Any] = model.objects.select_related(*related).in_bulk([pair.first_id, pair.second_id])
    first, second = records[pair.first_id], records[pair.second_id]
    if first.merged_into_id or second.merged_into_id:
        raise Http404
    error = ""
    if request.method == "POST":
        keep = request.POST.get("keep", "first")
        survivor, loser = (first, second) if keep != "second" else (second, first)
        sources = {"first": first, "second": second}
        values = {
            name: getattr(sources.get(request.POST.get(f"field_{name}", keep), survivor), name)
            for name in fields
        }
        try:
            if pair.entity == "account":
                kept: Any = merge.merge_accounts(
                    survivor=survivor, loser=loser, merged_by=user, values=values, pair=pair
                )
            else:
                kept = merge.merge_contacts(
                    survivor=survivor, loser=loser, merged_by=user, values=values, pair=pair
                )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, _("%(loser)s was merged into %(survivor)s.") % {"loser": loser, "survivor": kept}
            )
            return HttpResponseRedirect(reverse("customers:duplicates") + f"?entity={pair.entity}")
    rows = []
    for name in fields:
        first_value, second_value = _display(first, name), _display(second, name)
        label = capfirst(str(model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]
        rows.append(
            MergeRow(
                name,
                label,
                first_value,
                second_value,
                "second" if not first_value and second_value else "first",
            )
        )
    return render(
        request,
        "customers/merge_form.html",
        {
            "pair": pair,
            "first": first,
            "second": second,
            "rows": rows,
            "reasons": _reason_texts(pair),
            "error": error,
        },
    )
