from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProspectsConfig(AppConfig):
    name = "salesdesk.prospects"
    label = "prospects"
    verbose_name = _("Prospecting")

    def ready(self) -> None:
        from salesdesk.core.scoping import AnyOf, AssignedTo, OwnedRecords, SameBusinessUnit, register_scope
        from salesdesk.prospects.models import Prospect, Question, Questionnaire
        from salesdesk.web.navigation import NavEntry, register_nav

        # The coordinator who researches it (and their line), and the rep it is teed up for.
        register_scope(Prospect, AnyOf(OwnedRecords(owner="owner"), AssignedTo("assigned_rep")))
        register_scope(Questionnaire, SameBusinessUnit())
        # A question is as visible as its questionnaire.
        register_scope(Question, SameBusinessUnit(business_unit="questionnaire__business_unit"))
        register_nav(
            NavEntry(_("Prospects"), "prospects:prospect-list", current_for=("prospects:",), position=40)
        )
