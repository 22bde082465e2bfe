from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "salesdesk.catalog"
    label = "catalog"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        from salesdesk.catalog.models import (
            PriceList,
            Product,
            ProductCategory,
            StockLevel,
            StockLocation,
            StockMovement,
        )
        from salesdesk.core.scoping import SameBusinessUnit, register_scope
        from salesdesk.web.navigation import NavEntry, register_nav

        # The catalogue is the business unit's: everyone in it reads it, coordinators and admins edit it.
        for model in (Product, ProductCategory, PriceList, StockLocation):
            register_scope(model, SameBusinessUnit())
        register_scope(StockLevel, SameBusinessUnit("location__business_unit"))
        register_scope(StockMovement, SameBusinessUnit("location__business_unit"))
        register_nav(NavEntry(_("Catalogue"), "catalog:product-list", current_for=("catalog:",), position=58))
