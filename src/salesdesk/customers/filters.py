"""The filter forms of the account and contact lists: one place turns query strings into selector filters.

The owner is typed, not chosen from a list: a business unit has hundreds of people, and rendering them all
on every page cost more than the page itself. The page offers matching names while typing (a datalist
filled by htmx); without JavaScript the typed text filters by name or username all the same.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from salesdesk.core.scoping import visible_to
from salesdesk.customers.choices import AccountStatus
from salesdesk.customers.models import Segment
from salesdesk.customers.selectors import AccountFilters, ContactFilters
from salesdesk.org.models import Territory, User

OWNER_OPTIONS_ID = "owner-options"


def owner_field() -> forms.CharField:
    return forms.CharField(
        label=_("Owner"),
        max_length=150,
        required=False,
        widget=forms.TextInput(
            attrs={
                "list": OWNER_OPTIONS_ID,
                "autocomplete": "off",
                "placeholder": _("Name or username"),
                "hx-get": reverse_lazy("customers:owner-options"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{OWNER_OPTIONS_ID}",
                "hx-params": "owner",
            }
        ),
    )


def owner_filter(text: str) -> dict[str, Any]:
    """An owner typed as a number is a person's id (links from other pages); otherwise a name fragment."""
    text = text.strip()
    if text.isdigit():
        return {"owner_id": int(text)}
    return {"owner_name": text}


class AccountFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    owner = owner_field()
    territory = forms.ModelChoiceField(
        label=_("Territory"), queryset=Territory.objects.none(), required=False
    )
    segment = forms.ModelChoiceField(label=_("Segment"), queryset=Segment.objects.none(), required=False)
    country = forms.CharField(label=_("Country"), max_length=2, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *list(AccountStatus.choices)], required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.filter(business_unit_id=user.business_unit_id)  # type: ignore[attr-defined]
        self.fields["segment"].queryset = visible_to(user, Segment)  # type: ignore[attr-defined]

    def to_filters(self) -> AccountFilters:
        if not self.is_valid():
            return AccountFilters()
        data = self.cleaned_data
        return AccountFilters(
            q=data["q"].strip(),
            territory_id=data["territory"].pk if data["territory"] else None,
            segment_id=data["segment"].pk if data["segment"] else None,
            country=data["country"].strip().upper(),
            status=data["status"],
            **owner_filter(data["owner"]),
        )


class ContactFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    owner = owner_field()
    country = forms.CharField(label=_("Country"), max_length=2, required=False)
    language = forms.CharField(label=_("Language"), max_length=10, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def to_filters(self) -> ContactFilters:
        if not self.is_valid():
            return ContactFilters()
        data = self.cleaned_data
        return ContactFilters(
            q=data["q"].strip(),
            country=data["country"].strip().upper(),
            language=data["language"].strip(),
            **owner_filter(data["owner"]),
        )
