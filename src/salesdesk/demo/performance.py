"""Demo data for H1 and K2: every rep holds a job title (so each has peers), and two years of market
sizes and satisfaction scores for the whole unit and its two largest segments, entered by the coordinator
through the real services; the market is sized from our own sales so the share looks plausible."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count

from salesdesk.core.models import CompanySettings
from salesdesk.core.periods import Period, company_calendar
from salesdesk.customers.models import Segment
from salesdesk.demo.customers.common import users_of
from salesdesk.org.choices import Role
from salesdesk.org.models import JobTitle, User
from salesdesk.performance.choices import SatisfactionScale
from salesdesk.performance.market_analysis import previous_periods
from salesdesk.performance.market_sales import segment_sales_by_month, unit_sales_by_month
from salesdesk.performance.services import market_comment_save, market_size_record, satisfaction_record

if TYPE_CHECKING:
    from salesdesk.demo.services import DemoContext

COORDINATOR = "giulia.rossi"
MONTHS = 24
SOURCES = ("Branchenverband Medien", "Osservatorio Fiere", "市场研究报告")


def _job_titles(ctx: DemoContext) -> None:
    default = JobTitle.objects.get_or_create(name="Account Executive", defaults={"level": 2})[0]
    User.objects.filter(
        business_unit=ctx.business_unit, role_grants__role=Role.SALES_REP, job_title__isnull=True
    ).update(job_title=default)


def _market_for(
    ctx: DemoContext,
    coordinator: User,
    segment: Segment | None,
    months: list[Period],
    sales: dict[date, Decimal],
) -> None:
    share = Decimal(ctx.rng.randint(8, 18)) / 100
    satisfaction = Decimal(ctx.rng.randint(72, 86))
    for number, month in enumerate(months):
        ours = sales.get(month.start, Decimal(0))
        # The market grows about 3 % a year and moves with the season; we are a slice of it.
        base = ours / share if ours else Decimal(20000) / share
        size = (base * (1 + Decimal(ctx.rng.randint(-6, 6)) / 100)).quantize(Decimal(1000))
        market_size_record(
            by=coordinator,
            period_kind="month",
            period_day=month.start,
            segment=segment,
            amount=max(size, ours.quantize(Decimal(1000)) + 1000),
            currency="EUR",
            source=SOURCES[number % len(SOURCES)],
        )
        satisfaction = min(max(satisfaction + ctx.rng.randint(-3, 3), Decimal(55)), Decimal(97))
        satisfaction_record(
            by=coordinator,
            period_kind="month",
            period_day=month.start,
            segment=segment,
            score=satisfaction,
            scale=SatisfactionScale.PERCENT,
            sample_size=ctx.rng.randint(25, 160),
            source="NPS-Umfrage",
        )


def demo_performance(ctx: DemoContext) -> None:
    _job_titles(ctx)
    coordinator = users_of(ctx).get(COORDINATOR)
    if coordinator is None:
        return
    calendar = company_calendar()
    company = CompanySettings.current()
    last_month = calendar.period(ctx.today.replace(day=1) - timedelta(days=1), "month")
    months = previous_periods(calendar, last_month, MONTHS)
    first, last = months[0].start, months[-1].end
    unit_sales = unit_sales_by_month(
        business_unit_id=ctx.business_unit.pk, first_month=first, last_month=last
    )
    _market_for(ctx, coordinator, None, months, unit_sales)
    largest = (
        Segment.objects.filter(business_unit=ctx.business_unit)
        .annotate(size=Count("accounts"))
        .order_by("-size", "name")[:2]
    )
    for segment in largest:
        sales = segment_sales_by_month(segment_id=segment.pk, first_day=first, last_day=last, company=company)
        _market_for(ctx, coordinator, segment, months, sales)
    market_comment_save(
        by=coordinator,
        period_kind="month",
        period_day=last_month.start,
        segment=None,
        text="Messegeschäft stark, Printanzeigen schwächer; Marktanteil stabil. Fiere: buona stagione.",
    )
