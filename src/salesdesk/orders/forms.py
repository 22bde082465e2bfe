"""Forms parse what a person typed; the order services decide whether it may be saved."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salesdesk.catalog.models import PriceList, Product, StockLocation
from salesdesk.core.scoping import visible_to
from salesdesk.core.widgets import RecordSelect
from salesdesk.customers.models import Account, Contact
from salesdesk.orders.choices import IncidentKind, IncidentResolution, IncidentStatus, OrderStatus
from salesdesk.orders.models import Delivery, Order, OrderLine
from salesdesk.orders.selectors import IncidentFilters, OrderFilters
from salesdesk.orders.services import OrderLineInput
from salesdesk.org.models import User

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _limit(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def _people(user: User) -> Any:
    return visible_to(user, User).filter(is_active=True)


class OrderForm(forms.Form):
    """The head of a new quote."""

    account = forms.ModelChoiceField(
        label=_("Account"), queryset=Account.objects.none(), widget=RecordSelect("account")
    )
    contact = forms.ModelChoiceField(
        label=_("Contact"), queryset=Contact.objects.none(), required=False, widget=RecordSelect("contact")
    )
    owner = forms.ModelChoiceField(label=_("Sales rep"), queryset=User.objects.none(), required=False)
    currency = forms.CharField(label=_("Currency"), max_length=3, help_text=_("ISO 4217 code, e.g. EUR."))
    price_list = forms.ModelChoiceField(
        label=_("Price list"),
        queryset=PriceList.objects.none(),
        required=False,
        empty_label=_("Any valid list in the currency"),
    )
    quoted_on = forms.DateField(label=_("Quote date"), widget=_DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "account", visible_to(user, Account).order_by("name"))
        _limit(self, "contact", visible_to(user, Contact).select_related("account"))
        _limit(self, "owner", _people(user))
        _limit(self, "price_list", visible_to(user, PriceList))
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.ModelChoiceField)
        owner_field.empty_label = _("Me")

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()


class OrderEditForm(forms.Form):
    contact = forms.ModelChoiceField(
        label=_("Contact"), queryset=Contact.objects.none(), required=False, widget=RecordSelect("contact")
    )
    owner = forms.ModelChoiceField(label=_("Sales rep"), queryset=User.objects.none())
    quoted_on = forms.DateField(label=_("Quote date"), widget=_DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, order: Order, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "contact", Contact.objects.filter(account=order.account_id))
        _limit(self, "owner", _people(user))
        if order.status != OrderStatus.QUOTE:
            # Once confirmed, only the notes change; the rest is shown in the page, not offered here.
            for name in ("contact", "owner", "quoted_on"):
                del self.fields[name]


class LineForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none(), required=False)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    # Not bounded here: a negative quantity reaches the service, whose message names the line.
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=14, decimal_places=3)
    unit_price = forms.DecimalField(
        label=_("Unit price"),
        max_digits=20,
        decimal_places=4,
        required=False,
        help_text=_("Empty: from the price list."),
    )
    discount_percent = forms.DecimalField(
        label=_("Discount (%)"), max_digits=5, decimal_places=2, required=False
    )
    tax_rate = forms.DecimalField(
        label=_("Tax rate (%)"),
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("Empty: the product's rate."),
    )

    def __init__(self, *args: Any, products: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if products is not None:
            _limit(self, "product", products)

    def line_input(self) -> OrderLineInput:
        data = self.cleaned_data
        return OrderLineInput(
            product=data.get("product"),
            description=data.get("description") or "",
            quantity=data["quantity"],
            unit_price=data.get("unit_price"),
            discount_percent=data.get("discount_percent") or Decimal(0),
            tax_rate=data.get("tax_rate"),
        )


class BaseLineFormSet(forms.BaseFormSet[LineForm]):
    def __init__(self, *args: Any, products: Any = None, **kwargs: Any) -> None:
        self.products = products
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "products": self.products}

    def line_inputs(self) -> list[OrderLineInput]:
        """The filled-in lines in order; blank extra rows and rows marked for removal are left out."""
        return [
            form.line_input()
            for form in self.forms
            if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def line_form(self, index: int) -> LineForm | None:
        """The form of the `index`-th line passed to the service (to show its errors there)."""
        kept = [
            form
            for form in self.forms
            if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        return kept[index] if index < len(kept) else None


LineFormSet = forms.formset_factory(LineForm, formset=BaseLineFormSet, extra=2, can_delete=True)


def line_formset(
    data: Any, *, user: User, initial: Sequence[dict[str, Any]] | None = None, add_line: bool = False
) -> BaseLineFormSet:
    """The line editor; `add_line` adds an empty row to what was posted ("Add a line" without JavaScript)."""
    products = visible_to(user, Product).filter(is_active=True).order_by("name")
    if data is not None and add_line:
        data = data.copy()
        key = "lines-TOTAL_FORMS"
        data[key] = str(int(data.get(key) or 0) + 1)
    formset = LineFormSet(data, initial=initial, prefix="lines", products=products)  # type: ignore[call-arg]
    assert isinstance(formset, BaseLineFormSet)
    return formset


class OrderFilterForm(forms.Form):
    q = forms.CharField(label=_("Number or account"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *OrderStatus.choices], required=False
    )
    owner = forms.ModelChoiceField(label=_("Sales rep"), queryset=User.objects.none(), required=False)
    account = forms.ModelChoiceField(
        label=_("Account"), queryset=Account.objects.none(), required=False, widget=RecordSelect("account")
    )
    date_from = forms.DateField(label=_("Quoted from"), required=False, widget=_DATE)
    date_to = forms.DateField(label=_("Quoted until"), required=False, widget=_DATE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "owner", _people(user))
        _limit(self, "account", visible_to(user, Account).order_by("name"))

    def filters(self) -> OrderFilters:
        """The filters as the selector takes them; invalid values are ignored, not guessed at."""
        data = self.cleaned_data if self.is_valid() else {}
        owner = data.get("owner")
        account = data.get("account")
        return OrderFilters(
            status=data.get("status") or "",
            owner_id=owner.pk if owner else None,
            account_id=account.pk if account else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            search=(data.get("q") or "").strip(),
        )


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=OrderStatus.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("On"), required=False, widget=_DATE)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DeliveryForm(forms.Form):
    """A shipment of some of the order's lines: one quantity field per line that is not fully delivered."""

    from_location = forms.ModelChoiceField(
        label=_("Ships from"), queryset=StockLocation.objects.none(), required=False
    )
    carrier = forms.CharField(label=_("Carrier"), max_length=100, required=False)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=100, required=False)
    planned_on = forms.DateField(label=_("Planned for"), required=False, widget=_DATE)

    def __init__(
        self, *args: Any, user: User, lines: Sequence[OrderLine], remaining: dict[int, Decimal], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "from_location", visible_to(user, StockLocation))
        self.lines = {line.pk: line for line in lines if remaining.get(line.pk, Decimal(0)) > 0}
        for line in self.lines.values():
            left = remaining[line.pk]
            self.fields[f"line_{line.pk}"] = forms.DecimalField(
                label=line.description,
                max_digits=14,
                decimal_places=3,
                required=False,
                initial=left,
                help_text=_("%(left)s left to deliver") % {"left": f"{left.normalize():f}"},
            )

    def line_fields(self) -> list[forms.BoundField]:
        return [self[f"line_{pk}"] for pk in self.lines]

    def shipment_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("from_location", "carrier", "tracking_number", "planned_on")]

    def items(self) -> list[tuple[OrderLine, Decimal]]:
        return [
            (line, self.cleaned_data[f"line_{pk}"])
            for pk, line in self.lines.items()
            if self.cleaned_data.get(f"line_{pk}")
        ]


