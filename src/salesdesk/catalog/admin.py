from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from salesdesk.catalog.models import (
    DeliverableTemplate,
    PriceList,
    PriceListItem,
    Product,
    ProductCategory,
    ProductionCost,
    StockLevel,
    StockLocation,
    StockMovement,
)


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin[ProductCategory]):
    list_display = ("name", "parent", "business_unit")
    list_filter = ("business_unit",)
    list_select_related = ("parent", "business_unit")
    search_fields = ("name",)


class DeliverableTemplateInline(admin.TabularInline[DeliverableTemplate, Product]):
    model = DeliverableTemplate
    extra = 0
    fields = ("position", "department_kind", "action", "title", "due_offset_days")


class ProductionCostInline(admin.TabularInline[ProductionCost, Product]):
    model = ProductionCost
    extra = 0


@admin.register(Product)
class ProductAdmin(SimpleHistoryAdmin):
    list_display = ("sku", "name", "kind", "category", "is_stocked", "is_active", "business_unit")
    list_filter = ("business_unit", "kind", "is_active", "is_stocked")
    list_select_related = ("category", "business_unit")
    search_fields = ("sku", "name")
    raw_id_fields = ("stock_watcher",)
    readonly_fields = ("version",)
    inlines = [DeliverableTemplateInline, ProductionCostInline]


class PriceListItemInline(admin.TabularInline[PriceListItem, PriceList]):
    model = PriceListItem
    extra = 0
    raw_id_fields = ("product",)


@admin.register(PriceList)
class PriceListAdmin(admin.ModelAdmin[PriceList]):
    list_display = ("name", "currency", "valid_from", "valid_until", "business_unit")
    list_filter = ("business_unit", "currency")
    list_select_related = ("business_unit",)
    inlines = [PriceListItemInline]


@admin.register(StockLocation)
class StockLocationAdmin(admin.ModelAdmin[StockLocation]):
    list_display = ("code", "name", "business_unit")
    list_filter = ("business_unit",)


@admin.register(StockLevel)
class StockLevelAdmin(admin.ModelAdmin[StockLevel]):
    # Levels follow from movements: read them here, change stock through receipts and counts.
    list_display = ("product", "location", "on_hand", "reorder_level")
    list_select_related = ("product", "location")
    readonly_fields = ("on_hand",)
    raw_id_fields = ("product",)


@admin.register(StockMovement)
class StockMovementAdmin(admin.ModelAdmin[StockMovement]):
    list_display = ("moved_at", "product", "location", "kind", "quantity", "moved_by")
    list_filter = ("kind", "location")
    list_select_related = ("product", "location", "moved_by")
    raw_id_fields = ("product", "delivery", "moved_by")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
