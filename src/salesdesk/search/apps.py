from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "salesdesk.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from salesdesk.web.navigation import NavEntry, register_nav

        register_nav(NavEntry(_("Search"), "search:search", current_for=("search:",), position=60))
        # Every app may say how its records are found, in its own `search` module.
        autodiscover_modules("search")
