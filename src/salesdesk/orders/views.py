"""Pages of orders, deliveries and incidents. Thin: parse, call a service or selector, render."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salesdesk.core.audit import history_diffs
from salesdesk.core.charts import Bar, bar_chart
from salesdesk.core.models import CompanySettings
from salesdesk.core.scoping import visible_to
from salesdesk.core.versioning import StaleRecordError
from salesdesk.customers.models import Account
from salesdesk.orders import selectors, services
from salesdesk.orders.choices import IncidentStatus, OrderStatus
from salesdesk.orders.forms import (
    BaseLineFormSet,
    DeliveryForm,
    IncidentFilterForm,
    IncidentForm,
    OrderEditForm,
    OrderFilterForm,
    OrderForm,
    PeriodForm,
    ResolveForm,
    TrackingForm,
    TransitionForm,
    line_formset,
)
from salesdesk.orders.models import Order
from salesdesk.web.requests import add_service_errors, signed_in_user

PAGE_SIZE = 50
_LINE_KEY = re.compile(r"^lines\[(?P<index>\d+)\]\.(?P<field>\w+)$")


def _query(request: HttpRequest) -> str:
    return urlencode([(key, value) for key, value in request.GET.items() if key != "page" and value])


def _error_text(exc: ValidationError | StaleRecordError) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def _show_line_errors(form: forms.Form, formset: BaseLineFormSet, exc: ValidationError) -> None:
    """Errors about a line go on that line's field; the rest on the head form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    rest: dict[str, list[str]] = {}
    for key, errors in exc.message_dict.items():
        match = _LINE_KEY.match(key)
        line_form = formset.line_form(int(match["index"])) if match else None
        if match and line_form is not None and match["field"] in line_form.fields:
            line_form.add_error(match["field"], errors)
        else:
            rest[key] = errors
    if rest:
        add_service_errors(form, ValidationError(rest))


# --- orders -------------------------------------------------------------------------------------


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = OrderFilterForm(request.GET or None, user=user)
    rows = selectors.order_list(user=user, filters=form.filters()).order_by("-quoted_on", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "orders/order_list.html", {"form": form, "page": page, "query": _query(request)})


@login_required
def order_create(request: HttpRequest) -> HttpResponse:
    """A new quote: the head and a line editor; "Add a line" posts back for one more row."""
    user = signed_in_user(request)
    initial = {"currency": CompanySettings.current().currency, "quoted_on": timezone.localdate()}
    if request.GET.get("account"):
        initial["account"] = request.GET["account"]
    posted = request.method == "POST"
    adding = posted and "add_line" in request.POST
    form = OrderForm(request.POST if posted else None, initial=initial, user=user)
    formset = line_formset(request.POST if posted else None, user=user, add_line=adding)
    if posted and not adding and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            order = services.order_create(
                created_by=user,
                account=data["account"],
                contact=data["contact"],
                owner=data["owner"],
                currency=data["currency"],
                price_list=data["price_list"],
                quoted_on=data["quoted_on"],
                notes=data["notes"],
                lines=formset.line_inputs(),
            )
        except ValidationError as exc:
            _show_line_errors(form, formset, exc)
        else:
            messages.success(request, _("Quote %(number)s created.") % {"number": order.number})
            return HttpResponseRedirect(reverse("orders:order-detail", args=[order.pk]))
    if adding:
        form.errors.clear()  # adding a row is not submitting: no "this field is required" yet
    return render(request, "orders/order_form.html", {"form": form, "formset": formset, "order": None})


@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    detail = selectors.order_detail(user=user, pk=pk)
    order = detail.order
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "detail": detail,
            "transitions": [
                status
                for status in detail.allowed_statuses
                # Delivery happens through deliveries when there are any; follow-up has its own button.
                if status != OrderStatus.FOLLOWED_UP
                and not (status == OrderStatus.DELIVERED and detail.deliveries)
            ],
            "can_follow_up": order.status == OrderStatus.DELIVERED,
            "can_invoice": order.status not in (OrderStatus.QUOTE, OrderStatus.CANCELLED)
            and order.invoiced_on is None,
            "history": history_diffs(order),
            # Finance sees every order of the unit but not every account: no link that would answer 404.
            "account_visible": visible_to(user, Account).filter(pk=order.account_id).exists(),
        },
    )


@login_required
def order_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    order = selectors.order_get(user=user, pk=pk)
    initial = {
        "contact": order.contact_id,
        "owner": order.owner_id,
        "quoted_on": order.quoted_on,
        "notes": order.notes,
        "version": order.version,
    }
    form = OrderEditForm(request.POST or None, initial=initial, user=user, order=order)
    if request.method == "POST" and form.is_valid():
        changes = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            services.order_update(
                order=order, updated_by=user, expected_version=form.cleaned_data["version"], **changes
            )
        except StaleRecordError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Order saved."))
            return HttpResponseRedirect(reverse("orders:order-detail", args=[order.pk]))
    return render(request, "orders/order_edit.html", {"form": form, "order": order})


