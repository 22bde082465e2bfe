"""Pages of the catalogue: products, categories, price lists. Thin: parse, call, render.

Everyone in the business unit reads the catalogue; only coordinators and administrators change it
(403 for anyone else — the record itself is visible to them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salesdesk.catalog import selectors, services
from salesdesk.catalog.forms import (
    CategoryForm,
    DeliverableForm,
    PriceItemFormSet,
    PriceListForm,
    ProductFilterForm,
    ProductForm,
    ProductionCostForm,
)
from salesdesk.catalog.models import DeliverableTemplate, PriceList, Product, ProductCategory
from salesdesk.core.audit import history_diffs
from salesdesk.core.models import CompanySettings
from salesdesk.core.versioning import StaleRecordError
from salesdesk.org.models import User
from salesdesk.web.requests import add_service_errors, signed_in_user

PAGE_SIZE = 50


def _editor(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not services.can_edit_catalogue(user):
        raise PermissionDenied
    return user


def _query(request: HttpRequest) -> str:
    """The list's filters, to keep them when paging."""
    return urlencode([(key, value) for key, value in request.GET.items() if key != "page" and value])


def _attempt(form: forms.BaseForm, action: Callable[[], Any], **renames: str) -> bool:
    """Run a service call; on a refusal put its messages on the form and answer False."""
    try:
        action()
    except StaleRecordError as exc:
        form.add_error(None, str(exc))
        return False
    except ValidationError as exc:
        add_service_errors(form, exc, renames=renames)
        return False
    return True


# --- products ----------------------------------------------------------------------------------


@login_required
def product_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ProductFilterForm(request.GET or None, user=user)
    rows = selectors.product_list(user=user, filters=form.filters()).order_by("name", "pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": _query(request),
        "can_edit": services.can_edit_catalogue(user),
    }
    return render(request, "catalog/product_list.html", context)


def _other_names(product: Product) -> list[tuple[str, str]]:
    """(language, name) for every translation of the name, in the order languages are shipped."""
    return [
        (language, product.names[code])
        for code, language in services.shipped_languages()
        if product.names.get(code)
    ]


def _deliverables_context(
    request: HttpRequest, product: Product, form: DeliverableForm | None = None
) -> dict[str, Any]:
    user = signed_in_user(request)
    return {
        "product": product,
        "deliverables": list(product.deliverable_templates.order_by("position", "pk")),
        "deliverable_form": form or DeliverableForm(),
        "can_edit": services.can_edit_catalogue(user),
    }


@login_required
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    product = selectors.product_get(user=user, pk=pk)
    detail = selectors.product_detail(user=user, product=product)
    context = _deliverables_context(request, product) | {
        "detail": detail,
        "other_names": _other_names(product),
        "cost_form": ProductionCostForm(initial={"currency": CompanySettings.current().currency}),
        "history": history_diffs(product),
        "can_move_stock": services.can_move_stock(user),
    }
    return render(request, "catalog/product_detail.html", context)


@login_required
def product_create(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    form = ProductForm(request.POST or None, user=user, initial={"is_active": True, "tax_rate": 0})
    if request.method == "POST" and form.is_valid():
        created: list[Product] = []

        def create() -> None:
            created.append(services.product_create(created_by=user, **form.product_fields()))

        if _attempt(form, create):
            messages.success(request, _("Product created."))
            return HttpResponseRedirect(reverse("catalog:product-detail", args=[created[0].pk]))
    return render(request, "catalog/product_form.html", {"form": form, "product": None})


@login_required
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    product = selectors.product_get(user=user, pk=pk)
    initial = {
        "sku": product.sku,
        "name": product.name,
        "description": product.description,
        "category": product.category_id,
        "kind": product.kind,
        "unit": product.unit,
        "tax_rate": product.tax_rate,
        "is_stocked": product.is_stocked,
        "stock_watcher": product.stock_watcher_id,
        "is_active": product.is_active,
        "version": product.version,
        **ProductForm.names_initial(product.names),
    }
    form = ProductForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _attempt(
            form,
            lambda: services.product_update(
                product=product,
                changed_by=user,
                expected_version=form.cleaned_data["version"] or 0,
                **form.product_fields(),
            ),
        )
        if saved:
            messages.success(request, _("Product saved."))
            return HttpResponseRedirect(reverse("catalog:product-detail", args=[product.pk]))
    return render(request, "catalog/product_form.html", {"form": form, "product": product})


# --- implied deliverables ----------------------------------------------------------------------


def _deliverables_response(
    request: HttpRequest, product: Product, form: DeliverableForm | None = None
) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request, "catalog/partials/_deliverables.html", _deliverables_context(request, product, form)
        )
    return HttpResponseRedirect(reverse("catalog:product-detail", args=[product.pk]) + "#deliverables")


