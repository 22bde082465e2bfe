"""Bulk opportunities in the demo's default pipeline, with the stage history the funnel reads.

Expected close dates spread over the years of history and the year ahead. What should have closed a
while ago is mostly won or lost (lost ones with a loss reason; a few slipped and are still open); what
closes later is open, in any stage. Every opportunity walked its stages in order: one StageChange row
per stage reached, the first from no stage, each with the seconds spent in the stage before. The
amount is in the account's currency; the stage's own probability applies (the column stays empty).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from salesdesk.demo.bulk.context import BulkContext
from salesdesk.demo.bulk.copying import Advance, copy_chunks, next_id, uncounted
from salesdesk.demo.bulk.names import CULTURES
from salesdesk.demo.bulk.textformat import NULL, SLOT_SECONDS, SLOTS
from salesdesk.demo.customers.pipeline import DEALS, EUR_AMOUNTS
from salesdesk.pipeline.choices import StageKind
from salesdesk.pipeline.models import LossReason, Stage
from salesdesk.pipeline.services import pipeline_default

TABLES = ("pipeline_opportunity", "pipeline_stagechange")
OPPORTUNITY_COLUMNS = (
    "id", "created_at", "updated_at", "version", "name", "stage_entered_at", "amount", "currency",
    "probability", "expected_close", "closed_on", "is_shared", "source", "loss_note", "notes", "account_id",
    "contact_id", "loss_reason_id", "owner_id", "teed_up_by_id", "pipeline_id", "stage_id",
)  # fmt: skip
CHANGE_COLUMNS = (
    "id", "changed_at", "seconds_in_previous", "changed_by_id", "from_stage_id", "opportunity_id",
    "to_stage_id",
)  # fmt: skip
SOURCES = ("referral", "existing_customer", "trade_show", "web_form")
# Units of each currency per euro; amounts are rounded to 100 units (1,000 yuan).
RATES = {"EUR": 1.0, "USD": 1.08, "GBP": 0.86, "CNY": 7.8, "BGN": 1.95583}
PER_CHUNK = 20_000


@dataclass(frozen=True)
class PipelineStages:
    pipeline_id: int
    open: list[int]
    won: int
    lost: int


def pipeline_stages(ctx: BulkContext) -> PipelineStages:
    pipeline = pipeline_default(business_unit=ctx.unit)
    stages = list(Stage.objects.filter(pipeline=pipeline).order_by("position"))
    return PipelineStages(
        pipeline.pk,
        [stage.pk for stage in stages if stage.kind == StageKind.OPEN],
        next(stage.pk for stage in stages if stage.kind == StageKind.WON),
        next(stage.pk for stage in stages if stage.kind == StageKind.LOST),
    )


def load_opportunities(ctx: BulkContext, cursor: Any, advance: Advance) -> dict[str, int]:
    counts = {"opportunities": 0, "stage changes": 0}
    first_change = next_id(cursor, TABLES[1])
    stages = pipeline_stages(ctx)
    reasons = list(LossReason.objects.order_by("pk").values_list("pk", flat=True))
    for deals, changes in opportunity_rows(ctx, stages, reasons, next_id(cursor, TABLES[0]), first_change):
        counts["opportunities"] += copy_chunks(cursor, TABLES[0], OPPORTUNITY_COLUMNS, [deals], advance)
        counts["stage changes"] += copy_chunks(cursor, TABLES[1], CHANGE_COLUMNS, [changes], uncounted)
    return counts


def opportunity_rows(
    ctx: BulkContext, stages: PipelineStages, reasons: list[int], first_id: int, first_change: int
) -> Iterator[tuple[list[str], list[str]]]:
    """(opportunities, their stage changes) in chunks, as lines of COPY text."""
    rng = ctx.rng("opportunities")
    day_text, reps, cultures = ctx.days.text, ctx.rep_ids, ctx.account_cultures
    accounts, per_account = ctx.sizes.accounts, ctx.sizes.contacts_per_account
    today = ctx.today.toordinal()
    first_close = today - 365 * ctx.sizes.years
    span = 365 * (ctx.sizes.years + 1)
    opens = stages.open
    deals: list[str] = []
    changes: list[str] = []
    change = first_change
    for pk in range(first_id, first_id + ctx.sizes.opportunities):
        index = rng.randrange(accounts)
        owner = reps[index % len(reps)]
        culture = CULTURES[cultures[index]]
        close = first_close + rng.randrange(span)
        fate = rng.random()
        if close < today - 14:
            kind = StageKind.WON if fate < 0.4 else StageKind.LOST if fate < 0.92 else StageKind.OPEN
        elif close < today + 90:
            kind = StageKind.WON if fate < 0.08 else StageKind.LOST if fate < 0.15 else StageKind.OPEN
        else:
            kind = StageKind.OPEN
        if kind == StageKind.OPEN:
            path = opens[: rng.randrange(len(opens)) + 1]
            last_day = today - rng.randrange(0, 30)
            closed_on = NULL
        else:
            reached = len(opens) if kind == StageKind.WON else rng.randint(1, len(opens))
            path = [*opens[:reached], stages.won if kind == StageKind.WON else stages.lost]
            last_day = min(today, close + rng.randint(-10, 10))
            closed_on = day_text[last_day]
        first_day = last_day - rng.randint(3 * len(path), 200)
        moments = sorted(
            [(first_day, rng.randrange(len(SLOTS)))]
            + [(rng.randint(first_day, last_day), rng.randrange(len(SLOTS))) for _stage in path[1:]]
        )
        previous_stage: object = NULL
        previous = moments[0]
        for stage, moment in zip(path, moments, strict=True):
            seconds = (moment[0] - previous[0]) * 86_400 + (moment[1] - previous[1]) * SLOT_SECONDS
            changes.append(
                f"{change}\t{day_text[moment[0]]} {SLOTS[moment[1]]}\t{seconds}\t{owner}\t{previous_stage}\t"
                f"{pk}\t{stage}\n"
            )
            change += 1
            previous_stage, previous = stage, moment
        currency = "EUR" if culture.country == "BG" and fate < 0.3 else culture.currency
        step = 1000 if currency == "CNY" else 100
        euros = rng.choice(EUR_AMOUNTS) * rng.randint(80, 130) // 100
        amount = max(1, round(euros * RATES[currency] / step)) * step
        created = f"{day_text[moments[0][0]]} {SLOTS[moments[0][1]]}"
        entered = f"{day_text[previous[0]]} {SLOTS[previous[1]]}"
        name = rng.choice(DEALS[culture.language]).format(year=day_text[close][:4])
        contact = (
            ctx.first_contact_id + index * per_account + rng.randrange(per_account) if per_account else NULL
        )
        reason = rng.choice(reasons) if kind == StageKind.LOST and reasons else NULL
        deals.append(
            f"{pk}\t{created}\t{entered}\t1\t{name}\t{entered}\t{amount}.00\t{currency}\t{NULL}\t"
            f"{day_text[close]}\t{closed_on}\tf\t{rng.choice(SOURCES)}\t\t\t{ctx.first_account_id + index}\t"
            f"{contact}\t{reason}\t{owner}\t{NULL}\t{stages.pipeline_id}\t{path[-1]}\n"
        )
        if len(deals) == PER_CHUNK:
            yield deals, changes
            deals, changes = [], []
    if deals:
        yield deals, changes
