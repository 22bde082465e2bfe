from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from salesdesk.core.models import AmountField, CurrencyField, TimeStampedModel, VersionedModel
from salesdesk.core.money import Money
from salesdesk.core.scoping import ScopedQuerySet
from salesdesk.pipeline.choices import StageKind


class Pipeline(TimeStampedModel):
    business_unit = models.ForeignKey("org.BusinessUnit", on_delete=models.PROTECT, related_name="pipelines")
    name = models.CharField(_("name"), max_length=200)
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        verbose_name = _("pipeline")
        verbose_name_plural = _("pipelines")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Stage(TimeStampedModel):
    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"))
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    kind = models.CharField(_("kind"), max_length=8, choices=StageKind.choices, default=StageKind.OPEN)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["pipeline", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pipeline", "position"], name="stage_position_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The stage's name in the reader's language when it is one of the default stages."""
        return gettext(self.name)


class Competitor(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    website = models.URLField(_("web site"), blank=True)

    class Meta:
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LossReason(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("loss reason")
        verbose_name_plural = _("loss reasons")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Opportunity(VersionedModel):
    """A deal being worked on, moving through the stages of a pipeline."""

    name = models.CharField(_("name"), max_length=300)
    account = models.ForeignKey(
        "customers.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="opportunities"
    )
    contact = models.ForeignKey(
        "customers.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    pipeline = models.ForeignKey(Pipeline, verbose_name=_("pipeline"), on_delete=models.PROTECT)
    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="opportunities"
    )
    stage_entered_at = models.DateTimeField(_("in this stage since"))
    amount = AmountField(_("amount"), default=Decimal(0))
    currency = CurrencyField(_("currency"), default="EUR")
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Leave empty to use the stage's probability."),
    )
    expected_close = models.DateField(_("expected close"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    is_shared = models.BooleanField(_("shared with the business unit"), default=False)
    source = models.CharField(_("source"), max_length=20, blank=True)
    competitors = models.ManyToManyField(Competitor, verbose_name=_("competitors"), blank=True)
    loss_reason = models.ForeignKey(
        LossReason, verbose_name=_("loss reason"), null=True, blank=True, on_delete=models.PROTECT
    )
    loss_note = models.TextField(_("why it was lost"), blank=True)
    teed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teed up by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["expected_close", "pk"]
        indexes = [
            models.Index(fields=["owner", "stage"], name="opportunity_owner_stage_idx"),
            models.Index(fields=["pipeline", "stage", "expected_close"], name="opportunity_board_idx"),
            models.Index(fields=["expected_close", "id"], name="opportunity_close_idx"),
            # A rep's own deals by expected close: the worklist's overdue ones, oldest first.
            models.Index(fields=["owner", "expected_close", "id"], name="opportunity_owner_close_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def value(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def effective_probability(self) -> int:
        return self.probability if self.probability is not None else self.stage.probability

    @property
    def weighted_value(self) -> Money:
        """The amount times the effective probability, in the deal's own currency."""
        return Money(self.amount * Decimal(self.effective_probability) / Decimal(100), self.currency)

    @property
    def is_open(self) -> bool:
        return self.stage.kind == StageKind.OPEN


class OpportunityLine(models.Model):
    """A product or service in the deal (free text until the catalogue exists)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="lines")
    product = models.CharField(_("product"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3, default=Decimal(1))
    unit_price = AmountField(_("unit price"))

    class Meta:
        verbose_name = _("product in the deal")
        verbose_name_plural = _("products in the deal")

    def __str__(self) -> str:
        return self.product


class StageChange(models.Model):
    """Each move of an opportunity between stages, for time-in-stage and the funnel."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.ForeignKey(Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("when"))
    seconds_in_previous = models.PositiveBigIntegerField(_("time in the previous stage (s)"), default=0)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["opportunity", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.opportunity_id}: {self.from_stage_id} → {self.to_stage_id}"
