"""G2: a person's plan for one month: for each of their goals, the month's target, the actual so far,
what is left and what that means per remaining working day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from salesdesk.core.models import CompanySettings
from salesdesk.core.periods import month_end
from salesdesk.org.models import User
from salesdesk.planning import subjects
from salesdesk.planning.measures import Narrowing, month_actuals
from salesdesk.planning.models import Goal, PlanMonth
from salesdesk.planning.plan_vs_actual import percent
from salesdesk.planning.presentation import figure, percent_text

ZERO = Decimal(0)


def working_days(first: date, last: date) -> int:
    """Monday to Friday between two days, both included."""
    days, day = 0, first
    while day <= last:
        days += day.weekday() < 5
        day += timedelta(days=1)
    return days


@dataclass(frozen=True)
class PlanLine:
    goal: Goal
    target: str
    actual: str
    remaining: str
    per_day: str
    attainment: str
    attained: bool


@dataclass(frozen=True)
class MonthPlan:
    month: date
    lines: list[PlanLine]
    working_days_left: int


def month_plan(*, person: User, month: date, today: date) -> MonthPlan:
    month = month.replace(day=1)
    end = month_end(month)
    currency = CompanySettings.current().currency
    parts = {
        part.goal_id: part.target for part in PlanMonth.objects.filter(goal__person=person, month_start=month)
    }
    goals = list(
        Goal.objects.filter(pk__in=parts)
        .select_related("product", "category", "territory")
        .order_by("metric", "pk")
    )
    start_left = max(today, month) if today <= end else end + timedelta(days=1)
    days_left = working_days(start_left, end)
    narrowings = {goal.pk: Narrowing(goal.product_id, goal.category_id, goal.territory_id) for goal in goals}
    actuals = month_actuals(
        owner_ids=subjects.of_person(person).owner_ids(),
        month=month,
        asked={(goal.metric, narrowings[goal.pk]) for goal in goals},
    )
    lines = []
    for goal in goals:
        actual = actuals[(goal.metric, narrowings[goal.pk])]
        target = parts[goal.pk]
        remaining = max(target - actual, ZERO)
        per_day = remaining / days_left if days_left else remaining
        lines.append(
            PlanLine(
                goal=goal,
                target=figure(target, goal.metric, currency),
                actual=figure(actual, goal.metric, currency),
                remaining=figure(remaining, goal.metric, currency),
                per_day=figure(per_day, goal.metric, currency) if days_left else "—",
                attainment=percent_text(percent(actual, target)).lstrip("+"),
                attained=actual >= target,
            )
        )
    return MonthPlan(month, lines, days_left)
