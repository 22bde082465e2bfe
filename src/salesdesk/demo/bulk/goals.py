"""Yearly revenue goals for every crowd rep over the years of order history and a company goal each
year, made through planning's own services (a few hundred rows) and split evenly into months."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from salesdesk.core.periods import company_calendar
from salesdesk.demo.bulk.context import BulkContext
from salesdesk.org.models import User
from salesdesk.planning.choices import GoalScope, Metric, SplitMethod
from salesdesk.planning.models import Goal
from salesdesk.planning.services import GoalInput, goal_create


def fiscal_years(today: date, years: int) -> list[date]:
    """The first day of each fiscal year the order history touches, oldest first (years + 1 of them)."""
    calendar = company_calendar()
    days = [today - timedelta(days=365 * back) for back in range(years, -1, -1)]
    return sorted({calendar.period(day, "year").start for day in days})


def load_goals(ctx: BulkContext) -> int:
    """Returns how many goals were made; a rep's or the company's goal that exists already is kept."""
    rng = ctx.rng("goals")
    planner = ctx.admin
    made = 0
    reps = list(User.objects.filter(pk__in=ctx.rep_ids).order_by("username"))
    yearly = Goal.objects.filter(
        metric=Metric.REVENUE, period_kind="year", product__isnull=True, category__isnull=True,
        territory__isnull=True,
    )  # fmt: skip
    for start in fiscal_years(ctx.today, ctx.sizes.years):
        period = company_calendar().period(start, "year")
        title = f"Revenue FY {period.fiscal_year}"
        having = set(yearly.filter(period_start=period.start).values_list("person_id", flat=True))
        total = Decimal(0)
        for rep in reps:
            target = Decimal(rng.randrange(900, 1600) * 1000)
            total += target
            if rep.pk in having:
                continue
            goal_create(
                created_by=planner,
                data=GoalInput(
                    scope=GoalScope.PERSON, person=rep, metric=Metric.REVENUE, period_kind="year",
                    period_day=period.start, target=target, owner=rep, title=title,
                    split_method=SplitMethod.EVEN,
                ),
            )  # fmt: skip
            made += 1
        if not yearly.filter(period_start=period.start, scope=GoalScope.COMPANY).exists():
            goal_create(
                created_by=planner,
                data=GoalInput(
                    scope=GoalScope.COMPANY, metric=Metric.REVENUE, period_kind="year",
                    period_day=period.start, target=total, owner=planner, title=title,
                    split_method=SplitMethod.EVEN,
                ),
            )  # fmt: skip
            made += 1
    return made
