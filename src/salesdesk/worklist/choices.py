from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class TaskPriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")


class Urgency(models.TextChoices):
    """Where an item stands on the worklist, most pressing first."""

    OVERDUE = "overdue", _("Overdue")
    TODAY = "today", _("Due today")
    THIS_WEEK = "week", _("This week")
    LATER = "later", _("Later")
    UNDATED = "undated", _("No due date")
