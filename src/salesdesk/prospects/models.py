from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from salesdesk.core.models import TimeStampedModel, VersionedModel
from salesdesk.core.scoping import ScopedQuerySet
from salesdesk.prospects.choices import ProspectSource, ProspectStatus, QuestionKind


class Questionnaire(TimeStampedModel):
    """The questions a coordinator answers about a prospect before a rep calls (qualification)."""

    business_unit = models.ForeignKey(
        "org.BusinessUnit", on_delete=models.PROTECT, related_name="questionnaires"
    )
    name = models.CharField(_("name"), max_length=200)
    qualifying_score = models.PositiveSmallIntegerField(
        _("score needed to qualify"), default=0, help_text=_("Sum of the weights of the answers that count.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=QuestionKind.choices)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    # The answer that earns the weight: "yes", a choice, or a minimum number; empty = any answer counts.
    scoring_answer = models.CharField(_("answer that scores"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "position"], name="question_position_unique")
        ]

    def __str__(self) -> str:
        return self.text


class Prospect(VersionedModel):
    """A possible customer, researched and qualified before a rep spends time on it."""

    company_name = models.CharField(_("company"), max_length=300)
    contact_name = models.CharField(_("contact person"), max_length=300, blank=True)
    contact_title = models.CharField(_("their job title"), max_length=200, blank=True)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    website = models.CharField(_("web site"), max_length=300, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=ProspectSource.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ProspectStatus.choices, default=ProspectStatus.NEW
    )
    # The coordinator researching it; the rep it is teed up for.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("researched by"),
        on_delete=models.PROTECT,
        related_name="prospects",
    )
    assigned_rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rep"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_prospects",
    )
    teed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teed up by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handoff_note = models.TextField(_("hand-off note"), blank=True)
    sent_back_reason = models.TextField(_("why it was sent back"), blank=True)
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), null=True, blank=True, on_delete=models.PROTECT
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # When each funnel step was first reached (the funnel report counts these).
    attempted_at = models.DateTimeField(_("first attempt"), null=True, blank=True)
    reached_at = models.DateTimeField(_("reached"), null=True, blank=True)
    qualified_at = models.DateTimeField(_("qualified"), null=True, blank=True)
    teed_up_at = models.DateTimeField(_("teed up"), null=True, blank=True)
    converted_at = models.DateTimeField(_("converted"), null=True, blank=True)
    converted_account = models.ForeignKey(
        "customers.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    converted_contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    converted_opportunity = models.ForeignKey(
        "pipeline.Opportunity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "assigned_rep"], name="prospect_status_rep_idx"),
            models.Index(fields=["source", "created_at"], name="prospect_funnel_idx"),
        ]

    def __str__(self) -> str:
        return self.company_name


class Answer(models.Model):
    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.CharField(_("answer"), max_length=1000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["prospect", "question"], name="answer_unique")]

    def __str__(self) -> str:
        return self.value
