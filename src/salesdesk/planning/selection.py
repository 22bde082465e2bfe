"""What a plan-vs-actual page shows, read from the query string: subject, metric, grain, fiscal year.

The subject list offered to a person holds only what they may see: a rep themselves, a manager their line
and teams, coordinators and finance their unit and the company.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salesdesk.core.periods import FiscalCalendar
from salesdesk.core.widgets import PlainSelect
from salesdesk.org.choices import Role
from salesdesk.org.models import Department, Team, User
from salesdesk.planning import subjects
from salesdesk.planning.choices import Grain, Metric
from salesdesk.planning.subjects import Subject


def subject_choices(user: User) -> list[tuple[str, str]]:
    """(key, name) of every subject `user` may look at, company first, then teams, then people."""
    options: list[Subject] = []
    if subjects.may_view(user, subjects.company()):
        options.append(subjects.company())
    sees_unit = bool(user.roles & {Role.COORDINATOR, Role.ADMIN, Role.FINANCE})
    if sees_unit:
        departments = Department.objects.filter(business_unit_id=user.business_unit_id, teams__isnull=False)
        options += [subjects.of_department(d) for d in departments.distinct().order_by("name")]
        teams = Team.objects.filter(business_unit_id=user.business_unit_id)
        people = User.objects.filter(
            business_unit_id=user.business_unit_id, is_active=True, role_grants__role=Role.SALES_REP
        )
    elif user.has_role(Role.MANAGER) and user.reporting_path:
        line = Q(reporting_path__startswith=user.reporting_path)
        teams = Team.objects.filter(Q(lead=user) | Q(members__reporting_path__startswith=user.reporting_path))
        people = User.objects.filter(line, is_active=True).exclude(pk=user.pk)
    else:
        teams, people = Team.objects.none(), User.objects.none()
    options += [subjects.of_team(team) for team in teams.distinct().order_by("name")]
    if user.has_role(Role.SALES_REP) or not options:
        options.append(subjects.of_person(user))
    options += [subjects.of_person(person) for person in people.distinct().order_by("full_name", "username")]
    seen: set[str] = set()
    unique = []
    for subject in options:
        if subject.key not in seen:
            seen.add(subject.key)
            unique.append((subject.key, subject.name))
    return unique


class PlanSelectionForm(forms.Form):
    subject = forms.ChoiceField(label=_("For"), widget=PlainSelect)
    metric = forms.ChoiceField(
        label=_("Metric"), choices=Metric.choices, initial=Metric.REVENUE, widget=PlainSelect
    )
    grain = forms.ChoiceField(label=_("Per"), choices=Grain.choices, initial=Grain.MONTH, widget=PlainSelect)
    year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, user: User, default_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["subject"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = subject_choices(user)
        self.fields["year"].initial = default_year


@dataclass(frozen=True)
class PlanSelection:
    subject: Subject
    metric: str
    grain: str
    fiscal_year: int

    def query(self, **changes: Any) -> str:
        values = {
            "subject": self.subject.key,
            "metric": self.metric,
            "grain": self.grain,
            "year": self.fiscal_year,
        }
        values.update(changes)
        return urlencode(values)


def read_selection(
    user: User, params: Any, calendar: FiscalCalendar, today: date
) -> tuple[PlanSelectionForm, PlanSelection]:
    """The page's selection; anything missing or unknown falls back to the person's natural default."""
    default_year = calendar.fiscal_year_of(today)
    choices = subject_choices(user)
    data = {
        "subject": params.get("subject") or choices[0][0],
        "metric": params.get("metric") or Metric.REVENUE,
        "grain": params.get("grain") or Grain.MONTH,
        "year": params.get("year") or default_year,
    }
    form = PlanSelectionForm(data, user=user, default_year=default_year)
    if form.is_valid():
        key = form.cleaned_data["subject"]
        metric, grain, year = (
            form.cleaned_data["metric"],
            form.cleaned_data["grain"],
            form.cleaned_data["year"],
        )
    else:
        key, metric, grain, year = choices[0][0], Metric.REVENUE, Grain.MONTH, default_year
    scope, _sep, pk = key.partition("-")
    return form, PlanSelection(subjects.resolve(user, scope, pk), metric, grain, year)
