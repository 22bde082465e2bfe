"""Forms parse what a person typed; the pipeline services decide whether it may be saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salesdesk.core.scoping import visible_to
from salesdesk.core.widgets import RecordSelect
from salesdesk.customers.filters import owner_field, owner_filter
from salesdesk.customers.models import Account, Contact
from salesdesk.org.models import Team, User
from salesdesk.pipeline.models import Competitor, LossReason, Pipeline, Stage
from salesdesk.pipeline.selectors import OpportunityFilters

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _limit(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class OpportunityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    account = forms.ModelChoiceField(
        label=_("Account"), queryset=Account.objects.none(), widget=RecordSelect("account")
    )
    contact = forms.ModelChoiceField(
        label=_("Contact"), queryset=Contact.objects.none(), required=False, widget=RecordSelect("contact")
    )
    # Not bounded here: a negative amount reaches the service, whose message names the field.
    amount = forms.DecimalField(label=_("Amount"), max_digits=20, decimal_places=4)
    currency = forms.CharField(label=_("Currency"), max_length=3, help_text=_("ISO 4217 code, e.g. EUR."))
    probability = forms.IntegerField(
        label=_("Probability (%)"), required=False, help_text=_("Leave empty to use the stage's probability.")
    )
    expected_close = forms.DateField(label=_("Expected close"), widget=_DATE)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    is_shared = forms.BooleanField(label=_("Shared with the business unit"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "account", visible_to(user, Account).order_by("name"))
        _limit(self, "contact", visible_to(user, Contact).select_related("account"))
        _limit(self, "owner", visible_to(user, User).filter(is_active=True))
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.ModelChoiceField)
        owner_field.empty_label = _("Me")

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()


class OpportunityCreateForm(OpportunityForm):
    pipeline = forms.ModelChoiceField(
        label=_("Pipeline"), queryset=Pipeline.objects.none(), required=False, empty_label=_("Default")
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        _limit(self, "pipeline", visible_to(user, Pipeline))


class OpportunityFilterForm(forms.Form):
    """The list's filters. The owner is typed (with matching people offered while typing) and the account
    comes only from links (an account's page): a coordinator sees 100,000 accounts, and a select holding
    them all, rendered on every page, would cost more than the list itself. The search finds account names.
    """

    q = forms.CharField(label=_("Search"), required=False)
    owner = owner_field()
    stage = forms.ModelChoiceField(label=_("Stage"), queryset=Stage.objects.none(), required=False)
    account = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    competitor = forms.ModelChoiceField(
        label=_("Competitor"), queryset=Competitor.objects.none(), required=False
    )
    close_from = forms.DateField(label=_("Expected close from"), required=False, widget=_DATE)
    close_to = forms.DateField(label=_("Expected close to"), required=False, widget=_DATE)
    amount_from = forms.DecimalField(label=_("Amount from"), required=False)
    amount_to = forms.DecimalField(label=_("Amount to"), required=False)
    open = forms.BooleanField(label=_("Open only"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(
            self, "stage", visible_to(user, Stage).select_related("pipeline").order_by("pipeline", "position")
        )
        _limit(self, "competitor", Competitor.objects.all())

    def filters(self) -> OpportunityFilters:
        """The filters as the selector takes them; invalid values are ignored, not guessed at."""
        data = self.cleaned_data if self.is_valid() else {}

        def pk(name: str) -> int | None:
            value = data.get(name)
            return value.pk if value is not None else None

        return OpportunityFilters(
            stage_id=pk("stage"),
            account_id=data.get("account"),
            competitor_id=pk("competitor"),
            close_from=data.get("close_from"),
            close_to=data.get("close_to"),
            amount_from=data.get("amount_from"),
            amount_to=data.get("amount_to"),
            open_only=bool(data.get("open")),
            search=(data.get("q") or "").strip(),
            **owner_filter(data.get("owner") or ""),
        )


class LoseForm(forms.Form):
    loss_reason = forms.ModelChoiceField(label=_("Why was it lost?"), queryset=LossReason.objects.all())
    loss_note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    stage = forms.ModelChoiceField(queryset=Stage.objects.none(), required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, pipeline: Pipeline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "stage", pipeline.stages.all())


class CompetitorsForm(forms.Form):
    competitors = forms.ModelMultipleChoiceField(
        label=_("Competitors"),
        queryset=Competitor.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LineForm(forms.Form):
    product = forms.CharField(label=_("Product"), max_length=300)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=12, decimal_places=3)
    unit_price = forms.DecimalField(label=_("Unit price"), max_digits=20, decimal_places=4)


LineFormSet = forms.formset_factory(LineForm, extra=1, can_delete=True)


class ForecastFilterForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "owner", visible_to(user, User).filter(is_active=True))
        _limit(self, "team", visible_to(user, Team))
