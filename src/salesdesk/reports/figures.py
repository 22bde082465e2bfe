"""The system's figures for a month, from planning's measures: per rep for the submission form, and for
many reps at once for the compiled report (one query per metric)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from salesdesk.planning.choices import Grain
from salesdesk.planning.measures import actual_by_owner, actual_by_period
from salesdesk.planning.targets import person_targets
from salesdesk.reports.choices import REPORT_METRICS, WHOLE_NUMBER_METRICS

ZERO = Decimal(0)
CENTS = Decimal("0.01")
# {metric: value}
Figures = dict[str, Decimal]


def shown_precision(metric: str, value: Decimal) -> Decimal:
    """A figure as a rep reads and types it: counts whole, money and units to the cent. The rollups keep
    four places; comparing at this precision keeps rounding from looking like a correction."""
    if metric in WHOLE_NUMBER_METRICS:
        return value.quantize(Decimal(1))
    return value.quantize(CENTS)


def system_figures(*, person_id: int, month: date) -> Figures:
    """What the system counted for one rep in `month`, metric by metric."""
    return {
        str(metric): shown_precision(
            metric,
            actual_by_period(
                owner_ids=[person_id], metric=metric, grain=Grain.MONTH, first=month, last=month
            ).get(month, ZERO),
        )
        for metric in REPORT_METRICS
    }


def targets_of(*, person_ids: list[int], month: date) -> dict[str, dict[int, Decimal]]:
    """{metric: {person id: the month's target}} for those who have a goal for the metric."""
    return {str(metric): person_targets(person_ids, metric, month, month) for metric in REPORT_METRICS}


def system_figures_by_person(*, person_ids: list[int], month: date) -> dict[str, dict[int, Decimal]]:
    """{metric: {person id: actual}} for many reps, one query per metric."""
    if not person_ids:
        return {str(metric): {} for metric in REPORT_METRICS}
    result: dict[str, dict[int, Decimal]] = {}
    for metric in REPORT_METRICS:
        totals = actual_by_owner(owner_ids=person_ids, metric=metric, first_month=month, last_month=month)
        result[str(metric)] = {owner: shown_precision(metric, value) for owner, value in totals.items()}
    return result
