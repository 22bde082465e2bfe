"""The filter forms of the account and contact lists: one place turns query strings into selector filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salesdesk.core.scoping import visible_to
from salesdesk.customers.choices import AccountStatus
from salesdesk.customers.models import Segment
from salesdesk.customers.selectors import AccountFilters, ContactFilters
from salesdesk.org.models import Territory, User
from salesdesk.org.selectors import user_list


class AccountFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
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
        self.fields["owner"].queryset = user_list(user=user)  # type: ignore[attr-defined]
        self.fields["territory"].queryset = Territory.objects.filter(business_unit_id=user.business_unit_id)  # type: ignore[attr-defined]
        self.fields["segment"].queryset = visible_to(user, Segment)  # type: ignore[attr-defined]

    def to_filters(self) -> AccountFilters:
        if not self.is_valid():
            return AccountFilters()
        data = self.cleaned_data
        return AccountFilters(
            q=data["q"].strip(),
            owner_id=data["owner"].pk if data["owner"] else None,
            territory_id=data["territory"].pk if data["territory"] else None,
            segment_id=data["segment"].pk if data["segment"] else None,
            country=data["country"].strip().upper(),
            status=data["status"],
        )


class ContactFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    country = forms.CharField(label=_("Country"), max_length=2, required=False)
    language = forms.CharField(label=_("Language"), max_length=10, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = user_list(user=user)  # type: ignore[attr-defined]

    def to_filters(self) -> ContactFilters:
        if not self.is_valid():
            return ContactFilters()
        data = self.cleaned_data
        return ContactFilters(
            q=data["q"].strip(),
            owner_id=data["owner"].pk if data["owner"] else None,
            country=data["country"].strip().upper(),
            language=data["language"].strip(),
        )
