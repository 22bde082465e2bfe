from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from salesdesk.worklist.models import Task


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ("title", "owner", "status", "priority", "due_on", "remind_at")
    list_filter = ("status", "priority")
    search_fields = ("title",)
    list_select_related = ("owner",)
    raw_id_fields = ("owner", "created_by")
