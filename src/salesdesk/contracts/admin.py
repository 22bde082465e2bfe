"""Contracts in the admin: for looking things up and fixing data; people work in the pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from salesdesk.contracts.models import Contract, ContractLine, Deliverable


class ContractLineInline(admin.TabularInline):
    model = ContractLine
    extra = 0
    fields = (
        "position",
        "product",
        "quantity",
        "list_price",
        "unit_price",
        "discount_percent",
        "net_amount",
        "billing",
    )
    raw_id_fields = ("product",)


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = (
        "number",
        "title",
        "account",
        "owner",
        "status",
        "start_on",
        "end_on",
        "value",
        "currency",
    )
    list_filter = ("status", "auto_renew", "currency")
    list_select_related = ("account", "owner")
    search_fields = ("number", "title", "account__name")
    raw_id_fields = (
        "account",
        "contact",
        "owner",
        "opportunity",
        "signed_by",
        "renewal_opportunity",
        "renewed_from",
    )
    readonly_fields = ("version", "value")
    date_hierarchy = "end_on"
    inlines = [ContractLineInline]


@admin.register(Deliverable)
class DeliverableAdmin(SimpleHistoryAdmin):
    list_display = ("title", "contract", "department", "due_on", "status", "assignee", "confirmed_by")
    list_filter = ("status", "action", "department")
    list_select_related = ("contract", "department", "assignee", "confirmed_by")
    search_fields = ("title", "contract__number")
    raw_id_fields = ("contract", "line", "assignee", "confirmed_by")
