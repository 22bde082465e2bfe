from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "salesdesk.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from salesdesk.core.scoping import AnyOf, OwnedRecords, RelatedTo, register_scope
        from salesdesk.orders.models import BillingEntry, Delivery, Incident, Order
        from salesdesk.org.choices import Role
        from salesdesk.web.navigation import NavEntry, register_nav

        register_scope(Order, OwnedRecords(owner="owner", finance_sees_all=True))
        register_scope(Delivery, RelatedTo("order", Order))
        # The rep whose order it was (and their line), and whoever owns the incident until it is closed.
        register_scope(Incident, AnyOf(OwnedRecords(owner="rep"), OwnedRecords(owner="owner")))
        register_scope(BillingEntry, OwnedRecords(owner="owner", finance_sees_all=True))
        register_nav(
            NavEntry(
                _("Orders"),
                "orders:order-list",
                current_for=("orders:order", "orders:deliver", "orders:incident"),
                position=52,
            )
        )
        register_nav(
            NavEntry(
                _("Billing"),
                "orders:billing-list",
                roles=frozenset({Role.FINANCE, Role.COORDINATOR, Role.ADMIN}),
                current_for=("orders:billing",),
                position=75,
            )
        )
        # Orders and incidents on the account timeline.
        import salesdesk.orders.timeline  # noqa: F401
