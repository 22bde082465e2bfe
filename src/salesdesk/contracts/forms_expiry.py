"""The expiry calendar's filters: which period, starting when, whose contracts."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salesdesk.contracts.expiry import ExpiryFilters
from salesdesk.core.periods import PeriodKind
from salesdesk.core.scoping import visible_to
from salesdesk.core.widgets import PlainSelect
from salesdesk.org.models import User

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class ExpiryCalendarForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        choices=[(PeriodKind.MONTH.value, _("Month")), (PeriodKind.QUARTER.value, _("Quarter"))],
        required=False,
    )
    start = forms.CharField(
        label=_("From month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-12"}),
    )
    # Every active person of the unit may be offered: the plain select keeps that list cheap to draw.
    rep = forms.ModelChoiceField(
        label=_("Sales rep"), queryset=User.objects.none(), required=False, widget=PlainSelect
    )
    team = forms.ModelChoiceField(
        label=_("Team of"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("A manager's reporting line."),
        widget=PlainSelect,
    )

    def __init__(self, *args: Any, user: User, with_people: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_people:
            # What a name in the list needs (User.display_name), not every column of every person.
            people = (
                visible_to(user, User)
                .filter(is_active=True)
                .only("pk", "full_name", "first_name", "last_name", "username")
            )
            self.fields["rep"].queryset = people  # type: ignore[attr-defined]
            self.fields["team"].queryset = people.filter(  # type: ignore[attr-defined]
                pk__in=User.objects.filter(manager__isnull=False).values("manager_id")
            )
        else:
            del self.fields["rep"]
            del self.fields["team"]

    def clean_start(self) -> date | None:
        value = (self.cleaned_data.get("start") or "").strip()
        if not value:
            return None
        match = _MONTH.match(value)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError(_("Give a month as YYYY-MM, e.g. 2026-12."))
        return date(int(match.group(1)), int(match.group(2)), 1)

    def choices(self) -> tuple[str, date | None, ExpiryFilters]:
        """(period kind, first month or None for today's, filters); invalid values are left out."""
        self.is_valid()  # each valid field is kept, whatever the others hold
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        kind = data.get("period") or PeriodKind.MONTH.value
        rep = data.get("rep")
        team = data.get("team")
        filters = ExpiryFilters(owner_id=rep.pk if rep else None, team_id=team.pk if team else None)
        return kind, data.get("start"), filters
