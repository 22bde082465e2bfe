from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")
