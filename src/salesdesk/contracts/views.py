"""Contract pages: list (with "Sign selected"), new contract with its lines, editing a draft, detail,
sign, cancel and terminate. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from salesdesk.contracts import selectors, services
from salesdesk.contracts.choices import ContractStatus
from salesdesk.contracts.forms import (
    ContractFilterForm,
    ContractForm,
    DraftLineFormSet,
    LineFormSet,
    ReasonForm,
    SignForm,
    TerminateForm,
    line_initial,
)
from salesdesk.contracts.models import Contract
from salesdesk.contracts.signing import sign_contracts_job
from salesdesk.core.jobs import job_enqueue
from salesdesk.core.models import CompanySettings
from salesdesk.core.versioning import StaleRecordError
from salesdesk.org.choices import Role
from salesdesk.org.models import User
from salesdesk.web.requests import add_service_errors, signed_in_user

PAGE_SIZE = 50
BULK_SIGNERS = frozenset({Role.COORDINATOR, Role.ADMIN})


@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ContractFilterForm(request.GET or None, user=user)
    rows = selectors.contract_list(user=user, filters=form.filters()).order_by("end_on", "pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    promises = selectors.promises_for(page.object_list)
    query = urlencode([(key, value) for key, value in request.GET.items() if key != "page" and value])
    return render(
        request,
        "contracts/contract_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(contract, promises[contract.pk]) for contract in page.object_list],
            "query": query,
            "can_sign_selected": bool(user.roles & BULK_SIGNERS),
            "can_create": bool(user.roles & services.SELLING_ROLES),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def contract_sign_selected(request: HttpRequest) -> HttpResponse:
    """Coordinators sign many drafts at once, as a background job whose progress they can watch."""
    user = signed_in_user(request)
    if not user.roles & BULK_SIGNERS:
        messages.error(request, _("Only coordinators sign contracts in bulk."))
        return HttpResponseRedirect(reverse("contracts:contract-list"))
    ids = [int(value) for value in request.POST.getlist("contract") if value.isdigit()]
    drafts = selectors.signable_contracts(user=user, ids=ids)
    signed_on = parse_date(request.POST.get("signed_on") or "") or timezone.localdate()
    if not drafts:
        messages.error(request, _("Select at least one draft contract to sign."))
        return HttpResponseRedirect(reverse("contracts:contract-list"))
    if signed_on > timezone.localdate():
        messages.error(request, _("The signature date cannot be in the future."))
        return HttpResponseRedirect(reverse("contracts:contract-list"))
    run = job_enqueue(
        job=sign_contracts_job,
        kind="contracts.sign",
        label=ngettext("Sign %(count)d contract", "Sign %(count)d contracts", len(drafts))
        % {"count": len(drafts)},
        requested_by=user,
        args=(drafts, user.pk, signed_on.isoformat()),
    )
    return HttpResponseRedirect(reverse("web:job-detail", args=[run.pk]))


def _show_line_errors(
    formset: Any, filled: Sequence[forms.Form], exc: ValidationError, form: forms.Form
) -> None:
    """`lines.2.quantity` from the service goes on the third filled row's quantity; the rest on the form."""
    if not hasattr(exc, "error_dict"):
        add_service_errors(form, exc)
        return
    rest: dict[str, list[str]] = {}
    for key, errors in exc.message_dict.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "lines" and parts[1].isdigit() and int(parts[1]) < len(filled):
            row = filled[int(parts[1])]
            row.add_error(parts[2] if parts[2] in row.fields else None, errors)
        elif key == "lines":
            formset._non_form_errors = formset.error_class(errors)  # shown above the line table
        else:
            rest[key] = errors
    if rest:
        add_service_errors(form, ValidationError(rest))


