from django.contrib import admin

from salesdesk.core.models import AuditEvent, CompanySettings, FxRate, JobRun


@admin.register(CompanySettings)
class CompanySettingsAdmin(admin.ModelAdmin[CompanySettings]):
    list_display = ("name", "currency", "fiscal_year_start_month", "time_zone", "revenue_recognition")

    def has_add_permission(self, request: object) -> bool:
        return not CompanySettings.objects.exists()

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(FxRate)
class FxRateAdmin(admin.ModelAdmin[FxRate]):
    list_display = ("currency", "valid_on", "rate", "source")
    list_filter = ("currency",)
    date_hierarchy = "valid_on"


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin[JobRun]):
    list_display = ("label", "kind", "status", "done", "total", "created_at", "finished_at")
    list_filter = ("status", "kind")
    readonly_fields = [field.name for field in JobRun._meta.fields]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: audit events are append-only."""

    list_display = ("at", "actor", "verb", "object_repr")
    list_filter = ("verb",)
    search_fields = ("object_repr", "verb")
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
