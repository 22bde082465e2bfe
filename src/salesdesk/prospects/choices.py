from django.db import models
from django.utils.translation import gettext_lazy as _


class ProspectSource(models.TextChoices):
    COLD_CALL = "cold_call", _("Cold call")
    MAILING = "mailing", _("Mailing")
    ADVERT = "advert", _("Advert")
    EMAIL = "email", _("E-mail campaign")
    REFERRAL = "referral", _("Referral")
    TRADE_SHOW = "trade_show", _("Trade show")
    WEB_FORM = "web_form", _("Web form")


class ProspectStatus(models.TextChoices):
    NEW = "new", _("New")
    ATTEMPTED = "attempted", _("Attempted")
    REACHED = "reached", _("Reached")
    QUALIFIED = "qualified", _("Qualified")
    TEED_UP = "teed_up", _("Teed up")
    ACCEPTED = "accepted", _("Accepted by the rep")
    SENT_BACK = "sent_back", _("Sent back")
    CONVERTED = "converted", _("Converted")
    DISQUALIFIED = "disqualified", _("Disqualified")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    YES_NO = "yes_no", _("Yes or no")
    CHOICE = "choice", _("One of a list")
    DATE = "date", _("Date")