@login_required
def contract_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    initial: dict[str, Any] = {"currency": CompanySettings.current().currency}
    if request.GET.get("account"):
        initial["account"] = request.GET["account"]
    form = ContractForm(request.POST or None, initial=initial, user=user)
    formset = LineFormSet(request.POST or None, prefix="lines", user=user)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        filled = [row for row in formset.forms if row.has_changed() and row.cleaned_data]
        try:
            contract = services.contract_create(
                created_by=user,
                account=data["account"],
                title=data["title"],
                start_on=data["start_on"],
                end_on=data["end_on"],
                currency=data["currency"],
                lines=[row.line() for row in filled],
                owner=data["owner"] or user,
                contact=data["contact"],
                auto_renew=data["auto_renew"],
                notice_days=data["notice_days"],
                renewal_months=data["renewal_months"],
                price_list=data["price_list"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            _show_line_errors(formset, filled, exc, form)
        else:
            messages.success(request, _("Contract %(number)s drafted.") % {"number": contract.number})
            return HttpResponseRedirect(reverse("contracts:contract-detail", args=[contract.pk]))
    return render(request, "contracts/contract_form.html", {"form": form, "formset": formset})


_HEADER_FIELDS = (
    "account",
    "title",
    "start_on",
    "end_on",
    "owner",
    "contact",
    "auto_renew",
    "notice_days",
    "renewal_months",
    "notes",
)


def _header_initial(contract: Any) -> dict[str, Any]:
    initial = {name: getattr(contract, name) for name in _HEADER_FIELDS}
    return {
        **initial,
        "currency": contract.currency,
        "price_list": contract.price_list_id,
        "version": contract.version,
    }


@login_required
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft: its header and its lines, saved together or not at all."""
    user = signed_in_user(request)
    contract = selectors.contract_get(user=user, pk=pk)
    if contract.status != ContractStatus.DRAFT:
        messages.error(
            request,
            _("Only a draft can be changed; this contract is %(status)s.")
            % {"status": contract.get_status_display().lower()},
        )
        return HttpResponseRedirect(reverse("contracts:contract-detail", args=[contract.pk]))
    lines = selectors.contract_lines(contract=contract)
    form = ContractForm(request.POST or None, initial=_header_initial(contract), user=user)
    formset = DraftLineFormSet(
        request.POST or None, prefix="lines", user=user, initial=[line_initial(line) for line in lines]
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        # Kept rows: prefilled ones not marked for deletion, and new rows filled in (empty ones are skipped).
        filled = [row for row in formset.forms if row.cleaned_data and row not in formset.deleted_forms]
        try:
            with transaction.atomic():
                services.contract_update(
                    contract=contract,
                    changed_by=user,
                    expected_version=data["version"] or 0,
                    **{name: data[name] for name in _HEADER_FIELDS if name != "owner"},
                    owner=data["owner"] or contract.owner,
                )
                services.contract_replace_lines(
                    contract=contract,
                    lines=[row.line() for row in filled],
                    changed_by=user,
                    expected_version=contract.version,
                    currency=data["currency"],
                    price_list=data["price_list"],
                )
        except StaleRecordError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _show_line_errors(formset, filled, exc, form)
        else:
            messages.success(request, _("Contract %(number)s saved.") % {"number": contract.number})
            return HttpResponseRedirect(reverse("contracts:contract-detail", args=[contract.pk]))
    return render(
        request, "contracts/contract_form.html", {"form": form, "formset": formset, "contract": contract}
    )


def _detail_context(request: HttpRequest, contract: Any, **forms_: Any) -> dict[str, Any]:
    user = signed_in_user(request)
    return {
        "contract": contract,
        "lines": selectors.contract_lines(contract=contract),
        "deliverables": list(selectors.contract_deliverables(user=user, contract=contract)),
        "promises": selectors.promises_kept(contract),
        "billing_entries": list(selectors.contract_billing_entries(user=user, contract=contract)),
        "history": selectors.contract_history(contract=contract),
        "can_sign": contract.status == ContractStatus.DRAFT and bool(user.roles & services.SELLING_ROLES),
        "can_cancel": contract.status in (ContractStatus.DRAFT, ContractStatus.SIGNED)
        and bool(user.roles & services.SELLING_ROLES),
        "can_edit": contract.status == ContractStatus.DRAFT and bool(user.roles & services.SELLING_ROLES),
        "can_terminate": contract.status == ContractStatus.SIGNED
        and bool(user.roles & services.SELLING_ROLES),
        "sign_form": forms_.get("sign_form") or SignForm(initial={"version": contract.version}),
        "cancel_form": forms_.get("cancel_form") or ReasonForm(initial={"version": contract.version}),
        "terminate_form": forms_.get("terminate_form")
        or TerminateForm(initial={"version": contract.version}),
        "today": timezone.localdate(),
    }


@login_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_get(user=signed_in_user(request), pk=pk)
    return render(request, "contracts/contract_detail.html", _detail_context(request, contract))


def _contract_action(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[forms.Form],
    form_key: str,
    action: Callable[[Contract, User, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """A form posted from the contract page: valid and accepted by the service → back to the page with
    `success`; otherwise the page again (400) with the form and the service's errors on their fields."""
    user = signed_in_user(request)
    contract = selectors.contract_get(user=user, pk=pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            action(contract, user, form.cleaned_data)
        except StaleRecordError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return HttpResponseRedirect(reverse("contracts:contract-detail", args=[contract.pk]))
    contract = selectors.contract_get(user=user, pk=pk)  # as stored, not as the refused change left it
    context = _detail_context(request, contract, **{form_key: form})
    return render(request, "contracts/contract_detail.html", context, status=400)


@login_required
@require_POST
def contract_sign(request: HttpRequest, pk: int) -> HttpResponse:
    return _contract_action(
        request,
        pk,
        form_class=SignForm,
        form_key="sign_form",
        action=lambda contract, user, data: services.contract_sign(
            contract=contract,
            signed_by=user,
            signed_on=data["signed_on"],
            document=data["document"],
            expected_version=data["version"],
        ),
        success=_("Contract signed: its promises are in the departments' queues."),
    )


@login_required
@require_POST
def contract_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _contract_action(
        request,
        pk,
        form_class=ReasonForm,
        form_key="cancel_form",
        action=lambda contract, user, data: services.contract_cancel(
            contract=contract, cancelled_by=user, reason=data["reason"], expected_version=data["version"] or 0
        ),
        success=_("Contract cancelled."),
    )


@login_required
@require_POST
def contract_terminate(request: HttpRequest, pk: int) -> HttpResponse:
    """End a signed contract early: later work and billing are cancelled, earlier ones stand."""
    return _contract_action(
        request,
        pk,
        form_class=TerminateForm,
        form_key="terminate_form",
        action=lambda contract, user, data: services.contract_terminate(
            contract=contract,
            terminated_by=user,
            terminated_on=data["terminated_on"],
            reason=data["reason"],
            expected_version=data["version"],
        ),
        success=_("Contract terminated."),
    )
