from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class WorklistConfig(AppConfig):
    name = "salesdesk.worklist"
    label = "worklist"
    verbose_name = _("Worklist and tasks")

    def ready(self) -> None:
        from salesdesk.core.scoping import OwnedRecords, register_scope
        from salesdesk.worklist.models import Task

        register_scope(Task, OwnedRecords(owner="owner", shared="is_shared", department="department"))
        # Every app may contribute rules in its own worklist_rules module.
        autodiscover_modules("worklist_rules")
