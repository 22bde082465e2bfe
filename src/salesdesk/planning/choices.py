from django.db import models
from django.utils.translation import gettext_lazy as _


class GoalScope(models.TextChoices):
    """Whose goal it is: G1 sets goals for a person, a team, a department or the whole company."""

    PERSON = "person", _("Person")
    TEAM = "team", _("Team")
    DEPARTMENT = "department", _("Department")
    COMPANY = "company", _("Company")


class Metric(models.TextChoices):
    REVENUE = "revenue", _("Revenue")
    UNITS = "units", _("Units sold")
    GROSS_MARGIN = "gross_margin", _("Gross margin")
    NEW_CUSTOMERS = "new_customers", _("New customers")
    CALLS = "calls", _("Calls")
    MEETINGS = "meetings", _("Meetings")


# Metrics measured in money (company currency); the others are counts.
MONEY_METRICS = frozenset({Metric.REVENUE, Metric.GROSS_MARGIN})
# Metrics that can be narrowed to a product or category (they come from order lines).
LINE_METRICS = frozenset({Metric.REVENUE, Metric.UNITS, Metric.GROSS_MARGIN})


class SplitMethod(models.TextChoices):
    """G2: how a goal's target is spread over the months of its period."""

    EVEN = "even", _("Evenly")
    SEASONAL = "seasonal", _("By last year's seasonality")
    MANUAL = "manual", _("By hand")


class RevisionReason(models.TextChoices):
    """G3: why a goal or plan changed."""

    PERFORMANCE = "performance", _("Performance")
    ECONOMY = "economy", _("Economy")
    COMPETITION = "competition", _("Competition")
    OTHER = "other", _("Other")


class Grain(models.TextChoices):
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")


class Standing(models.TextChoices):
    """The status colour of a plan-vs-actual row."""

    AHEAD = "ahead", _("On or above plan")
    CLOSE = "close", _("Slightly behind")
    BEHIND = "behind", _("Behind plan")
    OPEN = "open", _("Not yet due")
    NO_TARGET = "no_target", _("No target")
