"""Forms parse what a person typed; the catalogue services decide whether it may be saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salesdesk.catalog.choices import DeliverableAction, MovementKind, ProductKind, Unit
from salesdesk.catalog.models import Product, ProductCategory, StockLocation
from salesdesk.catalog.selectors import ProductFilters, StockFilters
from salesdesk.catalog.services import shipped_languages
from salesdesk.core.scoping import visible_to
from salesdesk.org.choices import DepartmentKind
from salesdesk.org.models import User

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NAME_PREFIX = "name_"


def _limit(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "---------"), *choices]


class NamesMixin:
    """One text field per shipped language (`name_de`, `name_zh-hans`, ...) read back as a dict."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_name_fields(self) -> None:
        for code, language in shipped_languages():
            self.fields[f"{NAME_PREFIX}{code}"] = forms.CharField(
                label=language, required=False, max_length=300
            )

    def name_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith(NAME_PREFIX)]  # type: ignore[index]

    def names(self) -> dict[str, str]:
        return {
            name.removeprefix(NAME_PREFIX): self.cleaned_data.get(name) or ""
            for name in self.fields
            if name.startswith(NAME_PREFIX)
        }

    @staticmethod
    def names_initial(names: dict[str, str]) -> dict[str, str]:
        return {f"{NAME_PREFIX}{code}": value for code, value in names.items()}


class ProductFilterForm(forms.Form):
    ACTIVE_CHOICES = [("", _("All")), ("yes", _("On sale")), ("no", _("Not on sale"))]

    q = forms.CharField(label=_("Search"), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=ProductCategory.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=_blank(ProductKind.choices), required=False)
    active = forms.ChoiceField(label=_("On sale"), choices=ACTIVE_CHOICES, required=False)
    low = forms.BooleanField(label=_("Low stock only"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "category", visible_to(user, ProductCategory).order_by("name"))

    def filters(self) -> ProductFilters:
        """The filters as the selector takes them; invalid values are ignored, not guessed at."""
        data = self.cleaned_data if self.is_valid() else {}
        category = data.get("category")
        active = data.get("active")
        return ProductFilters(
            search=(data.get("q") or "").strip(),
            category_id=category.pk if category else None,
            kind=data.get("kind") or "",
            active=None if not active else active == "yes",
            low_stock_only=bool(data.get("low")),
        )


class ProductForm(NamesMixin, forms.Form):
    sku = forms.CharField(label=_("Article number"), max_length=60)
    name = forms.CharField(
        label=_("Name"), max_length=300, help_text=_("Shown where no name in the reader's language is given.")
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=ProductCategory.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ProductKind.choices)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    tax_rate = forms.DecimalField(label=_("Tax rate (%)"), max_digits=5, decimal_places=2)
    is_stocked = forms.BooleanField(label=_("Kept in stock"), required=False)
    stock_watcher = forms.ModelChoiceField(
        label=_("Stock watched by"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Gets a worklist item when the stock is at or below its reorder level."),
    )
    is_active = forms.BooleanField(label=_("On sale"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "category", visible_to(user, ProductCategory).order_by("name"))
        _limit(
            self,
            "stock_watcher",
            User.objects.filter(business_unit_id=user.business_unit_id, is_active=True),
        )
        self.add_name_fields()

    def main_fields(self) -> list[Any]:
        return [field for field in self.visible_fields() if not field.name.startswith(NAME_PREFIX)]

    def product_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "sku": data["sku"],
            "name": data["name"],
            "names": self.names(),
            "description": data["description"],
            "category": data["category"],
            "kind": data["kind"],
            "unit": data["unit"],
            "tax_rate": data["tax_rate"],
            "is_stocked": data["is_stocked"],
            "stock_watcher": data["stock_watcher"],
            "is_active": data["is_active"],
        }


class CategoryForm(NamesMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.ModelChoiceField(
        label=_("Parent category"), queryset=ProductCategory.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "parent", visible_to(user, ProductCategory).order_by("name"))
        self.add_name_fields()


class DeliverableForm(forms.Form):
    # Not required here: the service's message ("a deliverable needs a department") is the clearer one.
    department_kind = forms.ChoiceField(
        label=_("Department"), choices=_blank(DepartmentKind.choices), required=False
    )
    action = forms.ChoiceField(label=_("Action"), choices=DeliverableAction.choices)
    title = forms.CharField(label=_("What to do"), max_length=300)
    due_offset_days = forms.IntegerField(
        label=_("Due (days after the start)"),
        initial=0,
        help_text=_("Negative: before the contract starts."),
    )


class ProductionCostForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=_DATE)
    period_end = forms.DateField(label=_("Until"), widget=_DATE)
    unit_cost = forms.DecimalField(label=_("Unit cost"), max_digits=20, decimal_places=4)
    currency = forms.CharField(label=_("Currency"), max_length=3, help_text=_("ISO 4217 code, e.g. EUR."))

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()


class PriceListForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    currency = forms.CharField(label=_("Currency"), max_length=3, help_text=_("ISO 4217 code, e.g. EUR."))
    valid_from = forms.DateField(label=_("Valid from"), widget=_DATE)
    valid_until = forms.DateField(
        label=_("Valid until"), widget=_DATE, required=False, help_text=_("Leave empty for no end.")
    )

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()


class PriceItemForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    # Not bounded here: a negative price reaches the service, whose message names the line.
    unit_price = forms.DecimalField(label=_("Unit price"), max_digits=20, decimal_places=4)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "product", visible_to(user, Product).order_by("name", "pk"))


PriceItemFormSet = forms.formset_factory(PriceItemForm, extra=3, can_delete=True)


class StockLocationForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("Letters, digits and hyphens."))
    name = forms.CharField(label=_("Name"), max_length=200)


class StockMoveForm(forms.Form):
    KIND_CHOICES = [
        (MovementKind.RECEIPT, _("Receipt: goods came in")),
        (MovementKind.ADJUSTMENT, _("Stock count: set the quantity counted")),
    ]

    kind = forms.ChoiceField(label=_("What happened"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    location = forms.ModelChoiceField(label=_("Location"), queryset=StockLocation.objects.none())
    quantity = forms.DecimalField(
        label=_("Quantity"),
        max_digits=14,
        decimal_places=3,
        help_text=_("For a receipt, how many came in; for a count, how many are there now."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "product", visible_to(user, Product).filter(is_stocked=True).order_by("name", "pk"))
        _limit(self, "location", visible_to(user, StockLocation).order_by("name"))


class ReorderLevelForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    location = forms.ModelChoiceField(label=_("Location"), queryset=StockLocation.objects.none())
    reorder_level = forms.DecimalField(label=_("Reorder level"), max_digits=14, decimal_places=3)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "product", visible_to(user, Product).filter(is_stocked=True).order_by("name", "pk"))
        _limit(self, "location", visible_to(user, StockLocation).order_by("name"))


class StockFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=StockLocation.objects.none(), required=False
    )
    low = forms.BooleanField(label=_("Low only"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "location", visible_to(user, StockLocation).order_by("name"))

    def filters(self) -> StockFilters:
        data = self.cleaned_data if self.is_valid() else {}
        location = data.get("location")
        return StockFilters(
            search=(data.get("q") or "").strip(),
            location_id=location.pk if location else None,
            low_only=bool(data.get("low")),
        )


class MovementFilterForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none(), required=False)
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=StockLocation.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=_blank(MovementKind.choices), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "product", visible_to(user, Product).filter(is_stocked=True).order_by("name", "pk"))
        _limit(self, "location", visible_to(user, StockLocation).order_by("name"))
