from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "salesdesk.planning"
    label = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from salesdesk.core.scoping import AnyOf, OwnedRecords, register_scope
        from salesdesk.org.choices import Role
        from salesdesk.planning.models import Goal
        from salesdesk.planning.scoping import SharedGoals
        from salesdesk.web.navigation import NavEntry, register_nav

        # A person's goals follow the person (own, down the line, the unit); team, department and company
        # goals are read by everyone in the unit, so each rep sees what their team is aiming at.
        register_scope(Goal, AnyOf(OwnedRecords(owner="person", finance_sees_all=True), SharedGoals()))
        from django.db.models.signals import post_save, pre_save

        from salesdesk.catalog.models import ProductionCost
        from salesdesk.core.models import CompanySettings, FxRate
        from salesdesk.planning import signals

        post_save.connect(signals.fx_rate_saved, sender=FxRate, dispatch_uid="planning-fx")
        post_save.connect(signals.production_cost_saved, sender=ProductionCost, dispatch_uid="planning-cost")
        pre_save.connect(
            signals.company_settings_saving, sender=CompanySettings, dispatch_uid="planning-basis"
        )
        register_nav(
            NavEntry(
                _("Planning"),
                "planning:plan-vs-actual",
                roles=frozenset({Role.SALES_REP, Role.MANAGER, Role.COORDINATOR, Role.ADMIN, Role.FINANCE}),
                current_for=("planning:",),
                position=58,
            )
        )
