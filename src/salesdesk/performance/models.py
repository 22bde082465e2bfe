"""K2 inputs people type in until the data comes from elsewhere: the size of the market and the customers'
satisfaction per period and segment, and the trend comment written under the market analysis.

A segment left empty means the whole market ("all segments"). Every record belongs to the business unit
whose segments it describes, which is also who may read it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from salesdesk.core.models import AmountField, CurrencyField, VersionedModel
from salesdesk.core.scoping import ScopedQuerySet
from salesdesk.performance.choices import MarketPeriodKind, SatisfactionScale


class MarketPeriodRecord(VersionedModel):
    """What the three K2 records share: one business unit, one fiscal month or quarter, one segment."""

    business_unit = models.ForeignKey("org.BusinessUnit", on_delete=models.PROTECT, related_name="+")
    period_kind = models.CharField(_("period"), max_length=8, choices=MarketPeriodKind.choices)
    period_start = models.DateField(_("from"))
    segment = models.ForeignKey(
        "customers.Segment",
        verbose_name=_("segment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def segment_label(self) -> str:
        return str(self.segment) if self.segment_id else str(_("All segments"))


def _one_per_period(name: str) -> list[models.BaseConstraint]:
    # NULL never equals NULL in a unique index, so "all segments" needs its own partial constraint.
    return [
        models.UniqueConstraint(
            fields=["business_unit", "period_kind", "period_start", "segment"],
            condition=Q(segment__isnull=False),
            name=f"{name}_one_per_segment",
        ),
        models.UniqueConstraint(
            fields=["business_unit", "period_kind", "period_start"],
            condition=Q(segment__isnull=True),
            name=f"{name}_one_for_all",
        ),
    ]


class MarketSize(MarketPeriodRecord):
    """The whole market's sales in a period and segment, as a study or association reported it."""

    amount = AmountField(_("market size"), validators=[MinValueValidator(0)])
    currency = CurrencyField(_("currency"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("market size")
        verbose_name_plural = _("market sizes")
        ordering = ["-period_start", "segment"]
        constraints = [
            *_one_per_period("marketsize"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="marketsize_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.segment_label} {self.period_kind} {self.period_start:%Y-%m}"


class SatisfactionScore(MarketPeriodRecord):
    """E3/K2: customer satisfaction measured in a period and segment (entered until surveys exist)."""

    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    scale = models.CharField(_("scale"), max_length=12, choices=SatisfactionScale.choices)
    sample_size = models.PositiveIntegerField(_("answers"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("satisfaction score")
        verbose_name_plural = _("satisfaction scores")
        ordering = ["-period_start", "segment"]
        constraints = [
            *_one_per_period("satisfaction"),
            models.CheckConstraint(
                condition=(Q(scale=SatisfactionScale.PERCENT, score__gte=0, score__lte=100))
                | Q(scale=SatisfactionScale.FIVE_POINT, score__gte=1, score__lte=5),
                name="satisfaction_score_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.segment_label} {self.period_kind} {self.period_start:%Y-%m}: {self.score}"


class MarketComment(MarketPeriodRecord):
    """The trend comment under a market analysis as a person edited it; it wins over the drafted one."""

    text = models.TextField(_("trend comment"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("market comment")
        verbose_name_plural = _("market comments")
        ordering = ["-period_start", "segment"]
        constraints = _one_per_period("marketcomment")

    def __str__(self) -> str:
        return f"{self.segment_label} {self.period_kind} {self.period_start:%Y-%m}"
