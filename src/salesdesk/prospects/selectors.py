"""Reads of prospects, questionnaires and the prospecting funnel, scoped to the reader."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from salesdesk.core.periods import Period, PeriodKind, company_calendar
from salesdesk.core.scoping import get_visible_or_404, visible_to
from salesdesk.org.models import User
from salesdesk.prospects.choices import ProspectSource, ProspectStatus
from salesdesk.prospects.models import Prospect, Question, Questionnaire


def prospect_list(
    *,
    user: User,
    status: str = "",
    source: str = "",
    assigned_rep_id: int | None = None,
    search: str = "",
) -> QuerySet[Prospect]:
    prospects = visible_to(user, Prospect).select_related(
        "owner", "assigned_rep", "teed_up_by", "questionnaire"
    )
    if status:
        prospects = prospects.filter(status=status)
    if source:
        prospects = prospects.filter(source=source)
    if assigned_rep_id:
        prospects = prospects.filter(assigned_rep_id=assigned_rep_id)
    if search:
        prospects = prospects.filter(
            Q(company_name__icontains=search) | Q(contact_name__icontains=search) | Q(email__icontains=search)
        )
    return prospects


def prospect_get(*, user: User, pk: int | str) -> Prospect:
    return get_visible_or_404(user, prospect_list(user=user), pk=pk)


def questionnaire_list(*, user: User, active_only: bool = False) -> QuerySet[Questionnaire]:
    questionnaires = visible_to(user, Questionnaire)
    if active_only:
        questionnaires = questionnaires.filter(is_active=True)
    return questionnaires


def questionnaire_get(*, user: User, pk: int | str) -> Questionnaire:
    return get_visible_or_404(user, questionnaire_list(user=user), pk=pk)


def question_get(*, user: User, questionnaire: Questionnaire, pk: int | str) -> Question:
    return get_visible_or_404(user, Question.objects.filter(questionnaire=questionnaire), pk=pk)


def prospect_answers(*, prospect: Prospect) -> dict[int, str]:
    """The stored answers of a prospect, by question id."""
    return dict(prospect.answers.values_list("question_id", "value"))


# The funnel ----------------------------------------------------------------------------------------------

# (step, the timestamp that says when a prospect reached it), in funnel order.
FUNNEL_STEPS: tuple[tuple[str, str], ...] = (
    ("attempted", "attempted_at"),
    ("reached", "reached_at"),
    ("qualified", "qualified_at"),
    ("teed_up", "teed_up_at"),
    ("converted", "converted_at"),
)
STEP_NAMES = tuple(step for step, _field in FUNNEL_STEPS)
_PERCENT = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage with one decimal, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_PERCENT, rounding=ROUND_HALF_UP)


@dataclass
class FunnelRow:
    source: str  # "" for the total of all sources
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STEP_NAMES, 0))

    @property
    def source_label(self) -> str:
        return str(ProspectSource(self.source).label) if self.source else ""

    @property
    def step_counts(self) -> list[int]:
        return [self.counts[step] for step in STEP_NAMES]

    @property
    def step_rates(self) -> list[Decimal | None]:
        """For each step after the first, the share of the previous step that reached it (%)."""
        return [
            percent(self.counts[step], self.counts[previous])
            for previous, step in itertools.pairwise(STEP_NAMES)
        ]

    @property
    def conversion(self) -> Decimal | None:
        return percent(self.counts["converted"], self.counts["attempted"])

    @property
    def waste(self) -> Decimal | None:
        """The share of attempted prospects that never became customers: 1 − converted / attempted."""
        conversion = self.conversion
        return None if conversion is None else Decimal(100) - conversion


@dataclass
class FunnelPeriod:
    period: Period
    rows: list[FunnelRow]  # one per source with any movement, in the order of the sources
    total: FunnelRow


@dataclass
class FunnelReport:
    kind: PeriodKind
    start: date
    end: date
    periods: list[FunnelPeriod]
    total: FunnelRow
    by_source: list[FunnelRow]


def _aware(day: date, *, end: bool = False) -> datetime:
    moment = datetime.combine(day + timedelta(days=1) if end else day, time.min)
    return timezone.make_aware(moment)


def funnel_report(
    *, user: User, kind: PeriodKind | str, start: date, end: date, source: str = ""
) -> FunnelReport:
    """How many visible prospects reached each funnel step, by period and source.

    A prospect counts in the period in which it reached each step (by that step's timestamp, in the
    company's fiscal calendar), so one prospect may be attempted in March and converted in May.
    One query per step, whatever the number of prospects.
    """
    kind = PeriodKind(kind)
    calendar = company_calendar()
    periods = list(calendar.periods_between(start, end, kind))
    first, last = periods[0].start, periods[-1].end
    prospects = visible_to(user, Prospect)
    if source:
        prospects = prospects.filter(source=source)
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(STEP_NAMES, 0))
    for step, stamp in FUNNEL_STEPS:
        stamps = prospects.filter(
            **{f"{stamp}__gte": _aware(first), f"{stamp}__lt": _aware(last, end=True)}
        ).values_list(stamp, "source")
        for moment, prospect_source in stamps:
            period = calendar.period(timezone.localdate(moment), kind)
            counts[(period.key, prospect_source)][step] += 1
    sources = [value for value in ProspectSource.values if not source or value == source]
    report_periods = []
    total = FunnelRow(source="")
    by_source = {value: FunnelRow(source=value) for value in sources}
    for period in periods:
        rows = []
        period_total = FunnelRow(source="")
        for value in sources:
            step_counts = counts.get((period.key, value))
            if not step_counts:
                continue
            rows.append(FunnelRow(source=value, counts=dict(step_counts)))
            for step, number in step_counts.items():
                period_total.counts[step] += number
                total.counts[step] += number
                by_source[value].counts[step] += number
        report_periods.append(FunnelPeriod(period=period, rows=rows, total=period_total))
    return FunnelReport(
        kind=kind,
        start=first,
        end=last,
        periods=report_periods,
        total=total,
        by_source=[row for row in by_source.values() if any(row.step_counts)],
    )


def open_statuses() -> list[str]:
    return [status for status in ProspectStatus.values if status != ProspectStatus.CONVERTED]
