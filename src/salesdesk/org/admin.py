from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from salesdesk.org.models import BusinessUnit, Department, JobTitle, RoleGrant, Team, Territory, User


class RoleGrantInline(admin.TabularInline[RoleGrant, User]):
    model = RoleGrant
    extra = 1


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "email", "business_unit", "manager", "job_title", "is_active")
    list_filter = ("business_unit", "role_grants__role", "is_active", "language")
    search_fields = ("username", "full_name", "email")
    list_select_related = ("business_unit", "manager", "job_title")
    readonly_fields = ("reporting_path",)
    inlines = [RoleGrantInline]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (
            _("Organisation"),
            {
                "fields": (
                    "full_name",
                    "business_unit",
                    "manager",
                    "reporting_path",
                    "job_title",
                    "hire_date",
                    "departments",
                    "teams",
                    "territories",
                    "phone",
                )
            },
        ),
        (_("Preferences"), {"fields": ("language", "time_zone", "display_currency")}),
    )
    filter_horizontal = ("departments", "teams", "territories", "groups", "user_permissions")


@admin.register(BusinessUnit)
class BusinessUnitAdmin(admin.ModelAdmin[BusinessUnit]):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ("name", "kind", "business_unit", "email")
    list_filter = ("business_unit", "kind")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("name", "business_unit", "department", "lead")
    list_select_related = ("business_unit", "department", "lead")


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin[Territory]):
    list_display = ("name", "code", "business_unit", "parent")


@admin.register(JobTitle)
class JobTitleAdmin(admin.ModelAdmin[JobTitle]):
    list_display = ("name", "level")
