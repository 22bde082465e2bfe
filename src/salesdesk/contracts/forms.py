"""Forms parse what a person typed; the contract services decide whether it may be saved."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from salesdesk.catalog.models import PriceList, Product
from salesdesk.contracts.choices import ContractStatus
from salesdesk.contracts.models import ContractLine
from salesdesk.contracts.selectors import ContractFilters
from salesdesk.contracts.services import AMOUNT_PLACES, HUNDRED, ContractLineInput
from salesdesk.core.scoping import visible_to
from salesdesk.core.widgets import RecordSelect
from salesdesk.customers.models import Account, Contact
from salesdesk.orders.choices import BillingKind
from salesdesk.org.models import User

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _limit(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class ContractForm(forms.Form):
    account = forms.ModelChoiceField(
        label=_("Account"), queryset=Account.objects.none(), widget=RecordSelect("account")
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    start_on = forms.DateField(label=_("Start"), widget=_DATE)
    # No cross-field check here: the service's "cannot end before it starts" names the field.
    end_on = forms.DateField(label=_("End"), widget=_DATE)
    currency = forms.CharField(label=_("Currency"), max_length=3, help_text=_("ISO 4217 code, e.g. EUR."))
    price_list = forms.ModelChoiceField(
        label=_("Price list"),
        queryset=PriceList.objects.none(),
        required=False,
        empty_label=_("The valid one in the currency"),
    )
    owner = forms.ModelChoiceField(label=_("Sales rep"), queryset=User.objects.none(), required=False)
    contact = forms.ModelChoiceField(
        label=_("Signed by (customer)"),
        queryset=Contact.objects.none(),
        required=False,
        widget=RecordSelect("contact"),
    )
    auto_renew = forms.BooleanField(label=_("Renews automatically"), required=False)
    notice_days = forms.IntegerField(label=_("Notice period (days)"), initial=90)
    renewal_months = forms.IntegerField(label=_("Renewal term (months)"), initial=12)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    # The draft's version when an edit began: a save over someone else's newer one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "account", visible_to(user, Account).order_by("name"))
        _limit(self, "contact", visible_to(user, Contact).select_related("account"))
        _limit(self, "owner", visible_to(user, User).filter(is_active=True))
        _limit(self, "price_list", visible_to(user, PriceList))
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.empty_label = _("Me")

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()


class LineForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    # Not bounded: a negative quantity reaches the service, whose message names the line.
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=14, decimal_places=3, initial=1)
    unit_price = forms.DecimalField(
        label=_("Unit price"),
        max_digits=20,
        decimal_places=4,
        required=False,
        help_text=_("Empty: the price list's price less the discount."),
    )
    discount_percent = forms.DecimalField(
        label=_("Discount (%)"), max_digits=5, decimal_places=2, required=False
    )
    billing = forms.ChoiceField(label=_("Billing"), choices=BillingKind.choices, initial=BillingKind.ONE_OFF)
    issues = forms.CharField(
        label=_("Issues"), required=False, help_text=_("Comma-separated, e.g. 2027/03, 2027/04.")
    )
    target_url = forms.URLField(label=_("Target address"), required=False, assume_scheme="https")
    notes = forms.CharField(label=_("Notes"), required=False, max_length=500)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "product", visible_to(user, Product).filter(is_active=True).order_by("name"))

    def line(self) -> ContractLineInput:
        data = self.cleaned_data
        return ContractLineInput(
            product=data["product"],
            quantity=data["quantity"],
            unit_price=data.get("unit_price"),
            discount_percent=data.get("discount_percent") or Decimal(0),
            billing=data["billing"],
            issues=[issue.strip() for issue in (data.get("issues") or "").split(",") if issue.strip()],
            target_url=data.get("target_url") or "",
            notes=data.get("notes") or "",
        )


class BaseLineFormSet(forms.BaseFormSet[LineForm]):
    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "user": self.user}

    def lines(self) -> list[ContractLineInput]:
        """The filled-in rows in order; rows left empty are not lines."""
        return [form.line() for form in self.forms if form.has_changed() and form.cleaned_data]


def line_initial(line: ContractLine) -> dict[str, Any]:
    """A stored line as the line editor shows it: a price that came from the price list less the
    discount is left empty (so it follows the list again), a typed one is kept."""
    from_list = (line.list_price * (HUNDRED - line.discount_percent) / HUNDRED).quantize(AMOUNT_PLACES)
    return {
        "product": line.product_id,
        "quantity": line.quantity,
        "unit_price": None if line.unit_price == from_list else line.unit_price,
        "discount_percent": line.discount_percent or None,
        "billing": line.billing,
        "issues": ", ".join(str(issue) for issue in line.issues or []),
        "target_url": line.target_url,
        "notes": line.notes,
    }


LineFormSet = cast(
    type[BaseLineFormSet], forms.formset_factory(LineForm, formset=BaseLineFormSet, extra=4, max_num=50)
)
# Editing a draft: its lines come prefilled, each with a "Delete" box, and two empty rows to add more.
DraftLineFormSet = cast(
    type[BaseLineFormSet],
    forms.formset_factory(LineForm, formset=BaseLineFormSet, extra=2, max_num=50, can_delete=True),
)


class ContractFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *ContractStatus.choices]
    )
    owner = forms.ModelChoiceField(label=_("Sales rep"), queryset=User.objects.none(), required=False)
    account = forms.ModelChoiceField(
        label=_("Account"), queryset=Account.objects.none(), required=False, widget=RecordSelect("account")
    )
    expiring_from = forms.DateField(label=_("Ends from"), required=False, widget=_DATE)
    expiring_to = forms.DateField(label=_("Ends until"), required=False, widget=_DATE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "owner", visible_to(user, User).filter(is_active=True))
        _limit(self, "account", visible_to(user, Account).order_by("name"))

    def filters(self) -> ContractFilters:
        """The filters as the selector takes them; invalid values are ignored, not guessed at."""
        data = self.cleaned_data if self.is_valid() else {}
        owner, account = data.get("owner"), data.get("account")
        return ContractFilters(
            status=data.get("status") or "",
            owner_id=owner.pk if owner else None,
            account_id=account.pk if account else None,
            expiring_from=data.get("expiring_from"),
            expiring_to=data.get("expiring_to"),
            search=(data.get("q") or "").strip(),
        )


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=_DATE)
    document = forms.FileField(label=_("Signed document"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TerminateForm(forms.Form):
    # Not bounded here: "cannot end before it starts" comes from the service, naming the field.
    terminated_on = forms.DateField(label=_("Ends on"), widget=_DATE)
    reason = forms.CharField(label=_("Reason"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["terminated_on"].initial = timezone.localdate()


class CompleteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    reference = forms.CharField(label=_("Issue or reference number"), required=False, max_length=100)
    file = forms.FileField(label=_("File"), required=False)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=User.objects.none(), required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "assignee", members)
