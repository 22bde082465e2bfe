from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "salesdesk.org"
    label = "org"
    verbose_name = _("People and organisation")

    def ready(self) -> None:
        from salesdesk.core.scoping import SameBusinessUnit, register_scope
        from salesdesk.org.models import Team, User

        register_scope(User, SameBusinessUnit("business_unit", include_self=True))
        register_scope(Team, SameBusinessUnit("business_unit"))