class TrackingForm(forms.Form):
    """Shipping or delivering a delivery, with the carrier's details when they become known."""

    day = forms.DateField(label=_("On"), required=False, widget=_DATE)
    carrier = forms.CharField(label=_("Carrier"), max_length=100, required=False)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=100, required=False)


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Cause"), choices=IncidentKind.choices)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}))
    delivery = forms.ModelChoiceField(label=_("Delivery"), queryset=Delivery.objects.none(), required=False)
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none(), required=False)
    cost = forms.DecimalField(label=_("Cost"), max_digits=20, decimal_places=4, initial=Decimal(0))
    currency = forms.CharField(label=_("Currency"), max_length=3)
    owner = forms.ModelChoiceField(
        label=_("Owner until closed"), queryset=User.objects.none(), required=False
    )
    reported_on = forms.DateField(label=_("Reported on"), widget=_DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: User, order: Order, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "delivery", Delivery.objects.filter(order=order))
        _limit(
            self,
            "product",
            Product.objects.filter(pk__in=order.lines.filter(product__isnull=False).values("product_id")),
        )
        _limit(self, "owner", _people(user))
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.ModelChoiceField)
        owner_field.empty_label = _("Me")

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("Resolution"), choices=[("", "—"), *IncidentResolution.choices], required=False
    )
    note = forms.CharField(
        label=_("How it was resolved"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class IncidentFilterForm(forms.Form):
    start = forms.DateField(label=_("Reported from"), required=False, widget=_DATE)
    end = forms.DateField(label=_("Reported until"), required=False, widget=_DATE)
    kind = forms.ChoiceField(
        label=_("Cause"), choices=[("", _("Any cause")), *IncidentKind.choices], required=False
    )
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none(), required=False)
    rep = forms.ModelChoiceField(label=_("Sales rep"), queryset=User.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Open or closed")), *IncidentStatus.choices], required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "product", visible_to(user, Product).order_by("name"))
        _limit(self, "rep", visible_to(user, User))

    def filters(self) -> IncidentFilters:
        data = self.cleaned_data if self.is_valid() else {}
        product = data.get("product")
        rep = data.get("rep")
        return IncidentFilters(
            start=data.get("start"),
            end=data.get("end"),
            kind=data.get("kind") or "",
            product_id=product.pk if product else None,
            rep_id=rep.pk if rep else None,
            status=data.get("status") or "",
        )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=_DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=_DATE)
