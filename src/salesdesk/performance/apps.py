from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "salesdesk.performance"
    label = "performance"
    verbose_name = _("Performance")

    def ready(self) -> None:
        from salesdesk.core.scoping import ForRoles, register_scope
        from salesdesk.org.choices import Role
        from salesdesk.performance.access import MARKET_READERS
        from salesdesk.performance.models import MarketComment, MarketSize, SatisfactionScore
        from salesdesk.web.navigation import NavEntry, register_nav

        # Market figures describe a unit's segments: read by the unit's managers, coordinators, admins
        # and finance; reps compare themselves with peers instead.
        for model in (MarketSize, SatisfactionScore, MarketComment):
            register_scope(model, ForRoles(MARKET_READERS, business_unit="business_unit"))
        register_nav(
            NavEntry(
                _("Performance"),
                "performance:peers",
                roles=frozenset({Role.SALES_REP, Role.MANAGER, Role.COORDINATOR, Role.ADMIN, Role.FINANCE}),
                current_for=("performance:",),
                position=59,
            )
        )
