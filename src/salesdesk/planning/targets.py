"""The plan side of plan vs actual: what a subject was meant to reach in each week and month.

A subject's own goals count; a team, department or the company without a goal of its own for the metric
is measured against the sum of its people's goals. A month's target is the sum of the goals' plan months;
a week's target is each month's target shared out by the days of that week inside the month (plus goals
set for that very week).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from salesdesk.core.periods import PeriodKind, month_end
from salesdesk.planning.choices import GoalScope, Grain
from salesdesk.planning.measures import Narrowing
from salesdesk.planning.models import Goal, PlanMonth
from salesdesk.planning.subjects import Subject

ZERO = Decimal(0)


def _days_in_month(month: date) -> int:
    return month_end(month).day


def _narrowed(goals: QuerySet[Goal], narrowing: Narrowing) -> QuerySet[Goal]:
    # Not narrowed means IS NULL, so a whole-scope goal and a product goal are never counted together.
    return goals.filter(
        product__isnull=narrowing.product_id is None,
        category__isnull=narrowing.category_id is None,
        territory__isnull=narrowing.territory_id is None,
    ).filter(**_given(narrowing))


def _given(narrowing: Narrowing) -> dict[str, int]:
    values = {
        "product_id": narrowing.product_id,
        "category_id": narrowing.category_id,
        "territory_id": narrowing.territory_id,
    }
    return {field: value for field, value in values.items() if value is not None}


def goals_for(subject: Subject, metric: str, first: date, last: date, narrowing: Narrowing) -> QuerySet[Goal]:
    """The subject's own goals for the metric overlapping [first, last]."""
    goals = Goal.objects.filter(
        **subject.goal_filter(), metric=metric, period_start__lte=last, period_end__gte=first
    )
    return _narrowed(goals, narrowing)


def _members_goals(
    owner_ids: list[int] | None, metric: str, first: date, last: date, narrowing: Narrowing
) -> QuerySet[Goal]:
    goals = Goal.objects.filter(
        scope=GoalScope.PERSON, metric=metric, period_start__lte=last, period_end__gte=first
    )
    if owner_ids is not None:
        goals = goals.filter(person_id__in=owner_ids)
    return _narrowed(goals, narrowing)


def goals_counted(
    subject: Subject, metric: str, first: date, last: date, narrowing: Narrowing
) -> tuple[QuerySet[Goal], bool]:
    """The goals a subject is measured against, and whether they are its people's rather than its own."""
    own = goals_for(subject, metric, first, last, narrowing)
    if subject.scope == GoalScope.PERSON or own.exists():
        return own, False
    return _members_goals(subject.owner_ids(), metric, first, last, narrowing), True


def monthly_targets(goals: QuerySet[Goal], first: date, last: date) -> dict[date, Decimal]:
    rows = (
        PlanMonth.objects.filter(goal__in=goals.values("pk"), month_start__gte=first, month_start__lte=last)
        .values("month_start")
        .annotate(total=Sum("target"))
        .values_list("month_start", "total")
    )
    targets: dict[date, Decimal] = defaultdict(lambda: ZERO)
    for month, total in rows:
        targets[month] += Decimal(total)
    for goal_start, target in goals.filter(period_kind=PeriodKind.WEEK).values_list("period_start", "target"):
        targets[goal_start.replace(day=1)] += target
    return dict(targets)


def weekly_targets(goals: QuerySet[Goal], week_starts: Iterable[date]) -> dict[date, Decimal]:
    weeks = sorted(week_starts)
    if not weeks:
        return {}
    first_month = weeks[0].replace(day=1)
    last_day = weeks[-1] + timedelta(days=6)
    month_rows = (
        PlanMonth.objects.filter(
            goal__in=goals.values("pk"), month_start__gte=first_month, month_start__lte=last_day
        )
        .values("month_start")
        .annotate(total=Sum("target"))
        .values_list("month_start", "total")
    )
    per_day = {month: Decimal(total) / _days_in_month(month) for month, total in month_rows}
    targets: dict[date, Decimal] = {}
    for week in weeks:
        total = ZERO
        for offset in range(7):
            day = week + timedelta(days=offset)
            total += per_day.get(day.replace(day=1), ZERO)
        targets[week] = total
    for goal_start, target in goals.filter(period_kind=PeriodKind.WEEK).values_list("period_start", "target"):
        if goal_start in targets:
            targets[goal_start] += target
    return targets


def targets_by_period(goals: QuerySet[Goal], grain: str, starts: list[date]) -> dict[date, Decimal]:
    if grain == Grain.WEEK:
        return weekly_targets(goals, starts)
    if not starts:
        return {}
    return monthly_targets(goals, starts[0], starts[-1])


def person_targets(
    person_ids: list[int], metric: str, first_month: date, last_month: date
) -> dict[int, Decimal]:
    """{person id: sum of their whole-scope goals' months between the two months} in one query."""
    rows = (
        PlanMonth.objects.filter(
            goal__scope=GoalScope.PERSON,
            goal__person_id__in=person_ids,
            goal__metric=metric,
            goal__product__isnull=True,
            goal__category__isnull=True,
            goal__territory__isnull=True,
            month_start__gte=first_month,
            month_start__lte=last_month,
        )
        .values("goal__person_id")
        .annotate(total=Sum("target"))
        .values_list("goal__person_id", "total")
    )
    return {person: Decimal(total) for person, total in rows}


def team_targets(team_ids: list[int], metric: str, first_month: date, last_month: date) -> dict[int, Decimal]:
    """{team id: the team's own goal months between the two months} for teams that have one."""
    rows = (
        PlanMonth.objects.filter(
            Q(goal__scope=GoalScope.TEAM, goal__team_id__in=team_ids),
            goal__metric=metric,
            goal__product__isnull=True,
            goal__category__isnull=True,
            goal__territory__isnull=True,
            month_start__gte=first_month,
            month_start__lte=last_month,
        )
        .values("goal__team_id")
        .annotate(total=Sum("target"))
        .values_list("goal__team_id", "total")
    )
    return {team: Decimal(total) for team, total in rows}


def product_targets(subject: Subject, metric: str, first_month: date, last_month: date) -> dict[int, Decimal]:
    rows = (
        PlanMonth.objects.filter(
            goal__in=Goal.objects.filter(
                **subject.goal_filter(), metric=metric, product__isnull=False
            ).values("pk"),
            month_start__gte=first_month,
            month_start__lte=last_month,
        )
        .values("goal__product_id")
        .annotate(total=Sum("target"))
        .values_list("goal__product_id", "total")
    )
    return {product: Decimal(total) for product, total in rows}
