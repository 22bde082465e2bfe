from django.db import models
from django.utils.translation import gettext_lazy as _

from salesdesk.planning.choices import Metric

# What a rep hands in each month, in the order it is shown: money first, then counts.
REPORT_METRICS: tuple[Metric, ...] = (
    Metric.REVENUE,
    Metric.UNITS,
    Metric.NEW_CUSTOMERS,
    Metric.CALLS,
    Metric.MEETINGS,
)
# Counted one by one, so a reported figure must be a whole number.
WHOLE_NUMBER_METRICS = frozenset({Metric.NEW_CUSTOMERS, Metric.CALLS, Metric.MEETINGS})
# The metric plan vs actual, the ranking and the chart are about.
HEADLINE_METRIC = Metric.REVENUE


class ScopeKind(models.TextChoices):
    """Whose numbers a compiled report holds."""

    TEAM = "team", _("Team")
    UNIT = "unit", _("Business unit")
    LINE = "line", _("Reporting line")


class DeliveryTrigger(models.TextChoices):
    SCHEDULED = "scheduled", _("On schedule")
    MANUAL = "manual", _("Sent by hand")
