from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from salesdesk.pipeline.models import Competitor, LossReason, Opportunity, OpportunityLine, Pipeline, Stage


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ("position", "name", "probability", "kind")
    ordering = ("position",)


@admin.register(Pipeline)
class PipelineAdmin(admin.ModelAdmin):
    list_display = ("name", "business_unit", "is_default")
    list_filter = ("business_unit",)
    list_select_related = ("business_unit",)
    inlines = [StageInline]


@admin.register(Competitor)
class CompetitorAdmin(admin.ModelAdmin):
    list_display = ("name", "website")
    search_fields = ("name",)


@admin.register(LossReason)
class LossReasonAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


class OpportunityLineInline(admin.TabularInline):
    model = OpportunityLine
    extra = 0


@admin.register(Opportunity)
class OpportunityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "account", "stage", "amount", "currency", "expected_close", "owner")
    list_filter = ("pipeline", "stage__kind")
    search_fields = ("name", "account__name")
    list_select_related = ("account", "stage", "owner")
    raw_id_fields = ("account", "contact", "owner", "teed_up_by")
    readonly_fields = ("stage", "stage_entered_at", "closed_on", "version")
    inlines = [OpportunityLineInline]
