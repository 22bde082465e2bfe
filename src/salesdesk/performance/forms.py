from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from salesdesk.core.widgets import PlainSelect
from salesdesk.customers.models import Segment
from salesdesk.org.models import JobTitle
from salesdesk.performance.choices import MarketPeriodKind, PeerPeriod, SatisfactionScale

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DAY_HELP = _("Any day in the month or quarter.")


class PeerSelectionForm(forms.Form):
    title = forms.ModelChoiceField(
        label=_("Job title"), queryset=JobTitle.objects.none(), required=False, empty_label=None
    )
    period = forms.ChoiceField(
        label=_("Period"), choices=PeerPeriod.choices, initial=PeerPeriod.YEAR_TO_DATE, widget=PlainSelect
    )
    day = forms.DateField(label=_("A day in the period"), widget=_DATE, required=False)

    def __init__(self, *args: Any, titles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["title"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = titles


class MarketSelectionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Per"), choices=MarketPeriodKind.choices, initial=MarketPeriodKind.MONTH, widget=PlainSelect
    )
    day = forms.DateField(label=_("A day in the period"), widget=_DATE, required=False, help_text=_DAY_HELP)
    segment = forms.ModelChoiceField(
        label=_("Segment"), queryset=Segment.objects.none(), required=False, empty_label=_("All segments")
    )

    def __init__(self, *args: Any, segments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["segment"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = segments


class _MarketEntryForm(forms.Form):
    period_kind = forms.ChoiceField(
        label=_("Per"), choices=MarketPeriodKind.choices, initial=MarketPeriodKind.MONTH, widget=PlainSelect
    )
    period_day = forms.DateField(label=_("A day in the period"), widget=_DATE, help_text=_DAY_HELP)
    segment = forms.ModelChoiceField(
        label=_("Segment"), queryset=Segment.objects.none(), required=False, empty_label=_("All segments")
    )
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, segments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["segment"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = segments


class MarketSizeForm(_MarketEntryForm):
    amount = forms.DecimalField(label=_("Market size"), min_value=Decimal(0), max_digits=16, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, min_length=3)

    field_order = ["period_kind", "period_day", "segment", "amount", "currency", "source"]

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).upper()


class SatisfactionForm(_MarketEntryForm):
    score = forms.DecimalField(label=pgettext_lazy("satisfaction", "Score"), max_digits=6, decimal_places=2)
    scale = forms.ChoiceField(
        label=_("Scale"),
        choices=SatisfactionScale.choices,
        initial=SatisfactionScale.PERCENT,
        widget=PlainSelect,
    )
    sample_size = forms.IntegerField(label=_("Answers"), min_value=1, required=False)

    field_order = ["period_kind", "period_day", "segment", "score", "scale", "sample_size", "source"]


class MarketCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Trend comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Leave empty to print the drafted comment again."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
