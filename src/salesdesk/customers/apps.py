from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "salesdesk.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from salesdesk.core.scoping import (
            AnyOf,
            ForRoles,
            OwnedRecords,
            RelatedTo,
            SameBusinessUnit,
            register_scope,
        )
        from salesdesk.customers.models import (
            Account,
            Activity,
            CadenceRule,
            Contact,
            ContactPoint,
            DuplicatePair,
            Segment,
        )
        from salesdesk.org.choices import Role

        register_scope(Account, OwnedRecords(owner="owner", shared="is_shared"))
        register_scope(Contact, OwnedRecords(owner="owner", shared="is_shared"))
        register_scope(ContactPoint, AnyOf(RelatedTo("account", Account), RelatedTo("contact", Contact)))
        register_scope(
            Activity,
            AnyOf(OwnedRecords(owner="owner"), RelatedTo("account", Account), RelatedTo("contact", Contact)),
        )
        register_scope(Segment, SameBusinessUnit())
        register_scope(CadenceRule, SameBusinessUnit())
        # Reviewing duplicates is the coordinators' (and administrators') job.
        register_scope(DuplicatePair, ForRoles(frozenset({Role.COORDINATOR, Role.ADMIN})))

        from salesdesk.web.navigation import NavEntry, register_nav

        register_nav(
            NavEntry(_("Accounts"), "customers:account-list", current_for=("customers:account",), position=30)
        )
        register_nav(
            NavEntry(_("Contacts"), "customers:contact-list", current_for=("customers:contact",), position=35)
        )
        register_nav(
            NavEntry(
                _("Data hygiene"),
                "customers:hygiene-queue",
                roles=frozenset({Role.COORDINATOR, Role.ADMIN}),
                current_for=("customers:hygiene", "customers:duplicate", "customers:merge"),
                position=65,
            )
        )
        register_nav(
            NavEntry(
                _("Upkeep"),
                "customers:cadence-list",
                roles=frozenset({Role.COORDINATOR, Role.MANAGER, Role.ADMIN}),
                current_for=("customers:cadence", "customers:upkeep"),
                position=67,
            )
        )
