"""H1: who is compared with whom, and who may look.

Peers are the active sales reps of one business unit holding the same job title. A rep sees the board of
their own title; a manager the titles held down their reporting line; coordinators, administrators and
finance every title of their unit. Everyone on a board sees every name and figure on it: it is a
leaderboard. Anything else does not exist for the person (404).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from salesdesk.org.choices import Role
from salesdesk.org.models import JobTitle, User
from salesdesk.performance.access import UNIT_WIDE


def _reps_of_unit(business_unit_id: int) -> QuerySet[User]:
    return User.objects.filter(
        business_unit_id=business_unit_id, is_active=True, role_grants__role=Role.SALES_REP
    )


def visible_job_titles(user: User) -> QuerySet[JobTitle]:
    """The job titles whose leaderboard `user` may open, with at least one rep holding them."""
    if not user.business_unit_id:
        return JobTitle.objects.none()
    roles = user.roles
    reps = _reps_of_unit(user.business_unit_id)
    if roles & UNIT_WIDE:
        return JobTitle.objects.filter(pk__in=reps.values("job_title_id")).order_by("level", "name")
    shown = Q(pk__in=[])
    if Role.MANAGER in roles and user.reporting_path:
        line = reps.filter(reporting_path__startswith=user.reporting_path)
        shown |= Q(pk__in=line.values("job_title_id"))
    if Role.SALES_REP in roles and user.job_title_id:
        shown |= Q(pk=user.job_title_id)
    return JobTitle.objects.filter(shown).order_by("level", "name")


def job_title_for(user: User, requested: str | None) -> JobTitle:
    """The title asked for if `user` may see it (404 otherwise); by default their own, else the first."""
    titles = visible_job_titles(user)
    if requested:
        try:
            return titles.get(pk=int(requested))
        except (ValueError, JobTitle.DoesNotExist):
            raise Http404 from None
    chosen = titles.filter(pk=user.job_title_id).first() if user.job_title_id else None
    chosen = chosen or titles.first()
    if chosen is None:
        raise Http404
    return chosen


def peers(*, job_title: JobTitle, business_unit_id: int) -> list[User]:
    return list(
        _reps_of_unit(business_unit_id)
        .filter(job_title=job_title)
        .distinct()
        .order_by("full_name", "username")
    )
