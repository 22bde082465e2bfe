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
