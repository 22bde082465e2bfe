from django.contrib import admin

from salesdesk.reports.models import MonthlySubmission, ReportDelivery, ReportSettings


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin[ReportSettings]):
    list_display = ["__str__", "submission_working_day", "report_working_days_after"]

    def has_add_permission(self, request: object) -> bool:
        return not ReportSettings.objects.exists()


@admin.register(MonthlySubmission)
class MonthlySubmissionAdmin(admin.ModelAdmin[MonthlySubmission]):
    list_display = ["person", "month", "submitted_at", "version"]
    list_filter = ["month"]
    readonly_fields = ["figures", "system_figures", "submitted_at", "submitted_by", "version"]


@admin.register(ReportDelivery)
class ReportDeliveryAdmin(admin.ModelAdmin[ReportDelivery]):
    list_display = ["month", "scope_kind", "scope_id", "recipient", "trigger", "language", "sent_at"]
    list_filter = ["trigger", "scope_kind"]
