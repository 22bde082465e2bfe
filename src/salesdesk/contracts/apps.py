from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "salesdesk.contracts"
    label = "contracts"
    verbose_name = _("Contracts")

    def ready(self) -> None:
        from salesdesk.contracts.models import Contract, Deliverable
        from salesdesk.contracts.scoping import ContractsWithWorkFor
        from salesdesk.core.scoping import AnyOf, AssignedTo, OwnedRecords, register_scope
        from salesdesk.org.choices import Role
        from salesdesk.web.navigation import NavEntry, register_nav

        register_scope(
            Contract, AnyOf(OwnedRecords(owner="owner", finance_sees_all=True), ContractsWithWorkFor())
        )
        register_scope(
            Deliverable,
            AnyOf(OwnedRecords(owner="contract__owner", department="department"), AssignedTo("assignee")),
        )
        register_nav(
            NavEntry(
                _("Contracts"),
                "contracts:contract-list",
                current_for=("contracts:contract", "contracts:expiry"),
                position=54,
            )
        )
        register_nav(
            NavEntry(
                _("Queue"),
                "contracts:queue",
                roles=frozenset({Role.DEPARTMENT_STAFF, Role.COORDINATOR, Role.ADMIN}),
                current_for=("contracts:queue", "contracts:deliverable"),
                position=56,
            )
        )
        # Expiries and deliverable due dates in each person's calendar feed.
        import salesdesk.contracts.calendar_events  # noqa: F401

        # Contracts on the account timeline.
        from salesdesk.contracts import timeline  # noqa: F401
