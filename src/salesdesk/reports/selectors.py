"""Reads of submissions, scoped to the reader."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from salesdesk.core.periods import month_end
from salesdesk.core.scoping import visible_to
from salesdesk.org.choices import Role
from salesdesk.org.models import User
from salesdesk.reports.models import MonthlySubmission


def submission_list(*, user: User) -> QuerySet[MonthlySubmission]:
    """The submissions `user` may read: their own, their line's, their unit's."""
    return visible_to(user, MonthlySubmission).select_related("person")


def submission_of(*, user: User, person: User, month: date) -> MonthlySubmission | None:
    return submission_list(user=user).filter(person=person, month=month).first()


def submission_versions(*, submission: MonthlySubmission) -> list[Any]:
    """Every version handed in, newest first (simple-history rows)."""
    return list(submission.history.select_related("history_user").order_by("-history_date", "-history_id"))


def reps_expected(*, month: date) -> QuerySet[User]:
    """Active reps who were on board by the month's end: everyone whose numbers are due."""
    return User.objects.filter(is_active=True, role_grants__role=Role.SALES_REP).filter(
        Q(hire_date__isnull=True) | Q(hire_date__lte=month_end(month))
    )


def reps_missing(*, month: date, people: QuerySet[User] | None = None) -> QuerySet[User]:
    """Reps (of `people`, or all expected ones) who have not handed in `month`'s numbers."""
    expected = reps_expected(month=month)
    if people is not None:
        expected = expected.filter(pk__in=people.values("pk"))
    handed_in = MonthlySubmission.objects.filter(month=month).values("person_id")
    return (
        User.objects.filter(pk__in=expected.values("pk"))
        .exclude(pk__in=handed_in)
        .order_by("full_name", "username")
    )
