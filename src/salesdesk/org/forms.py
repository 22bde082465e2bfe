from __future__ import annotations

import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from salesdesk.core.widgets import PlainSelect

COMMON_CURRENCIES = ["EUR", "USD", "CNY", "BGN", "GBP", "CHF", "JPY"]


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=300, required=False)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    # About 600 zones: drawn in one pass rather than through a template per option.
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[(zone, zone) for zone in sorted(zoneinfo.available_timezones())],
        widget=PlainSelect,
    )
    display_currency = forms.ChoiceField(
        label=_("Show amounts in"), choices=[(code, code) for code in COMMON_CURRENCIES]
    )
