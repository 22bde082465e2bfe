from django.db import models
from django.utils.translation import gettext_lazy as _


class PeerPeriod(models.TextChoices):
    """H1: the stretch of time the peers are compared over."""

    YEAR_TO_DATE = "ytd", _("Year to date")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class PeerMeasure(models.TextChoices):
    ATTAINMENT = "attainment", _("Plan attainment")
    REVENUE = "revenue", _("Revenue")
    WIN_RATE = "win_rate", _("Win rate")
    DEAL_SIZE = "deal_size", _("Average deal size")
    SALES_CYCLE = "sales_cycle", _("Sales cycle")
    ACTIVITIES = "activities", _("Activities")


class MarketPeriodKind(models.TextChoices):
    """K2 is reported per month or per quarter of the fiscal calendar."""

    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


class SatisfactionScale(models.TextChoices):
    PERCENT = "percent", _("0–100")
    FIVE_POINT = "five_point", _("1–5")
