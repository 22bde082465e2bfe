"""Forms parse what a person typed; the prospect services decide whether it may be saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salesdesk.core.periods import PeriodKind
from salesdesk.org.models import User
from salesdesk.prospects.choices import ProspectSource, ProspectStatus, QuestionKind
from salesdesk.prospects.models import Question, Questionnaire
from salesdesk.prospects.selectors import questionnaire_list
from salesdesk.prospects.services import reps_for_tee_up

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProspectForm(forms.Form):
    company_name = forms.CharField(label=_("Company"), max_length=300)
    source = forms.ChoiceField(label=_("Source"), choices=ProspectSource.choices)
    contact_name = forms.CharField(label=_("Contact person"), max_length=300, required=False)
    contact_title = forms.CharField(label=_("Their job title"), max_length=200, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    website = forms.CharField(label=_("Web site"), max_length=300, required=False)
    country = forms.CharField(
        label=_("Country"), max_length=2, required=False, help_text=_("Two-letter code, e.g. DE")
    )
    language = forms.CharField(label=_("Language"), max_length=10, required=False)
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire"), queryset=Questionnaire.objects.none(), required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["questionnaire"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = questionnaire_list(user=user, active_only=True)


class AttemptForm(forms.Form):
    reached = forms.BooleanField(label=_("We reached them"), required=False)
    notes = forms.CharField(
        label=_("What was said"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswersForm(forms.Form):
    """One field per question of a questionnaire; required answers and kinds are enforced by the service."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"question_{question.pk}"] = self._field_for(question)

    @staticmethod
    def _field_for(question: Question) -> forms.Field:
        common: dict[str, Any] = {"label": question.text, "required": False}
        if question.kind == QuestionKind.YES_NO:
            return forms.ChoiceField(choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))], **common)
        if question.kind == QuestionKind.CHOICE:
            return forms.ChoiceField(choices=[("", "—"), *((c, c) for c in question.choices)], **common)
        if question.kind == QuestionKind.DATE:
            return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        if question.kind == QuestionKind.NUMBER:
            return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
        return forms.CharField(max_length=1000, **common)


class TeeUpForm(forms.Form):
    rep = forms.ModelChoiceField(label=_("Rep"), queryset=User.objects.none())
    note = forms.CharField(
        label=_("Hand-off note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the rep should know before calling."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rep"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = reps_for_tee_up(user=user)


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you send it back"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConvertForm(forms.Form):
    opportunity_name = forms.CharField(
        label=_("Opportunity"), max_length=300, required=False, help_text=_("The company's name if empty.")
    )
    amount = forms.DecimalField(
        label=_("Amount"), max_digits=20, decimal_places=4, required=False, min_value=0
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    expected_close = forms.DateField(label=_("Expected close"), required=False, widget=_DATE)


class QuestionnaireForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    qualifying_score = forms.IntegerField(label=_("Score needed to qualify"), min_value=0, initial=0)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, for a question with a list of choices."),
    )
    required = forms.BooleanField(label=_("Answer required"), required=False, initial=True)
    weight = forms.IntegerField(label=_("Weight"), min_value=0, initial=1)
    scoring_answer = forms.CharField(
        label=_("Answer that scores"),
        max_length=200,
        required=False,
        help_text=_("yes or no, one of the choices, or the minimum number; empty: any answer scores."),
    )
    position = forms.IntegerField(label=_("Position"), min_value=1, required=False)

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class FunnelForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("By"),
        choices=[(k.value, k.label) for k in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)],
        initial=PeriodKind.MONTH,
        required=False,
    )
    start = forms.DateField(label=_("From"), required=False, widget=_DATE)
    end = forms.DateField(label=_("To"), required=False, widget=_DATE)
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("All sources")), *ProspectSource.choices], required=False
    )


class ProspectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *ProspectStatus.choices], required=False
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("All sources")), *ProspectSource.choices], required=False
    )
