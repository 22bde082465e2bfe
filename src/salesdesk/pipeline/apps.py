from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "salesdesk.pipeline"
    label = "pipeline"
    verbose_name = _("Pipeline")

    def ready(self) -> None:
        from salesdesk.core.scoping import OwnedRecords, SameBusinessUnit, register_scope
        from salesdesk.pipeline.models import Opportunity, Pipeline, Stage
        from salesdesk.web.navigation import NavEntry, register_nav

        register_scope(Opportunity, OwnedRecords(owner="owner", shared="is_shared"))
        register_scope(Pipeline, SameBusinessUnit())
        register_scope(Stage, SameBusinessUnit("pipeline__business_unit"))
        register_nav(
            NavEntry(
                _("Pipeline"),
                "pipeline:board",
                current_for=("pipeline:",),
                position=50,
            )
        )
