"""The manager's monthly report (K1), compiled once for the page, the PDF, the XLSX and the e-mail:
team totals, plan vs actual per rep, top and bottom performers, the open pipeline by stage, the reps'
comments and who has not handed in. A fixed number of queries however many reps."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from salesdesk.core.charts import Bar, bar_chart
from salesdesk.core.fx import MissingRateError, convert
from salesdesk.core.models import CompanySettings
from salesdesk.core.money import Money
from salesdesk.org.models import User
from salesdesk.pipeline.selectors import OpportunityFilters, opportunity_list, summed_deals
from salesdesk.planning.choices import Metric
from salesdesk.planning.plan_vs_actual import percent
from salesdesk.planning.presentation import percent_text
from salesdesk.reports.choices import HEADLINE_METRIC, REPORT_METRICS
from salesdesk.reports.deadlines import submission_deadline
from salesdesk.reports.figures import system_figures_by_person, targets_of
from salesdesk.reports.models import MonthlySubmission
from salesdesk.reports.scopes import ReportScope

ZERO = Decimal(0)
# How many reps the top and the bottom of the ranking each name.
RANKED = 3


@dataclass(frozen=True, slots=True)
class Figure:
    """One metric of one rep (or a total): the target, what the system counted, what the rep reported."""

    target: Decimal | None
    system: Decimal
    reported: Decimal | None = None

    @property
    def is_corrected(self) -> bool:
        return self.reported is not None and self.reported != self.system

    @property
    def confirmed(self) -> Decimal:
        """The rep's figure when they handed one in, the system's otherwise."""
        return self.reported if self.reported is not None else self.system

    @property
    def variance(self) -> Decimal | None:
        return None if self.target is None else self.system - self.target

    @property
    def attainment(self) -> Decimal | None:
        return None if self.target is None else percent(self.system, self.target)


@dataclass(frozen=True)
class RepLine:
    person: User
    figures: dict[str, Figure]
    submission: MonthlySubmission | None
    is_late: bool = False

    @property
    def headline(self) -> Figure:
        return self.figures[HEADLINE_METRIC]

    @property
    def corrections(self) -> list[str]:
        return [metric for metric, shown in self.figures.items() if shown.is_corrected]


@dataclass(frozen=True)
class StageLine:
    pipeline: str
    stage: str
    count: int
    amount: Decimal
    weighted: Decimal


@dataclass(frozen=True)
class Pipeline:
    stages: list[StageLine]
    currency: str
    missing_rates: frozenset[str] = frozenset()

    @property
    def count(self) -> int:
        return sum(line.count for line in self.stages)

    @property
    def amount(self) -> Decimal:
        return sum((line.amount for line in self.stages), ZERO)

    @property
    def weighted(self) -> Decimal:
        return sum((line.weighted for line in self.stages), ZERO)


@dataclass(frozen=True)
class MonthlyReport:
    scope: ReportScope
    month: date
    deadline: date
    currency: str
    today: date
    lines: list[RepLine]
    pipeline: Pipeline
    metrics: tuple[str, ...] = field(default=tuple(str(metric) for metric in REPORT_METRICS))

    @property
    def title(self) -> str:
        return _("Monthly report: %(scope)s, %(month)s") % {
            "scope": self.scope.name,
            "month": date_format(self.month, "YEAR_MONTH_FORMAT"),
        }

    @property
    def totals(self) -> dict[str, Figure]:
        """Each metric summed over the reps; a total target only when some rep has one."""
        result = {}
        for metric in self.metrics:
            figures = [line.figures[metric] for line in self.lines]
            targets = [shown.target for shown in figures if shown.target is not None]
            result[metric] = Figure(
                target=sum(targets, ZERO) if targets else None,
                system=sum((shown.system for shown in figures), ZERO),
                reported=sum((shown.confirmed for shown in figures), ZERO) if figures else None,
            )
        return result

    @property
    def headline_total(self) -> Figure:
        return self.totals[HEADLINE_METRIC]

    @property
    def submitted(self) -> list[RepLine]:
        return [line for line in self.lines if line.submission is not None]

    @property
    def not_submitted(self) -> list[RepLine]:
        return [line for line in self.lines if line.submission is None]

    def _ranked(self) -> list[RepLine]:
        with_target = [line for line in self.lines if line.headline.attainment is not None]
        return sorted(with_target, key=lambda line: (-(line.headline.attainment or ZERO), line.person.pk))

    @property
    def top(self) -> list[RepLine]:
        ranked = self._ranked()
        return ranked[: min(RANKED, (len(ranked) + 1) // 2)]

    @property
    def bottom(self) -> list[RepLine]:
        """The lowest attainments, lowest first, never repeating someone already at the top."""
        ranked = self._ranked()
        shown = len(self.top)
        return list(reversed(ranked[shown:]))[:RANKED]

    def chart(self) -> SafeString:
        bars = [
            Bar(
                label=line.person.display_name,
                value=line.headline.attainment or ZERO,
                shown_value=percent_text(line.headline.attainment).lstrip("+"),
            )
            for line in self.lines
        ]
        return bar_chart(
            title=_("Attainment of the revenue target per rep"),
            description=_("Revenue as a percentage of each rep's target for %(scope)s.")
            % {"scope": self.scope.name},
            bars=bars,
        )


def _pipeline(user: User, person_ids: list[int], currency: str, on: date) -> Pipeline:
    """The reps' open opportunities that `user` may see, by stage, converted to `currency` at `on`."""
    deals = opportunity_list(user=user, filters=OpportunityFilters(open_only=True)).filter(
        owner_id__in=person_ids
    )
    counts: dict[tuple[str, int, str], int] = defaultdict(int)
    amounts: dict[tuple[str, int, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    weighted: dict[tuple[str, int, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for group in summed_deals(deals, ["pipeline__name", "stage__position", "stage__name", "currency"]):
        key = (group.by["pipeline__name"], group.by["stage__position"], group.by["stage__name"])
        counts[key] += group.deals
        amounts[key][group.by["currency"]] += group.amount
        weighted[key][group.by["currency"]] += group.weighted
    missing: set[str] = set()

    def converted(sums: dict[str, Decimal]) -> Decimal:
        # One conversion per currency and stage, never per deal.
        total = ZERO
        for deal_currency, amount in sorted(sums.items()):
            try:
                total += convert(Money(amount, deal_currency), currency, on=on).amount
            except MissingRateError:
                missing.add(deal_currency)
        return total

    stages = [
        StageLine(
            pipeline=pipeline,
            stage=_(stage),  # the default stages' names are translated, like Stage.label
            count=counts[(pipeline, position, stage)],
            amount=converted(amounts[(pipeline, position, stage)]),
            weighted=converted(weighted[(pipeline, position, stage)]),
        )
        for pipeline, position, stage in sorted(counts)
    ]
    return Pipeline(stages, currency, frozenset(missing))


def compile_monthly_report(*, user: User, scope: ReportScope, month: date, today: date) -> MonthlyReport:
    """The report of `scope` for `month` as `user` may read it (callers check `scopes.may_read`)."""
    month = month.replace(day=1)
    people = list(scope.people())
    ids = [person.pk for person in people]
    actuals = system_figures_by_person(person_ids=ids, month=month)
    targets = targets_of(person_ids=ids, month=month)
    submissions = {
        submission.person_id: submission
        for submission in MonthlySubmission.objects.filter(month=month, person_id__in=ids)
    }
    deadline = submission_deadline(month)
    lines = []
    for person in people:
        submission = submissions.get(person.pk)
        figures = {
            str(metric): Figure(
                target=targets[metric].get(person.pk),
                system=actuals[metric].get(person.pk, ZERO),
                reported=submission.reported(metric) if submission else None,
            )
            for metric in REPORT_METRICS
        }
        late = submission is not None and timezone.localtime(submission.submitted_at).date() > deadline
        lines.append(RepLine(person, figures, submission, late))
    currency = CompanySettings.current().currency
    # The pipeline is what is open now, so it is valued at today's rates.
    pipeline = _pipeline(user, ids, currency, today)
    return MonthlyReport(scope, month, deadline, currency, today, lines, pipeline)


def metric_label(metric: str) -> str:
    return str(Metric(metric).label)
