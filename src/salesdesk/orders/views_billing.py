"""Finance's billing page: filter the entries, see totals per currency, export them, mark batches exported."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from salesdesk.core.scoping import visible_to
from salesdesk.core.widgets import RecordSelect
from salesdesk.customers.models import Account
from salesdesk.orders.billing import billing_entries_mark_exported, may_bill
from salesdesk.orders.billing_export import CSV_DELIMITERS, billing_csv_chunks, billing_rows, billing_xlsx
from salesdesk.orders.billing_selectors import (
    BillingFilters,
    billing_batch_entries,
    billing_batch_list,
    billing_entry_list,
    billing_totals,
)
from salesdesk.orders.choices import BillingKind, BillingStatus
from salesdesk.orders.models import BillingEntry
from salesdesk.org.models import User
from salesdesk.web.requests import signed_in_user

PAGE_SIZE = 50
FILE_FORMATS = ("csv", "xlsx")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BillingFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False, choices=[("", "—"), *BillingStatus.choices]
    )
    bill_on_from = forms.DateField(label=gettext_lazy("Bill on from"), required=False, widget=_DATE)
    bill_on_to = forms.DateField(label=gettext_lazy("Bill on until"), required=False, widget=_DATE)
    account = forms.ModelChoiceField(
        label=gettext_lazy("Account"),
        queryset=Account.objects.none(),
        required=False,
        widget=RecordSelect("account"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Billing"), required=False, choices=[("", "—"), *BillingKind.choices]
    )
    currency = forms.CharField(label=gettext_lazy("Currency"), required=False, max_length=3)
    contract = forms.IntegerField(widget=forms.HiddenInput, required=False)
    order = forms.IntegerField(widget=forms.HiddenInput, required=False)
    batch = forms.CharField(label=gettext_lazy("Export batch"), required=False, max_length=40)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        account = self.fields["account"]
        assert isinstance(account, forms.ModelChoiceField)
        # Only accounts that have entries this person sees: finance is not offered every customer.
        account.queryset = Account.objects.filter(
            pk__in=visible_to(user, BillingEntry).values("account_id")
        ).order_by("name")

    def filters(self) -> BillingFilters:
        """The filters as the selector takes them; invalid values are ignored, not guessed at."""
        data = self.cleaned_data if self.is_valid() else {}
        account = data.get("account")
        return BillingFilters(
            status=data.get("status") or "",
            bill_on_from=data.get("bill_on_from"),
            bill_on_to=data.get("bill_on_to"),
            account_id=account.pk if account is not None else None,
            kind=data.get("kind") or "",
            currency=(data.get("currency") or "").strip(),
            contract_id=data.get("contract"),
            order_id=data.get("order"),
            batch=(data.get("batch") or "").strip(),
        )


def _biller(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not may_bill(user):
        raise PermissionDenied
    return user


def _query(request: HttpRequest) -> str:
    return urlencode([(key, value) for key, value in request.GET.items() if key != "page" and value])


def _filter_params(form: BillingFilterForm) -> list[tuple[str, str]]:
    """The filters as they were sent, to carry them from the confirmation to the marking and back."""
    return [(name, str(form.data[name])) for name in form.fields if form.data.get(name)]


@login_required
@require_GET
def billing_list(request: HttpRequest) -> HttpResponse:
    user = _biller(request)
    form = BillingFilterForm(request.GET or None, user=user)
    entries = billing_entry_list(user=user, filters=form.filters())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": _query(request),
        "totals": billing_totals(entries),
        "batches": billing_batch_list(user=user),
        "delimiters": CSV_DELIMITERS,
    }
    return render(request, "orders/billing_list.html", context)


def _file_response(
    entries: QuerySet[BillingEntry], *, stem: str, file_format: str, delimiter: str
) -> HttpResponseBase:
    """CSV is streamed, so a large export never sits in memory; XLSX is written row by row."""
    if file_format == "xlsx":
        body = billing_xlsx(billing_rows(entries), title=_("Billing"))
        response = HttpResponse(
            body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
    if delimiter not in CSV_DELIMITERS:
        delimiter = ";"
    streaming = StreamingHttpResponse(
        billing_csv_chunks(entries, delimiter=delimiter), content_type="text/csv; charset=utf-8"
    )
    streaming["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return streaming


@login_required
@require_GET
def billing_export(request: HttpRequest, file_format: str) -> HttpResponseBase:
    """The filtered entries as a file, without changing them."""
    user = _biller(request)
    if file_format not in FILE_FORMATS:
        raise Http404
    form = BillingFilterForm(request.GET or None, user=user)
    entries = billing_entry_list(user=user, filters=form.filters())
    stem = f"billing-{timezone.localdate().isoformat()}"
    return _file_response(
        entries, stem=stem, file_format=file_format, delimiter=request.GET.get("delimiter", ";")
    )


@login_required
@require_GET
def billing_batch_download(request: HttpRequest, batch: str, file_format: str) -> HttpResponseBase:
    """A batch exported before, downloaded again as it was marked (nothing is marked twice)."""
    user = _biller(request)
    if file_format not in FILE_FORMATS:
        raise Http404
    entries = billing_batch_entries(user=user, batch=batch)
    if not entries.exists():
        raise Http404
    return _file_response(
        entries, stem=batch, file_format=file_format, delimiter=request.GET.get("delimiter", ";")
    )


@login_required
@require_http_methods(["GET", "POST"])
def billing_mark_exported(request: HttpRequest) -> HttpResponse:
    """Confirm (GET), then mark the pending entries of the filters as one exported batch (POST)."""
    user = _biller(request)
    data = request.POST if request.method == "POST" else request.GET
    form = BillingFilterForm(data or None, user=user)
    filters = form.filters()
    pending = billing_entry_list(user=user, filters=filters).filter(status=BillingStatus.PENDING)
    if request.method == "POST":
        try:
            exported = billing_entries_mark_exported(entries=pending, exported_by=user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(f"{reverse('orders:billing-list')}?{urlencode(_filter_params(form))}")
        messages.success(
            request,
            _("Batch %(batch)s exported: %(count)d billing entries.")
            % {"batch": exported.batch, "count": len(exported.ids)},
        )
        return HttpResponseRedirect(
            f"{reverse('orders:billing-list')}?{urlencode({'batch': exported.batch})}"
        )
    context = {"totals": billing_totals(pending), "params": _filter_params(form), "query": _query(request)}
    return render(request, "orders/billing_mark_exported.html", context)
