from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from salesdesk.orders.models import Delivery, DeliveryItem, Incident, Order, OrderLine, OrderStatusChange


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    fields = ("position", "product", "description", "quantity", "unit_price", "discount_percent", "tax_rate")
    raw_id_fields = ("product",)


class OrderStatusChangeInline(admin.TabularInline):
    model = OrderStatusChange
    extra = 0
    fields = ("changed_at", "from_status", "to_status", "changed_by", "note")
    readonly_fields = fields
    can_delete = False


@admin.register(Order)
class OrderAdmin(SimpleHistoryAdmin):
    list_display = ("number", "account", "owner", "status", "gross_total", "currency", "quoted_on")
    list_filter = ("status", "currency")
    list_select_related = ("account", "owner")
    search_fields = ("number", "account__name")
    raw_id_fields = ("account", "contact", "owner", "opportunity", "contract", "price_list")
    readonly_fields = ("net_total", "tax_total", "gross_total", "version")
    inlines = [OrderLineInline, OrderStatusChangeInline]


class DeliveryItemInline(admin.TabularInline):
    model = DeliveryItem
    extra = 0
    raw_id_fields = ("order_line",)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("number", "order", "status", "carrier", "tracking_number", "shipped_on", "delivered_on")
    list_filter = ("status",)
    list_select_related = ("order",)
    search_fields = ("number", "order__number", "tracking_number")
    raw_id_fields = ("order", "from_location")
    inlines = [DeliveryItemInline]


@admin.register(Incident)
class IncidentAdmin(SimpleHistoryAdmin):
    list_display = ("order", "kind", "status", "owner", "rep", "reported_on", "cost", "currency")
    list_filter = ("kind", "status", "resolution")
    list_select_related = ("order", "owner", "rep")
    search_fields = ("order__number", "description")
    raw_id_fields = ("order", "delivery", "product", "rep", "owner")
