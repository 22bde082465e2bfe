"""Whose numbers a compiled report holds, and who may read it.

A team's report is read by whoever may see the team's plan (its lead, managers of its members,
coordinators and admins of its unit); the whole unit's by its coordinators and administrators; a
manager's reporting line by that manager. Reps read no compiled report, only their own submissions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from salesdesk.org.choices import Role
from salesdesk.org.models import BusinessUnit, Team, User
from salesdesk.planning import subjects
from salesdesk.reports.choices import ScopeKind

UNIT_READERS = frozenset({Role.COORDINATOR, Role.ADMIN})
REPORT_READERS = UNIT_READERS | {Role.MANAGER}


@dataclass(frozen=True, slots=True)
class ReportScope:
    kind: str
    pk: int
    name: str
    business_unit_id: int | None

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.pk}"

    def people(self) -> QuerySet[User]:
        """The active reps whose numbers the report holds, in name order."""
        reps = User.objects.filter(is_active=True, role_grants__role=Role.SALES_REP)
        if self.kind == ScopeKind.TEAM:
            reps = reps.filter(teams=self.pk)
        elif self.kind == ScopeKind.UNIT:
            reps = reps.filter(business_unit_id=self.pk)
        else:
            manager = User.objects.filter(pk=self.pk).values_list("reporting_path", flat=True).first()
            if not manager:
                return User.objects.none()
            reps = reps.filter(reporting_path__startswith=manager).exclude(pk=self.pk)
        return reps.distinct().order_by("full_name", "username")


def of_team(team: Team) -> ReportScope:
    return ReportScope(ScopeKind.TEAM, team.pk, team.name, team.business_unit_id)


def of_unit(unit: BusinessUnit) -> ReportScope:
    return ReportScope(ScopeKind.UNIT, unit.pk, unit.name, unit.pk)


def of_line(manager: User) -> ReportScope:
    name = _("Reporting line of %(manager)s") % {"manager": manager.display_name}
    return ReportScope(ScopeKind.LINE, manager.pk, name, manager.business_unit_id)


def may_read(user: User, scope: ReportScope) -> bool:
    roles = user.roles
    if not roles & REPORT_READERS:
        return False
    if scope.kind == ScopeKind.UNIT:
        return bool(roles & UNIT_READERS) and scope.pk == user.business_unit_id
    if scope.kind == ScopeKind.LINE:
        return Role.MANAGER in roles and scope.pk == user.pk
    return subjects.may_view(user, subjects.Subject("team", scope.pk, scope.name, scope.business_unit_id))


def readable_teams(user: User) -> QuerySet[Team]:
    """The teams whose report `user` may read (the same rule as `may_read`, as one query)."""
    roles = user.roles
    if not roles & REPORT_READERS:
        return Team.objects.none()
    condition = Q(pk__in=[])
    if roles & UNIT_READERS and user.business_unit_id:
        condition |= Q(business_unit_id=user.business_unit_id)
    if Role.MANAGER in roles and user.reporting_path:
        condition |= Q(lead=user) | Q(members__reporting_path__startswith=user.reporting_path)
    return Team.objects.filter(pk__in=Team.objects.filter(condition).values("pk")).order_by("name")


def default_scope(user: User) -> ReportScope:
    """The whole unit for coordinators and admins, a manager's reporting line otherwise."""
    if user.roles & UNIT_READERS and user.business_unit is not None:
        return of_unit(user.business_unit)
    if Role.MANAGER in user.roles:
        return of_line(user)
    raise Http404


def resolve(user: User, team: str | None) -> ReportScope:
    """The scope named by the `team` parameter (empty: the default one); 404 for what `user` may not
    read, a ValidationError naming `team` for what is not a team id."""
    if not user.roles & REPORT_READERS:
        raise Http404
    if not team:
        return default_scope(user)
    try:
        number = int(team)
    except ValueError:
        raise ValidationError({"team": _("Choose a team from the list.")}, code="invalid") from None
    found = Team.objects.filter(pk=number).first()
    if found is None or not may_read(user, of_team(found)):
        raise Http404
    return of_team(found)


def from_key(key: str) -> ReportScope:
    """A scope from its key ("team-4"), for jobs that get it as text."""
    kind, _sep, number = key.partition("-")
    pk = int(number)
    if kind == ScopeKind.TEAM:
        return of_team(Team.objects.get(pk=pk))
    if kind == ScopeKind.UNIT:
        return of_unit(BusinessUnit.objects.get(pk=pk))
    if kind == ScopeKind.LINE:
        return of_line(User.objects.get(pk=pk))
    raise ValueError(f"not a report scope: {key!r}")


def recipients(scope: ReportScope) -> QuerySet[User]:
    """Who gets the report by e-mail: a team's lead and its members' managers, the unit's coordinators,
    the line's manager."""
    active = User.objects.filter(is_active=True)
    if scope.kind == ScopeKind.TEAM:
        managers = active.filter(role_grants__role=Role.MANAGER).filter(
            Q(pk__in=Team.objects.filter(pk=scope.pk).values("lead_id")) | Q(direct_reports__teams=scope.pk)
        )
        return User.objects.filter(pk__in=managers.values("pk")).order_by("pk")
    if scope.kind == ScopeKind.UNIT:
        return active.filter(role_grants__role=Role.COORDINATOR, business_unit_id=scope.pk).order_by("pk")
    return active.filter(pk=scope.pk)
