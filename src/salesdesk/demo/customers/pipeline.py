"""Demo opportunities in every stage of the default pipeline, with stage history and products."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from salesdesk.customers.models import Account, Contact
from salesdesk.demo.customers.common import (
    moment_at,
    record_history,
)
from salesdesk.demo.customers.data import (
    BATCH,
    BY_CODE,
    GERMANY,
)
from salesdesk.org.models import User
from salesdesk.pipeline.choices import StageKind
from salesdesk.pipeline.models import (
    Competitor,
    LossReason,
    Opportunity,
    OpportunityLine,
    Stage,
    StageChange,
)
from salesdesk.pipeline.services import pipeline_default

if TYPE_CHECKING:
    from salesdesk.demo.services import DemoContext


DEALS = {
    "de": ("Messestand Hannover {year}", "Frühjahrskampagne {year}", "Imagebroschüre", "Jubiläumsfeier"),
    "it": (
        "Campagna autunno {year}",
        "Stand fieristico Milano",
        "Catalogo prodotti {year}",
        "Evento clienti",
    ),
    "zh-hans": ("{year}年度品牌推广", "展会展台设计", "产品目录印刷", "新品发布会"),
    "bg": ("Рекламна кампания {year}", "Щанд за изложение", "Продуктов каталог", "Фирмено събитие"),
    "en": ("Spring campaign {year}", "Trade show booth", "Product catalogue {year}", "Customer event"),
}
PRODUCTS = (
    "Trade fair booth design",
    "Full-page print advert",
    "Web banner campaign (4 weeks)",
    "Event management",
    "Brand video production",
    "Outdoor poster campaign",
    "Social media package",
    "Catalogue printing",
)
COMPETITORS = (
    "Adverto Media GmbH",
    "Messebau Nord",
    "PrintPlus Ltd",
    "蓝海广告",
    "Реклама Про ООД",
    "Studio Creativo",
)
LOSS_REASONS = (
    "Price too high",
    "Went with a competitor",
    "No budget this year",
    "Project cancelled",
    "No decision",
)
EUR_RATES = {"EUR": Decimal(1), "USD": Decimal("1.08"), "CNY": Decimal("7.8"), "BGN": Decimal("1.95583")}
EUR_AMOUNTS = (2500, 4800, 7500, 12000, 18500, 24000, 36000, 52000, 75000, 120000)
# Opportunities in the small set by stage position (1..6): every stage has some.
STAGE_PLAN = (16, 14, 14, 10, 12, 10)


@dataclass
class Deal:
    opportunity: Opportunity
    changes: list[StageChange]
    lines: list[OpportunityLine]
    competitors: list[str]
    created_at: datetime
    loss_reason: str = ""


def build_deal(
    rng: random.Random,
    *,
    stages: list[Stage],
    target: Stage,
    account: Account,
    contact: Contact | None,
    owner: User,
    opened_days_ago: int | None = None,
    source: str = "",
    teed_up_by: User | None = None,
) -> Deal:
    """An unsaved opportunity that has walked the stages up to `target`, with its stage history."""
    open_stages = [stage for stage in stages if stage.kind == StageKind.OPEN]
    if target.kind == StageKind.OPEN:
        path = open_stages[: open_stages.index(target) + 1]
    elif target.kind == StageKind.WON:
        path = [*open_stages, target]
    else:
        path = [*open_stages[: rng.randint(1, len(open_stages))], target]
    closed = target.kind != StageKind.OPEN
    if opened_days_ago is None:
        opened_days_ago = rng.randint(40, 330) if closed else rng.randint(3 * len(path), 150)
    latest = rng.randint(1, max(1, opened_days_ago // 3))
    days = [opened_days_ago] + [rng.randint(latest, opened_days_ago) for _stage in path[1:]]
    moments = sorted(moment_at(rng, day) for day in days)
    changes = [
        StageChange(
            from_stage=path[position - 1] if position else None,
            to_stage=stage,
            changed_by=owner,
            changed_at=moment,
            seconds_in_previous=int((moment - moments[position - 1]).total_seconds()) if position else 0,
        )
        for position, (stage, moment) in enumerate(zip(path, moments, strict=True))
    ]
    country = BY_CODE.get(account.country, GERMANY)
    currency = "EUR" if country.code == "BG" and rng.random() < 0.3 else country.currency
    step = Decimal(1000) if currency == "CNY" else Decimal(100)
    eur = Decimal(rng.choice(EUR_AMOUNTS)) * Decimal(rng.randint(80, 130)) / 100
    amount = (eur * EUR_RATES[currency] / step).quantize(Decimal(1)) * step
    lines = []
    remaining = amount
    products = rng.sample(PRODUCTS, rng.randint(1, 3))
    for position, product in enumerate(products):
        price = (
            remaining if position == len(products) - 1 else (remaining / 2 / step).quantize(Decimal(1)) * step
        )
        remaining -= price
        lines.append(OpportunityLine(product=product, quantity=Decimal(1), unit_price=price))
    closed_on = moments[-1].date() if closed else None
    expected = closed_on + timedelta(days=rng.randint(-10, 10)) if closed_on else None
    year = (closed_on or timezone.localdate()).year + (0 if closed else 1)
    opportunity = Opportunity(
        name=rng.choice(DEALS.get(account.language, DEALS["en"])).format(year=year),
        account=account,
        contact=contact,
        pipeline_id=target.pipeline_id,
        stage=target,
        stage_entered_at=moments[-1],
        amount=amount,
        currency=currency,
        expected_close=expected or timezone.localdate() + timedelta(days=rng.randint(7, 180)),
        closed_on=closed_on,
        owner=owner,
        source=source or rng.choice(["referral", "existing_customer", "trade_show", "web_form"]),
        teed_up_by=teed_up_by,
    )
    competitors = rng.sample(COMPETITORS, rng.randint(1, 2)) if closed or rng.random() < 0.3 else []
    reason = ""
    if target.kind == StageKind.LOST:
        reason = rng.choice(LOSS_REASONS)
        opportunity.loss_note = "Chose a cheaper offer; open to talk again next season."
    return Deal(opportunity, changes, lines, competitors, moments[0], reason)


def save_deals(deals: list[Deal]) -> None:
    competitors = {name: Competitor.objects.get_or_create(name=name)[0] for name in COMPETITORS}
    reasons = {name: LossReason.objects.get_or_create(name=name)[0] for name in LOSS_REASONS}
    for deal in deals:
        if deal.loss_reason:
            deal.opportunity.loss_reason = reasons[deal.loss_reason]
    opportunities = Opportunity.objects.bulk_create([deal.opportunity for deal in deals], batch_size=BATCH)
    for deal in deals:
        deal.opportunity.created_at = deal.created_at
        for change in deal.changes:
            change.opportunity = deal.opportunity
        for line in deal.lines:
            line.opportunity = deal.opportunity
    Opportunity.objects.bulk_update(opportunities, ["created_at"], batch_size=BATCH)
    record_history(Opportunity, opportunities)
    StageChange.objects.bulk_create([change for deal in deals for change in deal.changes], batch_size=BATCH)
    OpportunityLine.objects.bulk_create([line for deal in deals for line in deal.lines], batch_size=BATCH)
    through = Opportunity.competitors.through
    through.objects.bulk_create(
        [
            through(opportunity_id=deal.opportunity.pk, competitor_id=competitors[name].pk)
            for deal in deals
            for name in deal.competitors
        ],
        batch_size=BATCH,
    )


def demo_pipeline(ctx: DemoContext) -> None:
    """About 80 opportunities in every stage of the default pipeline, in EUR, USD, CNY and BGN."""
    rng = ctx.rng
    stages = list(pipeline_default(business_unit=ctx.business_unit).stages.order_by("position"))
    accounts = list(Account.objects.filter(notes="", parent__isnull=True).order_by("pk"))
    first_contacts: dict[int, Contact] = {}
    for contact in Contact.objects.filter(account__in=accounts).order_by("-pk"):
        first_contacts[contact.account_id] = contact  # type: ignore[index]
    targets = [stage for stage, count in zip(stages, STAGE_PLAN, strict=True) for _n in range(count)]
    rng.shuffle(targets)
    deals = []
    for target in targets:
        account = rng.choice(accounts)
        deals.append(
            build_deal(
                rng,
                stages=stages,
                target=target,
                account=account,
                contact=first_contacts.get(account.pk),
                owner=account.owner,
            )
        )
    save_deals(deals)
