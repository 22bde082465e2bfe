"""G5: this period against the same period last year, for a subject.

Per product: units, revenue, average selling price and production cost per unit, this year and last. For
the whole: the revenue quota and its attainment in both years, and a verdict ("on track" or "behind")
with the reasons in numbers: how much of the revenue change came from volume, from price, how unit costs
moved, and how the quota itself moved.

Both years cover the same months: the months of the period that have begun (the running month counts
in full on both sides, so the comparison is like for like).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from salesdesk.catalog.models import Product
from salesdesk.core.periods import FiscalCalendar, Period, next_month
from salesdesk.planning.choices import Metric
from salesdesk.planning.measures import WHOLE, LineTotals, line_totals_by_product
from salesdesk.planning.plan_vs_actual import percent
from salesdesk.planning.subjects import Subject
from salesdesk.planning.targets import goals_counted, monthly_targets

ZERO = Decimal(0)


def _change(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    if now is None or before is None or not before:
        return None
    return percent(now - before, before)


@dataclass(frozen=True)
class ProductComparison:
    product_id: int
    label: str
    now: LineTotals
    before: LineTotals

    @property
    def units_change(self) -> Decimal | None:
        return _change(self.now.units, self.before.units)

    @property
    def revenue_change(self) -> Decimal | None:
        return _change(self.now.revenue, self.before.revenue)

    @property
    def price_change(self) -> Decimal | None:
        return _change(self.now.average_price, self.before.average_price)

    @property
    def unit_cost_change(self) -> Decimal | None:
        return _change(self.now.unit_cost, self.before.unit_cost)


@dataclass(frozen=True)
class Reason:
    text: str
    amount: Decimal  # in the company currency; its sign says whether it helped or hurt


@dataclass(frozen=True)
class LastYearComparison:
    subject: Subject
    period: Period
    last_year: Period
    months: list[date]
    products: list[ProductComparison]
    target_now: Decimal
    target_before: Decimal
    revenue_now: Decimal
    revenue_before: Decimal

    @property
    def attainment_now(self) -> Decimal | None:
        return percent(self.revenue_now, self.target_now)

    @property
    def attainment_before(self) -> Decimal | None:
        return percent(self.revenue_before, self.target_before)

    @property
    def on_track(self) -> bool:
        """On track: the quota so far is met, or (without a quota) revenue is at least last year's."""
        if self.target_now:
            return self.revenue_now >= self.target_now
        return self.revenue_now >= self.revenue_before

    def reasons(self) -> list[Reason]:
        """Revenue change split into volume (units at last year's price) and price (this year's units at
        the price difference), per product, summed; plus unit cost and quota movements."""
        volume = price = mix = ZERO
        cost_change = ZERO
        for product in self.products:
            before_price = product.before.average_price
            now_price = product.now.average_price
            if before_price is not None and now_price is not None:
                volume += (product.now.units - product.before.units) * before_price
                price += (now_price - before_price) * product.now.units
                if product.before.unit_cost is not None and product.now.unit_cost is not None:
                    cost_change += (product.now.unit_cost - product.before.unit_cost) * product.now.units
            else:
                # Sold in only one of the two years: all of it is a change of the product mix.
                mix += product.now.revenue - product.before.revenue
        reasons = [
            Reason(_("Volume: more or fewer units of the same products at last year's prices"), volume),
            Reason(_("Price: this year's units at the change in average selling price"), price),
            Reason(_("Mix: products sold in only one of the two years"), mix),
            Reason(_("Production cost: this year's units at the change in unit cost"), -cost_change),
        ]
        if self.target_now or self.target_before:
            reasons.append(
                Reason(
                    _("Quota: change of the target against last year's"), self.target_before - self.target_now
                )
            )
        return sorted(
            (reason for reason in reasons if reason.amount),
            key=lambda reason: abs(reason.amount),
            reverse=True,
        )


def _months(period: Period, today: date) -> list[date]:
    months = []
    month = period.start
    while month <= period.end and month <= today:
        months.append(month)
        month = next_month(month)
    return months


def compare_with_last_year(
    *, subject: Subject, period: Period, calendar: FiscalCalendar, today: date
) -> LastYearComparison:
    last_year = calendar.same_period_last_year(period)
    months = _months(period, today)
    shifted = [month.replace(year=month.year - 1) for month in months]
    owners = subject.owner_ids()
    if months:
        now = line_totals_by_product(owner_ids=owners, first_month=months[0], last_month=months[-1])
        before = line_totals_by_product(owner_ids=owners, first_month=shifted[0], last_month=shifted[-1])
        goals_now, _members = goals_counted(subject, Metric.REVENUE, months[0], period.end, WHOLE)
        goals_before, _members = goals_counted(subject, Metric.REVENUE, shifted[0], last_year.end, WHOLE)
        target_now = sum(monthly_targets(goals_now, months[0], months[-1]).values(), ZERO)
        target_before = sum(monthly_targets(goals_before, shifted[0], shifted[-1]).values(), ZERO)
    else:
        now, before, target_now, target_before = {}, {}, ZERO, ZERO
    keys = set(now) | set(before)
    names = {product.pk: product.label() for product in Product.objects.filter(pk__in=keys)}
    products = sorted(
        (
            ProductComparison(
                key,
                names.get(key, _("Without a product")),
                now.get(key, LineTotals()),
                before.get(key, LineTotals()),
            )
            for key in keys
        ),
        key=lambda comparison: comparison.now.revenue,
        reverse=True,
    )
    return LastYearComparison(
        subject=subject,
        period=period,
        last_year=last_year,
        months=months,
        products=products,
        target_now=target_now,
        target_before=target_before,
        revenue_now=sum((totals.revenue for totals in now.values()), ZERO),
        revenue_before=sum((totals.revenue for totals in before.values()), ZERO),
    )
