"""Goals in the admin are for looking only: every change goes through the planning pages, which ask for
a reason and keep the revision history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from salesdesk.planning.models import Goal, GoalRevision, PlanMonth


class _ReadOnly:
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class PlanMonthInline(_ReadOnly, admin.TabularInline[PlanMonth, Goal]):
    model = PlanMonth
    fields = ("month_start", "target")


class GoalRevisionInline(_ReadOnly, admin.TabularInline[GoalRevision, Goal]):
    model = GoalRevision
    fields = ("version", "changed_at", "changed_by", "reason", "note", "changes")


@admin.register(Goal)
class GoalAdmin(_ReadOnly, admin.ModelAdmin[Goal]):
    list_display = ("title", "scope", "person", "team", "metric", "period_start", "period_end", "target")
    list_filter = ("scope", "metric", "period_kind")
    search_fields = ("title", "person__username", "person__full_name")
    inlines = [PlanMonthInline, GoalRevisionInline]
