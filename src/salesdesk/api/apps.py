from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "salesdesk.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from salesdesk.api.models import ApiToken
        from salesdesk.core.scoping import PrivateRecords, register_scope

        register_scope(ApiToken, PrivateRecords("user"))
