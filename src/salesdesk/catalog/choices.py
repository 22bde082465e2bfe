from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductKind(models.TextChoices):
    GOODS = "goods", _("Goods")
    SERVICE = "service", _("Service")
    ADVERTISING = "advertising", _("Advertising")


class Unit(models.TextChoices):
    PIECE = "piece", _("piece")
    HOUR = "hour", _("hour")
    DAY = "day", _("day")
    MONTH = "month", _("month")
    ISSUE = "issue", _("issue")
    SQUARE_METRE = "sqm", _("square metre")
    PACKAGE = "package", _("package")


class DeliverableAction(models.TextChoices):
    """What a department must do for a promised item (seed 001: adverts, banners, fair stands)."""

    PLACE_IN_ISSUES = "place_in_issues", _("Place in the issues")
    PUT_LIVE = "put_live", _("Put live on the web site")
    INVOICE_DISCOUNTED = "invoice_discounted", _("Invoice the discounted amount")
    SHIP = "ship", _("Ship the goods")
    PRODUCE = "produce", _("Produce")
    OTHER = "other", _("Other")


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    DELIVERY = "delivery", _("Delivery to a customer")
    RETURN = "return", _("Return from a customer")
    ADJUSTMENT = "adjustment", _("Stock count adjustment")
