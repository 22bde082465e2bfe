"""The system's figures for a month: per rep for the submission form (through planning's measures, one
rep at a time) and for many reps at once for the compiled report (a fixed number of queries)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import TruncDate

from salesdesk.core.models import CompanySettings
from salesdesk.customers.choices import ActivityKind, ActivityStatus
from salesdesk.customers.models import Account, Activity
from salesdesk.planning.choices import Grain, Metric
from salesdesk.planning.measures import actual_by_owner, actual_by_period
from salesdesk.planning.targets import person_targets
from salesdesk.reports.choices import REPORT_METRICS, WHOLE_NUMBER_METRICS
from salesdesk.reports.deadlines import month_end

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


def _counted_by_owner(person_ids: list[int], metric: str, month: date) -> dict[int, Decimal]:
    # planning.measures counts these one owner at a time; the report groups by owner in one query, with
    # the same definitions (tested to agree with `actual_by_period`).
    last = month_end(month)
    rows: Iterable[tuple[int, int]]
    if metric == Metric.NEW_CUSTOMERS:
        rows = (
            Account.objects.filter(
                owner_id__in=person_ids,
                customer_since__gte=month,
                customer_since__lte=last,
                merged_into__isnull=True,
            )
            .values("owner_id")
            .annotate(value=Count("pk"))
            .values_list("owner_id", "value")
        )
    else:
        zone = zoneinfo.ZoneInfo(CompanySettings.current().time_zone)
        kinds = [ActivityKind.CALL] if metric == Metric.CALLS else [ActivityKind.MEETING, ActivityKind.VISIT]
        rows = (
            Activity.objects.filter(
                owner_id__in=person_ids, kind__in=kinds, status=ActivityStatus.DONE, occurred_at__isnull=False
            )
            .annotate(day=TruncDate("occurred_at", tzinfo=zone))
            .filter(day__gte=month, day__lte=last)
            .values("owner_id")
            .annotate(value=Count("pk"))
            .values_list("owner_id", "value")
        )
    return {owner: Decimal(value) for owner, value in rows}


def system_figures_by_person(*, person_ids: list[int], month: date) -> dict[str, dict[int, Decimal]]:
    """{metric: {person id: actual}} for many reps, one query per metric."""
    if not person_ids:
        return {str(metric): {} for metric in REPORT_METRICS}
    result: dict[str, dict[int, Decimal]] = {}
    for metric in REPORT_METRICS:
        if metric in (Metric.REVENUE, Metric.UNITS):
            totals = actual_by_owner(owner_ids=person_ids, metric=metric, first_month=month, last_month=month)
            result[str(metric)] = {owner: shown_precision(metric, value) for owner, value in totals.items()}
        else:
            result[str(metric)] = _counted_by_owner(person_ids, metric, month)
    return result