@login_required
@require_POST
def deliverable_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    product = selectors.product_get(user=user, pk=pk)
    form = DeliverableForm(request.POST)
    if form.is_valid():
        added = _attempt(
            form, lambda: services.deliverable_add(product=product, changed_by=user, **form.cleaned_data)
        )
        if added:
            return _deliverables_response(request, product)
    if request.htmx:  # type: ignore[attr-defined]
        return _deliverables_response(request, product, form)
    for error in [*form.non_field_errors(), *(e for errors in form.errors.values() for e in errors)]:
        messages.error(request, error)
    return _deliverables_response(request, product)


def _deliverable(request: HttpRequest, pk: int) -> DeliverableTemplate:
    return selectors.deliverable_get(user=signed_in_user(request), pk=pk)


@login_required
@require_POST
def deliverable_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    deliverable = _deliverable(request, pk)
    services.deliverable_remove(deliverable=deliverable, changed_by=user)
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, _("Deliverable removed."))
    return _deliverables_response(request, deliverable.product)


@login_required
def deliverable_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    deliverable = _deliverable(request, pk)
    initial = {
        "department_kind": deliverable.department_kind,
        "action": deliverable.action,
        "title": deliverable.title,
        "due_offset_days": deliverable.due_offset_days,
    }
    form = DeliverableForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _attempt(
            form,
            lambda: services.deliverable_update(
                deliverable=deliverable, changed_by=user, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, _("Deliverable saved."))
            return HttpResponseRedirect(
                reverse("catalog:product-detail", args=[deliverable.product_id]) + "#deliverables"
            )
    return render(request, "catalog/deliverable_form.html", {"form": form, "deliverable": deliverable})


# --- production costs --------------------------------------------------------------------------


@login_required
def production_cost_set(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    product = selectors.product_get(user=user, pk=pk)
    form = ProductionCostForm(request.POST or None, initial={"currency": CompanySettings.current().currency})
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form, lambda: services.production_cost_set(product=product, changed_by=user, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Production cost saved."))
        return HttpResponseRedirect(reverse("catalog:product-detail", args=[product.pk]) + "#costs")
    return render(request, "catalog/production_cost_form.html", {"form": form, "product": product})


@login_required
@require_POST
def production_cost_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    cost = selectors.production_cost_get(user=user, pk=pk)
    services.production_cost_remove(cost=cost, changed_by=user)
    messages.success(request, _("Production cost removed."))
    return HttpResponseRedirect(reverse("catalog:product-detail", args=[cost.product_id]) + "#costs")


# --- categories --------------------------------------------------------------------------------


@login_required
def category_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    categories = selectors.category_list(user=user)
    context = {"categories": categories, "can_edit": services.can_edit_catalogue(user)}
    return render(request, "catalog/category_list.html", context)


@login_required
def category_create(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    form = CategoryForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = _attempt(
            form,
            lambda: services.category_create(
                created_by=user, name=data["name"], names=form.names(), parent=data["parent"]
            ),
        )
        if created:
            messages.success(request, _("Category created."))
            return HttpResponseRedirect(reverse("catalog:category-list"))
    return render(request, "catalog/category_form.html", {"form": form, "category": None})


@login_required
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    category: ProductCategory = selectors.category_get(user=user, pk=pk)
    initial = {
        "name": category.name,
        "parent": category.parent_id,
        **CategoryForm.names_initial(category.names),
    }
    form = CategoryForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _attempt(
            form,
            lambda: services.category_update(
                category=category,
                changed_by=user,
                name=data["name"],
                names=form.names(),
                parent=data["parent"],
            ),
        )
        if saved:
            messages.success(request, _("Category saved."))
            return HttpResponseRedirect(reverse("catalog:category-list"))
    return render(request, "catalog/category_form.html", {"form": form, "category": category})


# --- price lists -------------------------------------------------------------------------------


@login_required
def price_list_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    currency = (request.GET.get("currency") or "").strip()[:3]
    rows = selectors.price_list_list(user=user, currency=currency)
    currencies = sorted(set(selectors.price_list_list(user=user).values_list("currency", flat=True)))
    context = {
        "price_lists": rows,
        "currencies": currencies,
        "currency": currency.upper(),
        "can_edit": services.can_edit_catalogue(user),
    }
    return render(request, "catalog/price_list_list.html", context)


@login_required
def price_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    price_list = selectors.price_list_get(user=user, pk=pk)
    context = {
        "price_list": price_list,
        "items": list(price_list.items.all()),
        "can_edit": services.can_edit_catalogue(user),
    }
    return render(request, "catalog/price_list_detail.html", context)


def _items(formset: Any) -> list[dict[str, Any]]:
    return [
        {"product": form.cleaned_data["product"], "unit_price": form.cleaned_data["unit_price"]}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _item_errors(formset: Any, exc: ValidationError) -> ValidationError:
    """Put `items.N.field` errors on line N of the formset; return what is left for the header form."""
    rest: dict[str, list[str]] = {}
    shown = [form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
    for key, errors in (
        exc.message_dict.items() if hasattr(exc, "error_dict") else [("__all__", exc.messages)]
    ):
        parts = key.split(".")
        if parts[0] == "items" and len(parts) == 3 and int(parts[1]) < len(shown):
            shown[int(parts[1])].add_error(parts[2], errors)
        else:
            rest[key] = errors
    return ValidationError(rest) if rest else ValidationError([])


@login_required
def price_list_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create a price list, or change one and its items, on one page."""
    user = _editor(request)
    price_list: PriceList | None = selectors.price_list_get(user=user, pk=pk) if pk is not None else None
    if price_list is not None:
        initial: dict[str, Any] = {
            "name": price_list.name,
            "currency": price_list.currency,
            "valid_from": price_list.valid_from,
            "valid_until": price_list.valid_until,
        }
        items_initial = [
            {"product": item.product_id, "unit_price": item.unit_price} for item in price_list.items.all()
        ]
    else:
        initial = {"currency": CompanySettings.current().currency}
        items_initial = []
    form = PriceListForm(request.POST or None, initial=initial)
    formset = PriceItemFormSet(
        request.POST or None, initial=items_initial, prefix="items", form_kwargs={"user": user}
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        saved: list[PriceList] = []
        try:
            if price_list is None:
                saved.append(
                    services.price_list_create(created_by=user, items=_items(formset), **form.cleaned_data)
                )
            else:
                saved.append(
                    services.price_list_update(
                        price_list=price_list, changed_by=user, items=_items(formset), **form.cleaned_data
                    )
                )
        except ValidationError as exc:
            rest = _item_errors(formset, exc)
            if rest.messages:
                add_service_errors(form, rest)
        else:
            messages.success(request, _("Price list saved."))
            return HttpResponseRedirect(reverse("catalog:price-list-detail", args=[saved[0].pk]))
    context = {"form": form, "formset": formset, "price_list": price_list}
    return render(request, "catalog/price_list_form.html", context)
