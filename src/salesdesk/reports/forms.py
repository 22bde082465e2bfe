from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from salesdesk.org.models import Team
from salesdesk.planning.choices import MONEY_METRICS, Metric
from salesdesk.reports.choices import REPORT_METRICS, WHOLE_NUMBER_METRICS


class ReportSelectionForm(forms.Form):
    """Which month and whose numbers; the team list holds only teams the reader may see."""

    month = forms.CharField(label=_("Month"), max_length=7, required=False, help_text=_("YYYY-MM"))
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("Everyone I look after")
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ModelChoiceField)
        team_field.queryset = teams


class SubmissionForm(forms.Form):
    """The month's figures (pre-filled with the system's) and the rep's comment."""

    comment = forms.CharField(
        label=_("Comment on the month"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What went well, what did not, what you will do next month."),
        max_length=4000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for metric in REPORT_METRICS:
            self.fields[str(metric)] = _figure_field(metric)
        # Figures first, the comment after them.
        self.order_fields([*(str(metric) for metric in REPORT_METRICS), "comment", "version"])

    def figures(self) -> dict[str, Decimal]:
        return {str(metric): Decimal(self.cleaned_data[str(metric)]) for metric in REPORT_METRICS}


def _figure_field(metric: Metric) -> forms.Field:
    label = Metric(metric).label
    if metric in WHOLE_NUMBER_METRICS:
        return forms.IntegerField(label=label, min_value=0)
    places = 2
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=places,
        localize=metric in MONEY_METRICS,
    )
