from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("Active customer")
    INACTIVE = "inactive", _("Inactive")
    FORMER = "former", _("Former customer")


class CompanySize(models.TextChoices):
    MICRO = "1-9", _("1–9 employees")
    SMALL = "10-49", _("10–49 employees")
    MEDIUM = "50-249", _("50–249 employees")
    LARGE = "250-999", _("250–999 employees")
    ENTERPRISE = "1000+", _("1,000 or more employees")


class ContactPointKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    POSTAL = "postal", _("Postal address")


class ContactPointLabel(models.TextChoices):
    WORK = "work", _("Work")
    MOBILE = "mobile", _("Mobile")
    HOME = "home", _("Home")
    FAX = "fax", _("Fax")
    BILLING = "billing", pgettext_lazy("address label", "Billing")
    SHIPPING = "shipping", _("Shipping")
    OTHER = "other", _("Other")


class HygieneStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Unverified")
    VALID = "valid", _("Valid")
    BOUNCED = "bounced", _("Bounced")
    UNDELIVERABLE = "undeliverable", _("Undeliverable")
    DISCONNECTED = "disconnected", _("Disconnected")


BROKEN_STATUSES = (HygieneStatus.BOUNCED, HygieneStatus.UNDELIVERABLE, HygieneStatus.DISCONNECTED)


class ActivityKind(models.TextChoices):
    CALL = "call", _("Call")
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("E-mail")
    NOTE = "note", _("Note")
    VISIT = "visit", _("Visit")
    GIFT = "gift", _("Gift")
    DINNER = "dinner", _("Dinner")
    GREETING = "greeting", _("Greeting")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class CallOutcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    NO_ANSWER = "no_answer", _("No answer")
    VOICEMAIL = "voicemail", _("Left a voicemail")
    BUSY = "busy", _("Busy")
    CALL_BACK = "call_back", _("Asked to call back")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    NOT_IN_SERVICE = "not_in_service", _("Number not in service")
    MAIL_RETURNED = "mail_returned", _("Mail came back")


class CadenceKind(models.TextChoices):
    HOLIDAY_GREETING = "holiday_greeting", _("Greeting before public holidays")
    PERIODIC_CALL = "periodic_call", _("Call every N days")
    YEARLY_GIFT = "yearly_gift", _("Yearly gift")
    YEARLY_DINNER = "yearly_dinner", _("Yearly dinner")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("To review")
    MERGED = "merged", _("Merged")
    DISMISSED = "dismissed", _("Not duplicates")


class ExternalSystem(models.TextChoices):
    SALESFORCE = "salesforce", "Salesforce"
    HUBSPOT = "hubspot", "HubSpot"
    ODOO = "odoo", "Odoo"
    OTHER = "other", _("Other system")
