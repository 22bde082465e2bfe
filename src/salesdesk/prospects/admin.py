from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from salesdesk.prospects.models import Answer, Prospect, Question, Questionnaire


class QuestionInline(admin.TabularInline[Question, Questionnaire]):
    model = Question
    extra = 0
    ordering = ("position",)


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin[Questionnaire]):
    list_display = ("name", "business_unit", "qualifying_score", "is_active")
    list_filter = ("is_active", "business_unit")
    search_fields = ("name",)
    inlines = [QuestionInline]


class AnswerInline(admin.TabularInline[Answer, Prospect]):
    model = Answer
    extra = 0
    raw_id_fields = ("question", "answered_by")


@admin.register(Prospect)
class ProspectAdmin(SimpleHistoryAdmin):
    list_display = ("company_name", "source", "status", "owner", "assigned_rep", "score", "created_at")
    list_filter = ("status", "source")
    search_fields = ("company_name", "contact_name", "email")
    list_select_related = ("owner", "assigned_rep")
    raw_id_fields = (
        "owner",
        "assigned_rep",
        "teed_up_by",
        "questionnaire",
        "converted_account",
        "converted_contact",
        "converted_opportunity",
    )
    inlines = [AnswerInline]
