from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    RETRYING = "retrying", _("Waiting to retry")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


FINISHED_JOB_STATUSES = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class RecognitionBasis(models.TextChoices):
    """Which date of an order makes it count in the actuals (a company setting)."""

    ORDER = "order", _("Order date")
    DELIVERY = "delivery", _("Delivery date")
    INVOICE = "invoice", _("Invoice date")
