from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from salesdesk.catalog.models import Product, ProductCategory
from salesdesk.core.periods import PeriodKind
from salesdesk.core.scoping import visible_to
from salesdesk.core.widgets import PlainSelect
from salesdesk.org.models import Department, Team, Territory, User
from salesdesk.planning.choices import GoalScope, Metric, RevisionReason, SplitMethod

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GoalForm(forms.Form):
    scope = forms.ChoiceField(label=_("Goal for"), choices=GoalScope.choices, widget=PlainSelect)
    person = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none(), required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    metric = forms.ChoiceField(label=_("Metric"), choices=Metric.choices, widget=PlainSelect)
    period_kind = forms.ChoiceField(
        label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.YEAR, widget=PlainSelect
    )
    period_day = forms.DateField(
        label=_("A day in the period"),
        widget=_DATE,
        help_text=_("The fiscal week, month, quarter or year holding this day."),
    )
    target = forms.DecimalField(label=_("Target"), min_value=Decimal(0), max_digits=16, decimal_places=2)
    title = forms.CharField(label=_("What exactly"), max_length=300)
    measure = forms.CharField(label=_("How it is measured"), max_length=300, required=False)
    owner = forms.ModelChoiceField(label=_("Responsible"), queryset=User.objects.none())
    rationale = forms.CharField(
        label=_("Why it matters"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    deadline = forms.DateField(
        label=_("Deadline"), widget=_DATE, required=False, help_text=_("Empty: the period's last day.")
    )
    product = forms.ModelChoiceField(label=_("Only product"), queryset=Product.objects.none(), required=False)
    category = forms.ModelChoiceField(
        label=_("Only category"), queryset=ProductCategory.objects.none(), required=False
    )
    territory = forms.ModelChoiceField(
        label=_("Only territory"), queryset=Territory.objects.none(), required=False
    )
    split_method = forms.ChoiceField(
        label=_("Monthly split"),
        choices=[
            (SplitMethod.EVEN, SplitMethod.EVEN.label),
            (SplitMethod.SEASONAL, SplitMethod.SEASONAL.label),
        ],
        widget=PlainSelect,
        help_text=_("Months can be changed by hand afterwards."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = visible_to(user, User).filter(is_active=True)
        querysets: dict[str, QuerySet[Any]] = {
            "person": people,
            "owner": people,
            "team": visible_to(user, Team),
            "department": Department.objects.filter(business_unit_id=user.business_unit_id),
            "product": visible_to(user, Product).filter(is_active=True),
            "category": visible_to(user, ProductCategory),
            "territory": Territory.objects.filter(business_unit_id=user.business_unit_id),
        }
        for name, queryset in querysets.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset


class RevisionForm(forms.Form):
    """G3: what changes, and why."""

    target = forms.DecimalField(label=_("Target"), min_value=Decimal(0), max_digits=16, decimal_places=2)
    title = forms.CharField(label=_("What exactly"), max_length=300)
    deadline = forms.DateField(label=_("Deadline"), widget=_DATE)
    split_method = forms.ChoiceField(
        label=_("Monthly split"), choices=SplitMethod.choices, widget=PlainSelect
    )
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "—"), *RevisionReason.choices], widget=PlainSelect
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, months: list[date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.month_fields = []
        for month in months:
            name = f"month_{month:%Y_%m}"
            self.fields[name] = forms.DecimalField(
                label=date_format(month, "YEAR_MONTH_FORMAT"),
                min_value=Decimal(0),
                max_digits=16,
                decimal_places=2,
                required=False,
            )
            self.month_fields.append((month, name))

    def months(self) -> dict[date, Decimal | None]:
        return {month: self.cleaned_data.get(name) for month, name in self.month_fields}


class SplitPartForm(forms.Form):
    part = forms.ChoiceField(label=_("Part"), widget=PlainSelect, required=False)
    target = forms.DecimalField(
        label=_("Target"), min_value=Decimal(0), max_digits=16, decimal_places=2, required=False
    )

    def __init__(self, *args: Any, part_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["part"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *part_choices]


class SplitMetaForm(forms.Form):
    target = forms.DecimalField(
        label=_("Target of the goal"),
        min_value=Decimal(0),
        max_digits=16,
        decimal_places=2,
        help_text=_("Change it here together with the parts; the parts must add up to it."),
    )
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "—"), *RevisionReason.choices], widget=PlainSelect, required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class VarianceNoteForm(forms.Form):
    analysis = forms.CharField(
        label=_("Variance analysis"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    next_action = forms.CharField(
        label=_("Next action"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
