"""Reads of people and teams, always scoped to the reader."""

from __future__ import annotations

from django.db.models import QuerySet

from salesdesk.core.scoping import get_visible_or_404, visible_to
from salesdesk.org.models import Team, User


def user_list(*, user: User, search: str = "", role: str = "") -> QuerySet[User]:
    people = visible_to(user, User).filter(is_active=True)
    if search:
        people = people.filter(full_name__icontains=search) | people.filter(username__icontains=search)
    if role:
        people = people.filter(role_grants__role=role)
    return (
        people.select_related("job_title", "manager", "business_unit")
        .prefetch_related("role_grants")
        .distinct()
    )


def user_get(*, user: User, pk: int) -> User:
    return get_visible_or_404(user, user_list(user=user), pk=pk)


def team_list(*, user: User) -> QuerySet[Team]:
    return visible_to(user, Team).select_related("lead", "department").prefetch_related("members")


def reporting_line(*, manager: User) -> QuerySet[User]:
    """Everyone below `manager`, at any depth."""
    return User.objects.filter(reporting_path__startswith=manager.reporting_path).exclude(pk=manager.pk)
