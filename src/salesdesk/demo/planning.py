"""Demo goals and plans (issue 5): last and this fiscal year for every rep, this year's company revenue
goal split down to the reps, a revision with its reason and a variance note, on rollups rebuilt from the
two years of order history the commerce loaders made."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from salesdesk.core.periods import company_calendar
from salesdesk.demo.customers.common import users_of
from salesdesk.org.choices import Role
from salesdesk.org.models import User
from salesdesk.planning import actuals, subjects
from salesdesk.planning.choices import GoalScope, Grain, Metric, RevisionReason, SplitMethod
from salesdesk.planning.measures import actual_by_period
from salesdesk.planning.services import (
    GoalInput,
    Part,
    goal_create,
    goal_revise,
    goal_split,
    variance_note_save,
)

if TYPE_CHECKING:
    from salesdesk.demo.services import DemoContext

ADMIN = "admin"
REP = "anna.schmidt"
# This year's goal is last year's result and this much more; without history, a round figure.
GROWTH = Decimal("1.10")
FALLBACK_TARGET = Decimal(60000)
CALLS_PER_YEAR = Decimal(480)


def _thousands(amount: Decimal) -> Decimal:
    return (amount / 1000).quantize(Decimal(1)) * 1000 or Decimal(1000)


def _yearly_actual(person: User, first: date, last: date) -> Decimal:
    values = actual_by_period(
        owner_ids=[person.pk],
        metric=Metric.REVENUE,
        grain=Grain.MONTH,
        first=first,
        last=last,
    )
    return sum(values.values(), Decimal(0))


def _goal(
    admin: User, person: User, day: date, target: Decimal, title: str, metric: str = Metric.REVENUE
) -> None:
    data = GoalInput(
        scope=GoalScope.PERSON,
        person=person,
        metric=metric,
        period_kind="year",
        period_day=day,
        target=target,
        title=title,
        owner=person,
        split_method=SplitMethod.SEASONAL,
    )
    try:
        goal_create(created_by=admin, data=data)
    except ValidationError:
        # No history to take the seasonality from: spread it evenly.
        goal_create(created_by=admin, data=replace(data, split_method=SplitMethod.EVEN))


def demo_planning(ctx: DemoContext) -> None:
    actuals.rebuild()
    people = users_of(ctx)
    admin = people[ADMIN]
    calendar = company_calendar()
    this_year = calendar.period(ctx.today, "year")
    last_year = calendar.same_period_last_year(this_year)
    reps = list(
        User.objects.filter(business_unit=ctx.business_unit, role_grants__role=Role.SALES_REP, is_active=True)
        .distinct()
        .order_by("pk")
    )
    targets: list[Part] = []
    for rep in reps:
        before = _yearly_actual(rep, last_year.start, last_year.end)
        # Last year's goal was set near what was reached: some reps beat it, some missed it.
        missed_by = Decimal(str(ctx.rng.choice((0.92, 0.97, 1.03, 1.08, 1.12))))
        last_target = _thousands(before * missed_by) if before else FALLBACK_TARGET
        _goal(admin, rep, last_year.start, last_target, f"Revenue FY {last_year.fiscal_year}")
        this_target = _thousands(before * GROWTH) if before else FALLBACK_TARGET
        targets.append(Part(GoalScope.PERSON, rep.pk, this_target))
        _goal(admin, rep, this_year.start, CALLS_PER_YEAR, f"Calls FY {this_year.fiscal_year}", Metric.CALLS)
    company_goal = goal_create(
        created_by=admin,
        data=GoalInput(
            scope=GoalScope.COMPANY,
            metric=Metric.REVENUE,
            period_kind="year",
            period_day=this_year.start,
            target=sum((part.target for part in targets), Decimal(0)),
            title=f"Revenue FY {this_year.fiscal_year}",
            measure="Net order value in the company currency, counted on the order date",
            owner=admin,
            rationale="Grow ten per cent on last year in every territory",
            split_method=SplitMethod.EVEN,
        ),
    )
    if targets:
        goal_split(goal=company_goal, by=admin, expected_version=company_goal.version, parts=targets)
    anna = people.get(REP)
    if anna is None:
        return
    # Last year's goal was cut in the spring, with the reason on record.
    last_goal = anna.goals.filter(metric=Metric.REVENUE, period_start=last_year.start).first()
    if last_goal is not None:
        goal_revise(
            goal=last_goal,
            by=admin,
            expected_version=last_goal.version,
            reason=RevisionReason.COMPETITION,
            note="Ein neuer Wettbewerber bietet Messestände 20 % günstiger an.",
            target=(last_goal.target * Decimal("0.9")).quantize(Decimal(1000)),
        )
    last_month = calendar.period(ctx.today.replace(day=1) - timedelta(days=1), "month")
    variance_note_save(
        by=anna,
        subject=subjects.of_person(anna),
        metric=Metric.REVENUE,
        grain=Grain.MONTH,
        period_start=last_month.start,
        analysis="Zwei Messeaufträge auf den nächsten Monat verschoben; Druckanzeigen unter Plan.",
        next_action="Bei Schulz und Keller bis Freitag nachfassen; Angebot für die Frühjahrsmesse senden.",
        expected_version=None,
    )