@login_required
def order_lines(request: HttpRequest, pk: int) -> HttpResponse:
    """Replace the lines of a quote."""
    user = signed_in_user(request)
    order = selectors.order_get(user=user, pk=pk)
    if order.status != OrderStatus.QUOTE:
        messages.error(request, _("Only the lines of a quote can be changed."))
        return HttpResponseRedirect(reverse("orders:order-detail", args=[order.pk]))
    posted = request.method == "POST"
    adding = posted and "add_line" in request.POST
    initial = [
        {
            "product": line.product_id,
            "description": line.description,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "discount_percent": line.discount_percent,
            "tax_rate": line.tax_rate,
        }
        for line in order.lines.all()
    ]
    form = forms.Form(request.POST if posted else None)
    formset = line_formset(request.POST if posted else None, user=user, initial=initial, add_line=adding)
    if posted and not adding and formset.is_valid():
        try:
            services.order_replace_lines(
                order=order,
                updated_by=user,
                expected_version=int(request.POST.get("version") or 0),
                lines=formset.line_inputs(),
                price_list=order.price_list,
            )
        except StaleRecordError as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            _show_line_errors(form, formset, exc)
        else:
            messages.success(request, _("Lines saved."))
            return HttpResponseRedirect(reverse("orders:order-detail", args=[order.pk]))
    return render(request, "orders/order_lines.html", {"form": form, "formset": formset, "order": order})


def _back_to(order_pk: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("orders:order-detail", args=[order_pk]))


