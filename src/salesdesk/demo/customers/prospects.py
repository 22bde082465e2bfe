"""Demo prospects: a funnel with the seed's large waste, a questionnaire, and conversions (A4)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from salesdesk.customers.choices import (
    ActivityKind,
    ActivityStatus,
    CallOutcome,
)
from salesdesk.customers.models import Activity
from salesdesk.customers.normalize import display_name
from salesdesk.customers.services import (
    account_create,
    contact_create,
)
from salesdesk.demo.customers.activities import SUBJECTS
from salesdesk.demo.customers.common import (
    company_name,
    moment_at,
    person_name,
    phone_number,
    record_history,
    users_of,
)
from salesdesk.demo.customers.data import (
    ADMIN,
    BATCH,
    COORDINATOR,
    COUNTRIES,
)
from salesdesk.demo.customers.pipeline import Deal, build_deal, save_deals
from salesdesk.org.models import User
from salesdesk.pipeline.choices import StageKind
from salesdesk.pipeline.services import pipeline_default
from salesdesk.prospects.choices import ProspectSource, ProspectStatus, QuestionKind
from salesdesk.prospects.models import Answer, Prospect, Question, Questionnaire

if TYPE_CHECKING:
    from salesdesk.demo.services import DemoContext


# (status, how many, how far down the funnel: 0 new, 1 attempted, 2 reached,
# 3 qualified, 4 teed up, 5 converted). About 400 attempted → 40 reached → 12 qualified → 8 teed up → 4
# converted: the waste the funnel report is there to show.
FUNNEL_PLAN = (
    (ProspectStatus.NEW, 20, 0),
    (ProspectStatus.ATTEMPTED, 340, 1),
    (ProspectStatus.DISQUALIFIED, 20, 1),
    (ProspectStatus.REACHED, 16, 2),
    (ProspectStatus.DISQUALIFIED, 12, 2),
    (ProspectStatus.QUALIFIED, 4, 3),
    (ProspectStatus.TEED_UP, 2, 4),
    (ProspectStatus.ACCEPTED, 1, 4),
    (ProspectStatus.SENT_BACK, 1, 4),
    (ProspectStatus.CONVERTED, 4, 5),
)
# Cold calls and mailings bring the volume; referrals and trade shows bring the customers.
SOURCE_WEIGHTS = {
    ProspectSource.COLD_CALL: (40, 10),
    ProspectSource.MAILING: (20, 5),
    ProspectSource.EMAIL: (15, 5),
    ProspectSource.ADVERT: (8, 10),
    ProspectSource.WEB_FORM: (7, 20),
    ProspectSource.TRADE_SHOW: (6, 25),
    ProspectSource.REFERRAL: (4, 25),
}
QUESTIONS: tuple[tuple[str, str, list[str], bool, int, str], ...] = (
    # (text, kind, choices, required, weight, answer that scores)
    ("Do they advertise at least once a year?", QuestionKind.YES_NO, [], True, 2, "yes"),
    ("Yearly marketing budget in euros", QuestionKind.NUMBER, [], True, 3, "20000"),
    (
        "Which channel matters most to them?",
        QuestionKind.CHOICE,
        ["print", "online", "events", "outdoor"],
        True,
        1,
        "events",
    ),
    ("Who decides on the purchase?", QuestionKind.TEXT, [], True, 1, ""),
    ("When do they plan their next campaign?", QuestionKind.DATE, [], False, 0, ""),
)
QUALIFYING_SCORE = 5
HANDOFF_NOTES = (
    "Budget confirmed for the spring fair; the decision maker prefers calls after 10:00.",
    "Wants a proposal for a booth and print adverts; met us at the trade show.",
    "Referred by an existing customer; expects a call this week.",
    "Unhappy with their current agency, contract ends in three months.",
)
SENT_BACK_REASONS = ("Budget only from next year: please call again in the third quarter.",)


def demo_prospects(ctx: DemoContext) -> None:
    """About 420 prospects from every source over the last 12 months, researched by the coordinator."""
    rng, users = ctx.rng, users_of(ctx)
    coordinator, admin = users[COORDINATOR], users[ADMIN]
    questionnaire = Questionnaire.objects.create(
        business_unit=ctx.business_unit,
        name="Qualification: media and events",
        qualifying_score=QUALIFYING_SCORE,
    )
    questions = Question.objects.bulk_create(
        Question(
            questionnaire=questionnaire,
            position=position,
            text=text,
            kind=kind,
            choices=choices,
            required=required,
            weight=weight,
            scoring_answer=scoring,
        )
        for position, (text, kind, choices, required, weight, scoring) in enumerate(QUESTIONS, start=1)
    )
    plan = [(status, depth) for status, count, depth in FUNNEL_PLAN for _n in range(count)]
    rng.shuffle(plan)
    prospects: list[Prospect] = []
    created: list[datetime] = []
    answers: list[tuple[int, list[str]]] = []
    calls: list[tuple[int, datetime, str]] = []
    for index, (status, depth) in enumerate(plan):
        country = COUNTRIES[rng.choices(range(len(COUNTRIES)), weights=[30, 25, 15, 15, 8, 7])[0]]
        company = company_name(rng, country, rng.choice(country.prefixes), rng.choice(country.sectors))
        first, last, local, _salutation = person_name(rng, country)
        sources = list(SOURCE_WEIGHTS)
        source = rng.choices(sources, weights=[SOURCE_WEIGHTS[s][depth >= 3] for s in sources])[0]
        start = rng.randint(1, 20) if depth == 0 else rng.randint(5 + 25 * depth, 360)
        if status == ProspectStatus.TEED_UP:  # still waiting for the rep: teed up in the last weeks
            start = rng.randint(30, 60)
        steps = [start]
        for _step in range(1, depth):
            steps.append(max(1, steps[-1] - rng.randint(2, 20)))
        stamps = sorted(moment_at(rng, days) for days in steps)
        rep_name = next((n for n in country.owners if n != COORDINATOR), "marco.bianchi")
        prospect = Prospect(
            company_name=company.name,
            contact_name=display_name(first, last),
            contact_title=rng.choice(country.titles),
            email=f"{local}@{company.slug}.{country.tld}",
            phone=phone_number(rng, country, mobile=rng.random() < 0.5, city=company.city)[0],
            website=f"https://www.{company.slug}.{country.tld}",
            country=country.code,
            language=country.language,
            source=source,
            status=status,
            owner=coordinator,
            assigned_rep=users[rep_name] if depth >= 4 else None,
            teed_up_by=coordinator if depth >= 4 else None,
            handoff_note=rng.choice(HANDOFF_NOTES) if depth >= 4 else "",
            sent_back_reason=SENT_BACK_REASONS[0] if status == ProspectStatus.SENT_BACK else "",
            attempted_at=stamps[0] if depth >= 1 else None,
            reached_at=stamps[1] if depth >= 2 else None,
            qualified_at=stamps[2] if depth >= 3 else None,
            teed_up_at=stamps[3] if depth >= 4 else None,
            converted_at=stamps[4] if depth >= 5 else None,
        )
        if depth >= 2 and (depth >= 3 or status == ProspectStatus.DISQUALIFIED or rng.random() < 0.5):
            values, score = _answers(rng, qualifies=depth >= 3, title=prospect.contact_title)
            prospect.questionnaire, prospect.score = questionnaire, score
            answers.append((index, values))
        prospects.append(prospect)
        created.append(moment_at(rng, start + rng.randint(0, 7)))
        if depth >= 1:
            missed = rng.choice(
                [CallOutcome.NO_ANSWER, CallOutcome.VOICEMAIL, CallOutcome.BUSY, CallOutcome.WRONG_NUMBER]
            )
            calls.append((index, stamps[0], missed if depth == 1 else CallOutcome.NO_ANSWER))
        if depth >= 2:
            calls.append((index, stamps[1], CallOutcome.REACHED))
    saved = Prospect.objects.bulk_create(prospects, batch_size=BATCH)
    for prospect, moment in zip(saved, created, strict=True):
        prospect.created_at = moment
    Prospect.objects.bulk_update(saved, ["created_at"], batch_size=BATCH)
    record_history(Prospect, saved, by=coordinator)
    Answer.objects.bulk_create(
        (
            Answer(prospect=saved[index], question=question, value=value, answered_by=coordinator)
            for index, values in answers
            for question, value in zip(questions, values, strict=True)
            if value
        ),
        batch_size=BATCH,
    )
    Activity.objects.bulk_create(
        (
            Activity(
                kind=ActivityKind.CALL,
                subject=SUBJECTS[saved[index].language][ActivityKind.CALL][1],
                status=ActivityStatus.DONE,
                occurred_at=moment,
                duration_minutes=1 if outcome != CallOutcome.REACHED else rng.randint(5, 25),
                outcome=outcome,
                owner=coordinator,
                prospect=saved[index],
            )
            for index, moment, outcome in calls
        ),
        batch_size=BATCH,
    )
    _conversions(ctx, admin, coordinator, [p for p in saved if p.status == ProspectStatus.CONVERTED])


def _answers(rng: random.Random, *, qualifies: bool, title: str) -> tuple[list[str], int]:
    """Answers to QUESTIONS and the score they earn; qualified prospects reach QUALIFYING_SCORE."""
    advertises = "yes" if qualifies or rng.random() < 0.4 else "no"
    budget = rng.randint(20, 150) * 1000 if qualifies else rng.randint(2, 19) * 1000
    channel = rng.choice(["print", "online", "events", "outdoor"])
    campaign = (
        (timezone.localdate() + timedelta(days=rng.randint(20, 200))).isoformat()
        if rng.random() < 0.7
        else ""
    )
    values = [advertises, str(budget), channel, title, campaign]
    score = 0
    for (_text, kind, _choices, _required, weight, scoring), value in zip(QUESTIONS, values, strict=True):
        if not value:
            continue
        if kind == QuestionKind.NUMBER:
            score += weight if int(value) >= int(scoring) else 0
        elif not scoring or value == scoring:
            score += weight
    return values, score


def _conversions(ctx: DemoContext, admin: User, coordinator: User, converted: list[Prospect]) -> None:
    """A4: each converted prospect's account, contact and opportunity carry who teed it up."""
    rng = ctx.rng
    stages = list(pipeline_default(business_unit=ctx.business_unit).stages.order_by("position"))
    deals: list[Deal] = []
    for prospect in converted:
        rep = prospect.assigned_rep
        # Both are set for every converted prospect by the plan above.
        assert rep is not None
        assert prospect.converted_at is not None
        account = account_create(
            created_by=admin,
            owner=rep,
            name=prospect.company_name,
            legal_name=prospect.company_name,
            website=prospect.website,
            country=prospect.country,
            language=prospect.language,
            customer_since=prospect.converted_at.date(),
            teed_up_by=coordinator,
        )
        first_last = prospect.contact_name
        contact = contact_create(
            created_by=admin,
            account=account,
            full_name=first_last,
            title=prospect.contact_title,
            language=prospect.language,
            country=prospect.country,
            emails=[prospect.email],
            phones=[prospect.phone],
            teed_up_by=coordinator,
        )
        days = (timezone.now() - prospect.converted_at).days
        target = rng.choice([stage for stage in stages if stage.kind != StageKind.LOST])
        deals.append(
            build_deal(
                rng,
                stages=stages,
                target=target,
                account=account,
                contact=contact,
                owner=rep,
                opened_days_ago=max(days, 1),
                source=prospect.source,
                teed_up_by=coordinator,
            )
        )
        prospect.converted_account, prospect.converted_contact = account, contact
    save_deals(deals)
    for prospect, deal in zip(converted, deals, strict=True):
        prospect.converted_opportunity = deal.opportunity
    Prospect.objects.bulk_update(
        converted, ["converted_account", "converted_contact", "converted_opportunity"]
    )
