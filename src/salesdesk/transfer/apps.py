from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "salesdesk.transfer"
    label = "transfer"
    verbose_name = _("Import and export")

    def ready(self) -> None:
        from salesdesk.org.choices import Role
        from salesdesk.web.navigation import NavEntry, register_nav

        register_nav(
            NavEntry(
                _("Import"),
                "transfer:import-start",
                roles=frozenset({Role.COORDINATOR, Role.ADMIN}),
                current_for=("transfer:import",),
                position=70,
            )
        )
