"""Pages of the stock (C2): levels per product and location, receipts and counts, movements, locations."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from salesdesk.catalog import selectors, services
from salesdesk.catalog.choices import MovementKind
from salesdesk.catalog.forms import (
    MovementFilterForm,
    ReorderLevelForm,
    StockFilterForm,
    StockLocationForm,
    StockMoveForm,
)
from salesdesk.catalog.models import StockLevel
from salesdesk.core.charts import Bar, bar_chart
from salesdesk.web.requests import add_service_errors, signed_in_user

PAGE_SIZE = 50
CHART_BARS = 12


def _query(request: HttpRequest) -> str:
    return urlencode([(key, value) for key, value in request.GET.items() if key != "page" and value])


def _low_chart(levels: list[StockLevel]) -> SafeString | None:
    """On hand against the reorder level for the lowest items (by how far below their level they are)."""
    if not levels:
        return None
    lowest = sorted(levels, key=lambda level: (level.on_hand - level.reorder_level, level.pk))[:CHART_BARS]
    return bar_chart(
        title=_("Low stock"),
        description=_(
            "Units on hand of the items at or below their reorder level; "
            "the reorder level is noted above each bar."
        ),
        bars=[
            Bar(
                label=f"{level.product.label()} · {level.location.name}",
                value=max(level.on_hand, Decimal(0)),
                shown_value=str(floatformat(level.on_hand, "-3")),
                note=_("reorder at %(level)s") % {"level": floatformat(level.reorder_level, "-3")},
            )
            for level in lowest
        ],
    )


@login_required
def stock_overview(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = StockFilterForm(request.GET or None, user=user)
    filters = form.filters()
    rows = selectors.stock_levels(user=user, filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    low = list(
        selectors.stock_levels(
            user=user,
            filters=selectors.StockFilters(
                search=filters.search, location_id=filters.location_id, low_only=True
            ),
        )[:200]
    )
    context = {
        "form": form,
        "page": page,
        "query": _query(request),
        "low_count": len(low),
        "chart": _low_chart(low),
        "can_move_stock": services.can_move_stock(user),
        "can_edit": services.can_edit_catalogue(user),
    }
    return render(request, "catalog/stock_overview.html", context)


@login_required
def stock_move(request: HttpRequest) -> HttpResponse:
    """Book a receipt (goods came in) or a stock count (the quantity counted replaces the level)."""
    user = signed_in_user(request)
    if not services.can_move_stock(user):
        raise PermissionDenied
    initial = {
        "kind": request.GET.get("kind") or MovementKind.RECEIPT,
        "product": request.GET.get("product"),
        "location": request.GET.get("location"),
    }
    form = StockMoveForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == MovementKind.RECEIPT:
                services.stock_receive(
                    product=data["product"],
                    location=data["location"],
                    quantity=data["quantity"],
                    received_by=user,
                    note=data["note"],
                )
            else:
                services.stock_adjust(
                    product=data["product"],
                    location=data["location"],
                    counted=data["quantity"],
                    adjusted_by=user,
                    note=data["note"],
                )
        except ValidationError as exc:
            add_service_errors(form, exc, renames={"counted": "quantity"})
        else:
            messages.success(request, _("Stock movement booked."))
            return HttpResponseRedirect(reverse("catalog:stock"))
    return render(request, "catalog/stock_move_form.html", {"form": form})


@login_required
def reorder_level(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not services.can_edit_catalogue(user):
        raise PermissionDenied
    initial = {"product": request.GET.get("product"), "location": request.GET.get("location")}
    form = ReorderLevelForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.reorder_level_set(changed_by=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Reorder level saved."))
            return HttpResponseRedirect(reverse("catalog:stock"))
    return render(request, "catalog/reorder_level_form.html", {"form": form})


@login_required
def movement_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = MovementFilterForm(request.GET or None, user=user)
    data = form.cleaned_data if form.is_valid() else {}
    product, location = data.get("product"), data.get("location")
    rows = selectors.movement_list(
        user=user,
        product_id=product.pk if product else None,
        location_id=location.pk if location else None,
        kind=data.get("kind") or "",
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "catalog/movement_list.html", {"form": form, "page": page, "query": _query(request)}
    )


@login_required
def location_list(request: HttpRequest) -> HttpResponse:
    """The stock locations, with a form to add one (coordinators and administrators)."""
    user = signed_in_user(request)
    can_edit = services.can_edit_catalogue(user)
    form = StockLocationForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.stock_location_create(created_by=user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Location added."))
                return HttpResponseRedirect(reverse("catalog:location-list"))
    context = {"locations": selectors.location_list(user=user), "form": form, "can_edit": can_edit}
    return render(request, "catalog/location_list.html", context)
