from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salesdesk.core.scoping import visible_to
from salesdesk.org.models import User
from salesdesk.worklist.choices import TaskPriority


class TaskForm(forms.Form):
    """Parses what a person typed; the task services decide whether it may be saved."""

    title = forms.CharField(label=_("Title"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    # Browsers accept only ISO dates in type="date" inputs, whatever the page's language.
    due_on = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    remind_at = forms.DateTimeField(
        label=_("Reminder"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("We send you an e-mail and a notification at this time."),
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=TaskPriority.choices, initial=TaskPriority.NORMAL
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.ModelChoiceField)
        owner_field.queryset = visible_to(user, User).filter(is_active=True)
        owner_field.empty_label = _("Me")
