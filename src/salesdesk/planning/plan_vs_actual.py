"""G4: the seed's plan-tracking table (period, target, actual, variance, variance %, analysis, next action,
status) for any subject and metric, per week or month of a fiscal year, with the drill-down one level
below and the cumulative series for the chart."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from salesdesk.catalog.models import Product
from salesdesk.core.periods import FiscalCalendar, Period, PeriodKind
from salesdesk.org.models import Team, User
from salesdesk.planning.choices import GoalScope, Grain, Standing
from salesdesk.planning.measures import WHOLE, Narrowing, actual_by_owner, actual_by_period, actual_by_product
from salesdesk.planning.models import VarianceNote
from salesdesk.planning.subjects import Subject
from salesdesk.planning.targets import (
    goals_counted,
    person_targets,
    product_targets,
    targets_by_period,
    team_targets,
)

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# Within 10 % of the target is "slightly behind" (amber), further is "behind" (red).
CLOSE_ENOUGH = Decimal("0.9")


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part * HUNDRED / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def standing(*, target: Decimal, actual: Decimal, period: Period, today: date) -> tuple[str, Decimal]:
    """The status colour and the target it was judged against (prorated by days while the period runs)."""
    if period.start > today:
        return Standing.OPEN, target
    if not target:
        return Standing.NO_TARGET, target
    due = target
    if today < period.end:
        elapsed = (today - period.start).days + 1
        due = target * elapsed / period.days
    ratio = actual / due if due else Decimal(1)
    if ratio >= 1:
        return Standing.AHEAD, due
    if ratio >= CLOSE_ENOUGH:
        return Standing.CLOSE, due
    return Standing.BEHIND, due


@dataclass(frozen=True)
class Row:
    period: Period
    target: Decimal
    actual: Decimal
    standing: str
    is_running: bool
    note: VarianceNote | None

    @property
    def variance(self) -> Decimal:
        return self.actual - self.target

    @property
    def variance_percent(self) -> Decimal | None:
        return percent(self.variance, self.target)


@dataclass(frozen=True)
class Child:
    """One line of the drill-down: a team, a person or a product, over the year to date."""

    label: str
    target: Decimal
    actual: Decimal
    scope: str = ""
    pk: int = 0

    @property
    def variance(self) -> Decimal:
        return self.actual - self.target

    @property
    def attainment(self) -> Decimal | None:
        return percent(self.actual, self.target)


@dataclass(frozen=True)
class Table:
    subject: Subject
    metric: str
    grain: str
    fiscal_year: int
    rows: list[Row]
    from_members: bool
    narrowing: Narrowing = WHOLE
    children: list[Child] = field(default_factory=list)

    @property
    def target_total(self) -> Decimal:
        return sum((row.target for row in self.rows), ZERO)

    @property
    def actual_total(self) -> Decimal:
        return sum((row.actual for row in self.rows), ZERO)

    @property
    def variance_total(self) -> Decimal:
        return self.actual_total - self.target_total

    @property
    def variance_percent_total(self) -> Decimal | None:
        return percent(self.variance_total, self.target_total)

    def cumulative(self, today: date) -> tuple[list[Decimal], list[Decimal]]:
        """Running totals of plan (every period) and actual (up to the running period)."""
        plan, actual = [], []
        plan_sum = actual_sum = ZERO
        for row in self.rows:
            plan_sum += row.target
            plan.append(plan_sum)
            if row.period.start <= today:
                actual_sum += row.actual
                actual.append(actual_sum)
        return plan, actual


def fiscal_periods(calendar: FiscalCalendar, fiscal_year: int, grain: str) -> list[Period]:
    start = calendar.year_start(fiscal_year)
    end = calendar.period(start, PeriodKind.YEAR).end
    kind = PeriodKind.WEEK if grain == Grain.WEEK else PeriodKind.MONTH
    return [
        period for period in calendar.periods_between(start, end, kind) if period.fiscal_year == fiscal_year
    ]


def plan_vs_actual(
    *,
    subject: Subject,
    metric: str,
    grain: str,
    fiscal_year: int,
    calendar: FiscalCalendar,
    today: date,
    narrowing: Narrowing = WHOLE,
    with_children: bool = True,
) -> Table:
    periods = fiscal_periods(calendar, fiscal_year, grain)
    starts = [period.start for period in periods]
    first, last = periods[0].start, periods[-1].end
    goals, from_members = goals_counted(subject, metric, first, last, narrowing)
    targets = targets_by_period(goals, grain, starts)
    actuals = actual_by_period(
        owner_ids=subject.owner_ids(),
        metric=metric,
        grain=grain,
        first=starts[0],
        last=starts[-1],
        narrowing=narrowing,
    )
    notes = {
        note.period_start: note
        for note in VarianceNote.objects.filter(
            scope=subject.scope, subject_id=subject.pk, metric=metric, grain=grain, period_start__in=starts
        )
    }
    rows = []
    for period in periods:
        target, actual = targets.get(period.start, ZERO), actuals.get(period.start, ZERO)
        colour, _due = standing(target=target, actual=actual, period=period, today=today)
        rows.append(
            Row(
                period=period,
                target=target,
                actual=actual,
                standing=colour,
                is_running=period.start <= today <= period.end,
                note=notes.get(period.start),
            )
        )
    children: list[Child] = []
    if with_children and narrowing.is_whole:
        months = [
            period.start
            for period in fiscal_periods(calendar, fiscal_year, Grain.MONTH)
            if period.start <= today
        ]
        if months:
            children = drill_down(subject, metric, months[0], months[-1])
    return Table(subject, metric, grain, fiscal_year, rows, from_members, narrowing, children)


def drill_down(subject: Subject, metric: str, first_month: date, last_month: date) -> list[Child]:
    """One level down, over whole months: company → teams, department → teams, team → people, person →
    products. A constant number of queries however many children."""
    if subject.scope == GoalScope.PERSON:
        return _products(subject, metric, first_month, last_month)
    if subject.scope == GoalScope.TEAM:
        people = list(User.objects.filter(teams=subject.pk, is_active=True).order_by("full_name", "username"))
        return _people(people, metric, first_month, last_month)
    teams = (
        Team.objects.all()
        if subject.scope == GoalScope.COMPANY
        else Team.objects.filter(department=subject.pk)
    )
    return _teams(list(teams.order_by("name")), metric, first_month, last_month)


def _people(people: list[User], metric: str, first_month: date, last_month: date) -> list[Child]:
    ids = [person.pk for person in people]
    targets = person_targets(ids, metric, first_month, last_month)
    actuals = actual_by_owner(owner_ids=ids, metric=metric, first_month=first_month, last_month=last_month)
    return [
        Child(
            person.display_name,
            targets.get(person.pk, ZERO),
            actuals.get(person.pk, ZERO),
            GoalScope.PERSON,
            person.pk,
        )
        for person in people
    ]


def _teams(teams: list[Team], metric: str, first_month: date, last_month: date) -> list[Child]:
    membership: dict[int, set[int]] = {team.pk: set() for team in teams}
    for team_id, user_id in User.teams.through.objects.filter(team_id__in=membership).values_list(
        "team_id", "user_id"
    ):
        membership[team_id].add(user_id)
    everyone = sorted(set().union(*membership.values())) if membership else []
    own = team_targets(list(membership), metric, first_month, last_month)
    people_targets = person_targets(everyone, metric, first_month, last_month)
    actuals = actual_by_owner(
        owner_ids=everyone, metric=metric, first_month=first_month, last_month=last_month
    )
    children = []
    for team in teams:
        members = membership[team.pk]
        target = own.get(team.pk, sum((people_targets.get(pk, ZERO) for pk in members), ZERO))
        actual = sum((actuals.get(pk, ZERO) for pk in members), ZERO)
        children.append(Child(team.name, target, actual, GoalScope.TEAM, team.pk))
    return children


def _products(subject: Subject, metric: str, first_month: date, last_month: date) -> list[Child]:
    actuals = actual_by_product(
        owner_ids=subject.owner_ids(), metric=metric, first_month=first_month, last_month=last_month
    )
    targets = product_targets(subject, metric, first_month, last_month)
    keys = set(actuals) | set(targets)
    products = {product.pk: product for product in Product.objects.filter(Q(pk__in=keys))}
    children = [
        Child(
            products[key].label() if key in products else _("Without a product"),
            targets.get(key, ZERO),
            actuals.get(key, ZERO),
        )
        for key in keys
    ]
    return sorted(children, key=lambda child: child.actual, reverse=True)
