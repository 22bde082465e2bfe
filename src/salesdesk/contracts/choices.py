from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    TERMINATED = "terminated", _("Terminated")
    RENEWED = "renewed", _("Renewed")
    CANCELLED = "cancelled", _("Cancelled")


class DeliverableStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_DELIVERABLE_STATUSES = (DeliverableStatus.OPEN, DeliverableStatus.IN_PROGRESS)
