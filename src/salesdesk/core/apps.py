from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "salesdesk.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from salesdesk.core.models import JobRun, Notification
        from salesdesk.core.scoping import PrivateRecords, RequestedWork, register_scope

        register_scope(Notification, PrivateRecords("recipient"))
        register_scope(JobRun, RequestedWork())
