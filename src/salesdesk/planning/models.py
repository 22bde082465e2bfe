"""Goals and their monthly plans (G1–G3), the notes people write beside plan-vs-actual rows (G4), and the
rollup table that keeps actuals summed per week and month so reports never scan raw order lines."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from salesdesk.core.models import AmountField, VersionedModel
from salesdesk.core.periods import PeriodKind
from salesdesk.core.scoping import ScopedQuerySet
from salesdesk.planning.choices import GoalScope, Grain, Metric, RevisionReason, SplitMethod

ZERO = Decimal(0)


class Goal(VersionedModel):
    """A target for one metric in one fiscal period, for a person, team, department or the company."""

    scope = models.CharField(_("goal for"), max_length=16, choices=GoalScope.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="goals",
    )
    team = models.ForeignKey(
        "org.Team", verbose_name=_("team"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The unit whose people may read a team, department or company goal; person goals follow the person.
    business_unit = models.ForeignKey(
        "org.BusinessUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    metric = models.CharField(_("metric"), max_length=16, choices=Metric.choices)
    product = models.ForeignKey(
        "catalog.Product",
        verbose_name=_("only product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.ForeignKey(
        "catalog.ProductCategory",
        verbose_name=_("only category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    territory = models.ForeignKey(
        "org.Territory",
        verbose_name=_("only territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    target = AmountField(_("target"))
    # SMART: what exactly, how it is measured, who answers for it, why it matters, by when.
    title = models.CharField(_("what exactly"), max_length=300)
    measure = models.CharField(_("how it is measured"), max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="goals_owned",
    )
    rationale = models.TextField(_("why it matters"), blank=True)
    deadline = models.DateField(_("deadline"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("split from"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    split_method = models.CharField(
        _("monthly split"), max_length=16, choices=SplitMethod.choices, default=SplitMethod.EVEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["-period_start", "scope", "pk"]
        indexes = [
            models.Index(fields=["person", "metric", "period_start"], name="goal_person_idx"),
            models.Index(fields=["scope", "metric", "period_start"], name="goal_scope_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=0), name="goal_target_not_negative"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="goal_valid_period"),
            models.CheckConstraint(
                condition=(
                    Q(
                        scope=GoalScope.PERSON,
                        person__isnull=False,
                        team__isnull=True,
                        department__isnull=True,
                    )
                    | Q(
                        scope=GoalScope.TEAM, team__isnull=False, person__isnull=True, department__isnull=True
                    )
                    | Q(
                        scope=GoalScope.DEPARTMENT,
                        department__isnull=False,
                        person__isnull=True,
                        team__isnull=True,
                    )
                    | Q(
                        scope=GoalScope.COMPANY,
                        person__isnull=True,
                        team__isnull=True,
                        department__isnull=True,
                    )
                ),
                name="goal_subject_matches_scope",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subject(self) -> object:
        return self.person or self.team or self.department or _("Company")


class PlanMonth(models.Model):
    """G2: the part of a goal's target that falls in one month."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="months")
    month_start = models.DateField(_("month"))
    target = AmountField(_("target"))

    class Meta:
        verbose_name = _("monthly plan")
        verbose_name_plural = _("monthly plans")
        ordering = ["goal", "month_start"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "month_start"], name="planmonth_one_per_month"),
            models.CheckConstraint(condition=Q(target__gte=0), name="planmonth_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id} {self.month_start:%Y-%m}"


class GoalRevision(models.Model):
    """G3: one change to a goal or its plan, with the reason; the goal's history is the list of these."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("version"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=16, choices=RevisionReason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    # {"field": [old, new]} as people read them; plan months appear as "2027-03".
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("goal revision")
        verbose_name_plural = _("goal revisions")
        ordering = ["goal", "-version"]
        constraints = [models.UniqueConstraint(fields=["goal", "version"], name="goalrevision_unique")]

    def __str__(self) -> str:
        return f"{self.goal_id} v{self.version}"


class VarianceNote(VersionedModel):
    """G4: the variance analysis and next action written beside one plan-vs-actual row."""

    scope = models.CharField(max_length=16, choices=GoalScope.choices)
    subject_id = models.PositiveIntegerField(default=0)  # person, team or department id; 0 for the company
    metric = models.CharField(max_length=16, choices=Metric.choices)
    grain = models.CharField(max_length=8, choices=Grain.choices)
    period_start = models.DateField()
    analysis = models.TextField(_("variance analysis"), blank=True)
    next_action = models.TextField(_("next action"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("variance note")
        verbose_name_plural = _("variance notes")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "subject_id", "metric", "grain", "period_start"], name="variancenote_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.subject_id} {self.metric} {self.period_start}"


class SalesActual(models.Model):
    """Recognised order lines summed per week or month and rep, in the company currency, in three slices:
    all lines (product and territory keys 0), per product (territory 0) and per territory (product 0).

    Pages read the totals slice (a row per rep and period) and narrow to a product or territory through
    the other two, so no query ever sums rows per line. Lines without a product or territory count under
    the key -1 (`NONE`). Kept current by the order services (`planning.actuals.tracking`) and rebuilt by
    `salesdesk rebuild_actuals`; the keys are plain integers so the unique key never holds NULL and an
    upsert can add to a row.
    """

    ALL = 0
    NONE = -1

    grain = models.CharField(max_length=8, choices=Grain.choices)
    period_start = models.DateField()
    # Indexed by salesactual_owner_idx, which starts with it.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    product_key = models.IntegerField(default=ALL)
    territory_key = models.IntegerField(default=ALL)
    revenue = AmountField(default=ZERO)
    cost = AmountField(default=ZERO)
    units = models.DecimalField(max_digits=20, decimal_places=3, default=ZERO)
    lines = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("sales actual")
        verbose_name_plural = _("sales actuals")
        constraints = [
            # Slice first: a company page reads one slice's rows of a range of periods, nothing else.
            models.UniqueConstraint(
                fields=["grain", "product_key", "territory_key", "period_start", "owner"],
                name="salesactual_key",
            ),
            models.CheckConstraint(
                condition=Q(product_key=0) | Q(territory_key=0), name="salesactual_one_slice"
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "grain", "period_start"], name="salesactual_owner_idx"),
            # Per-product figures of a whole company (drill-down, last year) read only this, index-only.
            # PostgreSQL only: other databases have no covering indexes and skip it.
            models.Index(
                fields=["period_start"],
                include=["product_key", "owner", "revenue", "cost", "units"],
                condition=Q(grain="month", territory_key=0) & ~Q(product_key=0),
                name="salesactual_month_products",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grain} {self.period_start} {self.owner_id}"
