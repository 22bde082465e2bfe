from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from salesdesk.customers.models import Account, Activity, Contact, ContactPoint, Segment


class ContactPointInline(admin.TabularInline[ContactPoint, Account]):
    model = ContactPoint
    extra = 0
    fields = ("kind", "label", "value", "is_primary", "status", "status_reason")
    readonly_fields = ("status", "status_reason")


class ContactContactPointInline(admin.TabularInline[ContactPoint, Contact]):
    model = ContactPoint
    extra = 0
    fields = ("kind", "label", "value", "is_primary", "status", "status_reason")
    readonly_fields = ("status", "status_reason")


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin[Segment]):
    list_display = ("name", "business_unit")
    list_filter = ("business_unit",)
    search_fields = ("name",)


@admin.register(Account)
class AccountAdmin(SimpleHistoryAdmin):
    list_display = ("name", "owner", "country", "status", "version")
    list_filter = ("status", "country")
    search_fields = ("name", "legal_name", "vat_id")
    raw_id_fields = ("owner", "parent", "teed_up_by")
    filter_horizontal = ("segments",)
    readonly_fields = ("version", "merged_into")
    inlines = [ContactPointInline]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "account", "owner", "country", "version")
    list_filter = ("country", "language")
    search_fields = ("full_name", "first_name", "last_name")
    raw_id_fields = ("owner", "account", "teed_up_by")
    readonly_fields = ("version", "merged_into")
    inlines = [ContactContactPointInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin[Activity]):
    list_display = ("subject", "kind", "status", "owner", "occurred_at", "planned_for")
    list_filter = ("kind", "status", "outcome")
    search_fields = ("subject", "notes")
    raw_id_fields = ("owner", "account", "contact", "prospect", "opportunity", "contact_point", "cadence")
