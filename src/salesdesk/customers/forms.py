"""Forms parse what a person typed; the customers services decide whether it may be saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salesdesk.core.scoping import visible_to
from salesdesk.core.widgets import RecordSelect
from salesdesk.customers.choices import (
    AccountStatus,
    ActivityKind,
    CallOutcome,
    CompanySize,
    ContactPointKind,
    ContactPointLabel,
)
from salesdesk.customers.models import Account, ContactPoint, Segment
from salesdesk.org.models import Territory, User

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _people(user: User) -> Any:
    return visible_to(user, User).filter(is_active=True)


class AccountForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    legal_name = forms.CharField(label=_("Legal name"), max_length=300, required=False)
    vat_id = forms.CharField(label=_("VAT ID"), max_length=40, required=False)
    tax_id = forms.CharField(label=_("Tax number"), max_length=40, required=False)
    industry = forms.CharField(label=_("Industry"), max_length=100, required=False)
    size = forms.ChoiceField(label=_("Size"), choices=[("", "—"), *CompanySize.choices], required=False)
    website = forms.URLField(label=_("Web site"), max_length=300, required=False, assume_scheme="https")
    country = forms.CharField(
        label=_("Country"), max_length=2, required=False, help_text=_("ISO 3166 code, e.g. DE")
    )
    language = forms.CharField(label=_("Language"), max_length=10, required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    territory = forms.ModelChoiceField(
        label=_("Territory"), queryset=Territory.objects.none(), required=False
    )
    segments = forms.ModelMultipleChoiceField(
        label=_("Segments"), queryset=Segment.objects.none(), required=False
    )
    parent = forms.ModelChoiceField(
        label=_("Parent company"),
        queryset=Account.objects.none(),
        required=False,
        widget=RecordSelect("account"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=AccountStatus.choices, initial=AccountStatus.ACTIVE)
    customer_since = forms.DateField(label=_("Customer since"), required=False, widget=_DATE)
    is_shared = forms.BooleanField(label=_("Shared with the business unit"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: User, account: Account | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = _people(user)
        owner.empty_label = _("Me")
        territory = self.fields["territory"]
        assert isinstance(territory, forms.ModelChoiceField)
        territory.queryset = Territory.objects.filter(business_unit_id=user.business_unit_id)
        segments = self.fields["segments"]
        assert isinstance(segments, forms.ModelMultipleChoiceField)
        segments.queryset = visible_to(user, Segment)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parents = visible_to(user, Account).filter(merged_into__isnull=True)
        parent.queryset = parents.exclude(pk=account.pk) if account is not None else parents

    def clean_country(self) -> str:
        return str(self.cleaned_data["country"]).strip().upper()


class ContactForm(forms.Form):
    salutation = forms.CharField(label=_("Salutation"), max_length=50, required=False)
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=300,
        required=False,
        help_text=_("As it is written; left empty, it is made from the given and family names."),
    )
    title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    account = forms.ModelChoiceField(
        label=_("Account"), queryset=Account.objects.none(), required=False, widget=RecordSelect("account")
    )
    language = forms.CharField(label=_("Language"), max_length=10, required=False)
    country = forms.CharField(label=_("Country"), max_length=2, required=False)
    birthday = forms.DateField(label=_("Birthday"), required=False, widget=_DATE)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    is_shared = forms.BooleanField(label=_("Shared with the business unit"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    emails = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line; the first is the primary one."),
    )
    phones = forms.CharField(
        label=_("Phone numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line; the first is the primary one."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: User, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = _people(user)
        owner.empty_label = _("Me")
        account = self.fields["account"]
        assert isinstance(account, forms.ModelChoiceField)
        account.queryset = visible_to(user, Account).filter(merged_into__isnull=True)
        if editing:
            # Contact details are added and removed one by one on the contact's page.
            del self.fields["emails"]
            del self.fields["phones"]

    def clean_country(self) -> str:
        return str(self.cleaned_data["country"]).strip().upper()

    def lines(self, field: str) -> list[str]:
        return [line.strip() for line in str(self.cleaned_data.get(field, "")).splitlines() if line.strip()]


class ContactPointForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactPointKind.choices)
    label = forms.ChoiceField(label=_("Type"), choices=ContactPointLabel.choices)
    value = forms.CharField(
        label=_("E-mail, number or address"),
        max_length=500,
        help_text=_("For an address: the whole address."),
    )
    street = forms.CharField(label=_("Street"), max_length=300, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.CharField(label=_("Country"), max_length=2, required=False)
    is_primary = forms.BooleanField(label=_("Primary"), required=False)

    def address(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {name: str(data[name]).strip() for name in ("street", "postal_code", "city")}
        fields["country"] = str(data["country"]).strip().upper()
        return {name: value for name, value in fields.items() if value}


class ActivityForm(forms.Form):
    """Log a done activity, or plan one when a planned day is given."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices, initial=ActivityKind.CALL)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *CallOutcome.choices], required=False)
    contact_point = forms.ModelChoiceField(
        label=_("Number or address used"), queryset=ContactPoint.objects.none(), required=False
    )
    occurred_at = forms.DateTimeField(
        label=_("When"), required=False, widget=_DATETIME, help_text=_("Now, if left empty.")
    )
    planned_for = forms.DateField(
        label=_("Plan for"),
        required=False,
        widget=_DATE,
        help_text=_("Give a day to plan it instead; it goes on your worklist."),
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=0, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, contact_points: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        point = self.fields["contact_point"]
        assert isinstance(point, forms.ModelChoiceField)
        if contact_points is not None:
            point.queryset = contact_points


class ActivityCompleteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *CallOutcome.choices], required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
