"""Who a goal is for, and whose sales count towards it.

A subject is a scope (person, team, department, company) and an id (0 for the company). A team's sales
are its members'; a department's are those of its members and of the members of its teams; the company's
are everyone's. Who may look at a subject's numbers is decided here too: reps their own, managers down
their reporting line and the teams they lead, coordinators, administrators and finance their unit (and
the company figures), department staff nobody's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from salesdesk.org.choices import Role
from salesdesk.org.models import Department, Team, User
from salesdesk.planning.choices import GoalScope

_UNIT_WIDE = frozenset({Role.COORDINATOR, Role.ADMIN, Role.FINANCE})
# Those who may set goals and change plans (for the subjects they may see).
PLANNERS = frozenset({Role.MANAGER, Role.COORDINATOR, Role.ADMIN})


@dataclass(frozen=True, slots=True)
class Subject:
    scope: str
    pk: int  # 0 for the company
    name: str
    business_unit_id: int | None = None

    @property
    def key(self) -> str:
        return f"{self.scope}-{self.pk}"

    def owner_ids(self) -> list[int] | None:
        """The people whose sales count; None means everyone (the company)."""
        if self.scope == GoalScope.PERSON:
            return [self.pk]
        if self.scope == GoalScope.TEAM:
            return sorted(User.objects.filter(teams=self.pk).values_list("pk", flat=True))
        if self.scope == GoalScope.DEPARTMENT:
            members = Q(departments=self.pk) | Q(teams__department=self.pk)
            return sorted(set(User.objects.filter(members).values_list("pk", flat=True)))
        return None

    def goal_filter(self) -> dict[str, Any]:
        filters: dict[str, dict[str, Any]] = {
            GoalScope.PERSON: {"scope": GoalScope.PERSON, "person_id": self.pk},
            GoalScope.TEAM: {"scope": GoalScope.TEAM, "team_id": self.pk},
            GoalScope.DEPARTMENT: {"scope": GoalScope.DEPARTMENT, "department_id": self.pk},
            GoalScope.COMPANY: {"scope": GoalScope.COMPANY},
        }
        return filters[GoalScope(self.scope)]


def company() -> Subject:
    return Subject(GoalScope.COMPANY, 0, _("Company"))


def of_person(person: User) -> Subject:
    return Subject(GoalScope.PERSON, person.pk, person.display_name, person.business_unit_id)


def of_team(team: Team) -> Subject:
    return Subject(GoalScope.TEAM, team.pk, team.name, team.business_unit_id)


def of_department(department: Department) -> Subject:
    return Subject(GoalScope.DEPARTMENT, department.pk, department.label, department.business_unit_id)


def may_view(user: User, subject: Subject) -> bool:
    roles = user.roles
    if subject.scope == GoalScope.COMPANY:
        return bool(roles & (_UNIT_WIDE | {Role.MANAGER}))
    if subject.scope == GoalScope.PERSON and subject.pk == user.pk:
        return True
    if roles & _UNIT_WIDE and subject.business_unit_id == user.business_unit_id:
        return True
    if Role.MANAGER not in roles or not user.reporting_path:
        return False
    if subject.scope == GoalScope.PERSON:
        return User.objects.filter(pk=subject.pk, reporting_path__startswith=user.reporting_path).exists()
    if subject.scope == GoalScope.TEAM:
        return Team.objects.filter(
            Q(lead=user) | Q(members__reporting_path__startswith=user.reporting_path), pk=subject.pk
        ).exists()
    return subject.business_unit_id == user.business_unit_id


def may_plan(user: User, subject: Subject) -> bool:
    """Setting goals and changing plans: managers for their line, coordinators and admins for the unit.
    Nobody sets their own goal alone."""
    if not user.roles & PLANNERS:
        return False
    if subject.scope == GoalScope.PERSON and subject.pk == user.pk and not user.has_role(Role.ADMIN):
        return False
    wide = subject.scope in (GoalScope.COMPANY, GoalScope.DEPARTMENT)
    if wide and not user.roles & {Role.COORDINATOR, Role.ADMIN} and user.manager_id is not None:
        # Company and department goals are set by the head of sales (a manager who reports to nobody),
        # coordinators and administrators; other managers set them for their line and teams.
        return False
    return may_view(user, subject)


def resolve(user: User, scope: str, pk: int | str) -> Subject:
    """The subject named by `scope` and `pk`, if `user` may see its numbers; otherwise 404."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    subject: Subject | None = None
    if scope == GoalScope.COMPANY:
        subject = company()
    elif scope == GoalScope.PERSON:
        person = User.objects.filter(pk=number, is_active=True).first()
        subject = of_person(person) if person else None
    elif scope == GoalScope.TEAM:
        team = Team.objects.filter(pk=number).first()
        subject = of_team(team) if team else None
    elif scope == GoalScope.DEPARTMENT:
        department = Department.objects.filter(pk=number).first()
        subject = of_department(department) if department else None
    if subject is None or not may_view(user, subject):
        raise Http404
    return subject


def of_goal(goal: Any) -> Subject:
    if goal.scope == GoalScope.PERSON:
        return of_person(goal.person)
    if goal.scope == GoalScope.TEAM:
        return of_team(goal.team)
    if goal.scope == GoalScope.DEPARTMENT:
        return of_department(goal.department)
    return company()
