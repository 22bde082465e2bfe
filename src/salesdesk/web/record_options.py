"""The options a `core.widgets.RecordSelect` offers: records of one kind that the reader may see, matching
what was typed, as `<option>`s for htmx to put into the select."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from salesdesk.core.scoping import visible_to
from salesdesk.customers.models import Account, Contact
from salesdesk.org.models import User
from salesdesk.search.matching import contains
from salesdesk.web.requests import signed_in_user

OPTIONS = 30


@dataclass(frozen=True)
class RecordKind:
    records: Callable[[User], QuerySet[Any]]
    search_field: str
    label: Callable[[Any], str]


def _contact_label(contact: Contact) -> str:
    account = contact.account.name if contact.account_id else ""  # type: ignore[union-attr]
    return f"{contact.full_name} ({account})" if account else contact.full_name


def _accounts(user: User) -> QuerySet[Account]:
    return visible_to(user, Account).filter(merged_into__isnull=True).order_by("name", "pk")


def _contacts(user: User) -> QuerySet[Contact]:
    return visible_to(user, Contact).select_related("account").order_by("full_name", "pk")


KINDS: dict[str, RecordKind] = {
    "account": RecordKind(records=_accounts, search_field="name", label=lambda account: account.name),
    "contact": RecordKind(records=_contacts, search_field="full_name", label=_contact_label),
}


def record_label(kind: str, record: Model) -> str:
    return KINDS[kind].label(record)


@login_required
def record_options(request: HttpRequest, kind: str) -> HttpResponse:
    record_kind = KINDS.get(kind)
    if record_kind is None:
        raise Http404
    # The search box's own parameter is named after its field ("account_search"); one is sent.
    term = next((str(value) for key, value in request.GET.items() if key.endswith("_search")), "").strip()
    records = record_kind.records(signed_in_user(request))
    if term:
        records = records.filter(contains(record_kind.search_field, term))
    options = [(record.pk, record_kind.label(record)) for record in records[:OPTIONS]]
    return render(
        request,
        "web/partials/_record_options.html",
        {"options": options, "blank": request.GET.get("blank") == "1"},
    )
