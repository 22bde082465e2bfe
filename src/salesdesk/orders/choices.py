from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    """B1: quote → order → delivered → follow-up (or cancelled on the way)."""

    QUOTE = "quote", _("Quote")
    ORDERED = "ordered", _("Ordered")
    DELIVERED = "delivered", _("Delivered")
    FOLLOWED_UP = "followed_up", _("Followed up")
    CANCELLED = "cancelled", _("Cancelled")


# Which status may follow which; anything else is refused with a clear error.
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.QUOTE: frozenset({OrderStatus.ORDERED, OrderStatus.CANCELLED}),
    OrderStatus.ORDERED: frozenset({OrderStatus.DELIVERED, OrderStatus.CANCELLED}),
    OrderStatus.DELIVERED: frozenset({OrderStatus.FOLLOWED_UP}),
    OrderStatus.FOLLOWED_UP: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


class DeliveryStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")


class IncidentKind(models.TextChoices):
    DAMAGE = "damage", _("Damage")
    DEFECT = "defect", _("Defect")
    WRONG_ASSORTMENT = "wrong_assortment", _("Wrong assortment")
    UNLOADING = "unloading", _("Unloading problem")
    LATE = "late", _("Late delivery")


class IncidentResolution(models.TextChoices):
    REPLACEMENT = "replacement", _("Replacement")
    CREDIT_NOTE = "credit_note", _("Credit note")
    RETURN = "return", _("Return")
    DISCOUNT = "discount", _("Discount")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class BillingKind(models.TextChoices):
    """B3: how an item is billed."""

    ONE_OFF = "one_off", _("One-off")
    MONTHLY = "monthly", _("Monthly")
    PER_ISSUE = "per_issue", _("Per issue or instalment")


class BillingStatus(models.TextChoices):
    PENDING = "pending", _("Ready to bill")
    EXPORTED = "exported", _("Exported to billing")
    CANCELLED = "cancelled", _("Cancelled")
