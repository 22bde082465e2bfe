"""The plan-vs-actual table as one object for the page, the PDF and the XLSX: figures computed once,
labels and the chart ready to render."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from salesdesk.core.charts import Series, line_chart
from salesdesk.core.models import CompanySettings
from salesdesk.core.periods import FiscalCalendar
from salesdesk.planning.choices import Metric, Standing
from salesdesk.planning.plan_vs_actual import Child, Row, Table, percent, plan_vs_actual
from salesdesk.planning.presentation import figure, percent_text, signed_figure
from salesdesk.planning.selection import PlanSelection

ZERO = Decimal(0)


@dataclass(frozen=True)
class ShownRow:
    row: Row
    label: str
    target: str
    actual: str
    variance: str
    variance_percent: str
    standing: str
    standing_label: str


@dataclass(frozen=True)
class ShownChild:
    child: Child
    target: str
    actual: str
    variance: str
    attainment: str


@dataclass(frozen=True)
class PlanReport:
    selection: PlanSelection
    table: Table
    currency: str
    today: date

    @property
    def metric_label(self) -> str:
        return str(Metric(self.table.metric).label)

    @property
    def title(self) -> str:
        return _("Plan vs actual: %(subject)s, %(metric)s, FY %(year)s") % {
            "subject": self.table.subject.name,
            "metric": self.metric_label,
            "year": self.table.fiscal_year,
        }

    def show(self, value: object) -> str:
        return figure(value, self.table.metric, self.currency)  # type: ignore[arg-type]

    def show_signed(self, value: object) -> str:
        return signed_figure(value, self.table.metric, self.currency)  # type: ignore[arg-type]

    @staticmethod
    def show_percent(value: object) -> str:
        return percent_text(value)  # type: ignore[arg-type]

    @staticmethod
    def standing_label(value: str) -> str:
        return str(Standing(value).label)

    def rows(self) -> list[ShownRow]:
        return [
            ShownRow(
                row=row,
                label=row.period.label(),
                target=self.show(row.target),
                actual=self.show(row.actual) if row.period.start <= self.today else "",
                variance=self.show_signed(row.variance) if row.period.start <= self.today else "",
                variance_percent=self.show_percent(row.variance_percent)
                if row.period.start <= self.today
                else "",
                standing=row.standing,
                standing_label=self.standing_label(row.standing),
            )
            for row in self.table.rows
        ]

    def children(self) -> list[ShownChild]:
        return [
            ShownChild(
                child=child,
                target=self.show(child.target),
                actual=self.show(child.actual),
                variance=self.show_signed(child.variance),
                attainment=self.show_percent(child.attainment).lstrip("+"),
            )
            for child in self.table.children
        ]

    @property
    def totals(self) -> dict[str, str]:
        """The year's target, and target, actual and variance of the periods begun so far."""
        begun = [row for row in self.table.rows if row.period.start <= self.today]
        target = sum((row.target for row in begun), ZERO)
        actual = sum((row.actual for row in begun), ZERO)
        return {
            "year_target": self.show(self.table.target_total),
            "target": self.show(target),
            "actual": self.show(actual),
            "variance": self.show_signed(actual - target),
            "variance_percent": self.show_percent(percent(actual - target, target)),
        }

    def chart(self) -> SafeString:
        plan, actual = self.table.cumulative(self.today)
        labels = [
            row.period.start.strftime("%m") if self.table.grain == "month" else str(row.period.number)
            for row in self.table.rows
        ]
        return line_chart(
            title=_("Cumulative plan and actual"),
            description=_(
                "Running totals of the target and of the actual, period by period, for %(subject)s."
            )
            % {"subject": self.table.subject.name},
            labels=labels,
            series=[
                Series(_("Plan"), plan, "chart-line-plan"),
                Series(_("Actual"), actual, "chart-line-actual"),
            ],
            shown_last=[self.show(plan[-1]) if plan else "", self.show(actual[-1]) if actual else ""],
        )


def build_report(selection: PlanSelection, *, calendar: FiscalCalendar, today: date) -> PlanReport:
    table = plan_vs_actual(
        subject=selection.subject,
        metric=selection.metric,
        grain=selection.grain,
        fiscal_year=selection.fiscal_year,
        calendar=calendar,
        today=today,
    )
    return PlanReport(selection, table, CompanySettings.current().currency, today)
