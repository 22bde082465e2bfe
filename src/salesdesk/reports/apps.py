from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "salesdesk.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from salesdesk.core.scoping import OwnedRecords, register_scope
        from salesdesk.org.choices import Role
        from salesdesk.reports.models import MonthlySubmission
        from salesdesk.web.navigation import NavEntry, register_nav

        # A submission follows its rep: their own, down a manager's line, the coordinators' unit.
        register_scope(MonthlySubmission, OwnedRecords(owner="person"))
        register_nav(
            NavEntry(
                _("Reports"),
                "reports:monthly",
                roles=frozenset({Role.MANAGER, Role.COORDINATOR, Role.ADMIN}),
                current_for=("reports:monthly",),
                position=60,
            )
        )
        register_nav(
            NavEntry(
                _("My numbers"),
                "reports:my-numbers",
                roles=frozenset({Role.SALES_REP}),
                current_for=("reports:my-numbers",),
                position=61,
            )
        )