@login_required
@require_POST
def order_transition(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    order = selectors.order_get(user=user, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return _back_to(order.pk)
    data = form.cleaned_data
    try:
        services.order_transition(
            order=order,
            to_status=data["to_status"],
            by=user,
            expected_version=data["version"],
            on=data["on"],
            note=data["note"],
        )
    except (ValidationError, StaleRecordError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            _("%(number)s is now %(status)s.")
            % {"number": order.number, "status": OrderStatus(order.status).label.lower()},
        )
    return _back_to(order.pk)


@login_required
@require_POST
def order_followed_up(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    order = selectors.order_get(user=user, pk=pk)
    try:
        services.order_followed_up(
            order=order,
            by=user,
            expected_version=int(request.POST.get("version") or 0),
            note=request.POST.get("note", "")[:500],
        )
    except (ValidationError, StaleRecordError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Follow-up recorded."))
    return _back_to(order.pk)


@login_required
@require_POST
def order_invoiced(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    order = selectors.order_get(user=user, pk=pk)
    try:
        services.order_mark_invoiced(
            order=order, by=user, expected_version=int(request.POST.get("version") or 0)
        )
    except (ValidationError, StaleRecordError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Invoice date recorded."))
    return _back_to(order.pk)


# --- deliveries ---------------------------------------------------------------------------------


@login_required
def delivery_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    detail = selectors.order_detail(user=user, pk=pk)
    order = detail.order
    form = DeliveryForm(
        request.POST or None,
        user=user,
        lines=detail.lines,
        remaining=detail.remaining,
        initial={"planned_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delivery = services.delivery_create(
                order=order,
                by=user,
                items=form.items(),
                carrier=data["carrier"],
                tracking_number=data["tracking_number"],
                planned_on=data["planned_on"],
                from_location=data["from_location"],
            )
        except ValidationError as exc:
            item_keys = {
                f"items[{index}].quantity": f"line_{line.pk}" for index, (line, _q) in enumerate(form.items())
            }
            add_service_errors(form, exc, renames=item_keys)
        else:
            messages.success(request, _("Delivery %(number)s planned.") % {"number": delivery.number})
            return _back_to(order.pk)
    return render(request, "orders/delivery_form.html", {"form": form, "order": order})


def _delivery_step(request: HttpRequest, pk: int, *, deliver: bool) -> HttpResponse:
    user = signed_in_user(request)
    delivery = selectors.delivery_get(user=user, pk=pk)
    form = TrackingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the date."))
        return _back_to(delivery.order_id)
    data = form.cleaned_data
    tracking = {
        "carrier": data["carrier"] or None,
        "tracking_number": data["tracking_number"] or None,
    }
    try:
        if deliver:
            services.delivery_mark_delivered(delivery=delivery, by=user, delivered_on=data["day"], **tracking)
        else:
            services.delivery_ship(delivery=delivery, by=user, shipped_on=data["day"], **tracking)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if deliver:
            messages.success(request, _("Delivery %(number)s delivered.") % {"number": delivery.number})
        else:
            messages.success(request, _("Delivery %(number)s shipped.") % {"number": delivery.number})
    return _back_to(delivery.order_id)


@login_required
@require_POST
def delivery_ship(request: HttpRequest, pk: int) -> HttpResponse:
    return _delivery_step(request, pk, deliver=False)


@login_required
@require_POST
def delivery_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    return _delivery_step(request, pk, deliver=True)


# --- incidents ----------------------------------------------------------------------------------


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = IncidentFilterForm(request.GET or None, user=user)
    rows = selectors.incident_list(user=user, filters=form.filters()).order_by("-reported_on", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "orders/incident_list.html", {"form": form, "page": page, "query": _query(request)}
    )


@login_required
def incident_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Report an incident on an order (from its page)."""
    user = signed_in_user(request)
    order: Order = selectors.order_get(user=user, pk=pk)
    initial = {
        "currency": order.currency,
        "reported_on": timezone.localdate(),
        "delivery": request.GET.get("delivery"),
    }
    form = IncidentForm(request.POST or None, initial=initial, user=user, order=order)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident = services.incident_report(
                order=order,
                by=user,
                kind=data["kind"],
                description=data["description"],
                delivery=data["delivery"],
                product=data["product"],
                cost=data["cost"],
                currency=data["currency"],
                owner=data["owner"],
                reported_on=data["reported_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Incident reported."))
            return HttpResponseRedirect(reverse("orders:incident-detail", args=[incident.pk]))
    return render(request, "orders/incident_form.html", {"form": form, "order": order})


@login_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    incident = selectors.incident_get(user=user, pk=pk)
    form = ResolveForm(initial={"version": incident.version})
    return render(
        request,
        "orders/incident_detail.html",
        {
            "incident": incident,
            "form": form,
            "is_open": incident.status == IncidentStatus.OPEN,
            "history": history_diffs(incident),
        },
    )


_INCIDENT_EDITABLE = (
    "kind",
    "description",
    "delivery",
    "product",
    "cost",
    "currency",
    "owner",
    "reported_on",
)


@login_required
def incident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an open incident (cause, cost, what happened) or hand it to someone else."""
    user = signed_in_user(request)
    incident = selectors.incident_get(user=user, pk=pk)
    if incident.status != IncidentStatus.OPEN:
        messages.error(request, _("Reopen the incident to change it."))
        return HttpResponseRedirect(reverse("orders:incident-detail", args=[incident.pk]))
    initial = {name: getattr(incident, name) for name in _INCIDENT_EDITABLE} | {"version": incident.version}
    form = IncidentForm(request.POST or None, initial=initial, user=user, order=incident.order)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in _INCIDENT_EDITABLE} | {
            "owner": data["owner"] or incident.owner
        }
        try:
            services.incident_update(
                incident=incident, by=user, expected_version=data["version"] or 0, **changes
            )
        except StaleRecordError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Incident saved."))
            return HttpResponseRedirect(reverse("orders:incident-detail", args=[incident.pk]))
    context = {"form": form, "order": incident.order, "incident": incident}
    return render(request, "orders/incident_form.html", context)


@login_required
@require_POST
def incident_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    incident = selectors.incident_get(user=user, pk=pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.incident_resolve(
                incident=incident,
                resolution=form.cleaned_data["resolution"],
                note=form.cleaned_data["note"],
                by=user,
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Incident closed."))
            return HttpResponseRedirect(reverse("orders:incident-detail", args=[incident.pk]))
    incident.refresh_from_db()
    context = {"incident": incident, "form": form, "is_open": True, "history": history_diffs(incident)}
    return render(request, "orders/incident_detail.html", context, status=400)


@login_required
@require_POST
def incident_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    incident = selectors.incident_get(user=user, pk=pk)
    try:
        services.incident_reopen(
            incident=incident,
            by=user,
            expected_version=int(request.POST.get("version") or 0),
            note=request.POST.get("note", ""),
        )
    except (ValidationError, StaleRecordError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Incident reopened."))
    return HttpResponseRedirect(reverse("orders:incident-detail", args=[incident.pk]))


def _default_period(today: date) -> tuple[date, date]:
    return today - timedelta(days=90), today


@login_required
def incident_analysis(request: HttpRequest) -> HttpResponse:
    """Incidents by cause and by product for a period, as bar charts and tables."""
    user = signed_in_user(request)
    default_start, default_end = _default_period(timezone.localdate())
    form = PeriodForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    start = data.get("start") or default_start
    end = data.get("end") or default_end
    by_kind = selectors.incident_counts(user=user, start=start, end=end, group_by="kind")
    by_product = selectors.incident_counts(user=user, start=start, end=end, group_by="product")
    period = {"start": start.isoformat(), "end": end.isoformat()}
    kind_chart = bar_chart(
        title=_("Incidents by cause"),
        description=_("Incidents reported from %(start)s to %(end)s, by cause.") % period,
        bars=[Bar(label=row.label, value=row.count) for row in by_kind],
    )
    product_chart = bar_chart(
        title=_("Incidents by product"),
        description=_("Incidents reported from %(start)s to %(end)s, by product.") % period,
        bars=[Bar(label=row.label or _("No product"), value=row.count) for row in by_product[:12]],
    )
    return render(
        request,
        "orders/incident_analysis.html",
        {
            "form": PeriodForm(initial={"start": start, "end": end}) if not form.is_bound else form,
            "start": start,
            "end": end,
            "by_kind": by_kind,
            "by_product": by_product,
            "kind_chart": kind_chart,
            "product_chart": product_chart,
        },
    )
