"""Demo activities (done and planned) and upkeep cadences."""

from __future__ import annotations

import random
from datetime import date
from typing import TYPE_CHECKING

from salesdesk.customers.choices import (
    ActivityKind,
    ActivityStatus,
    CadenceKind,
    CallOutcome,
)
from salesdesk.customers.models import Account, Activity, CadenceRule, Contact, Segment
from salesdesk.demo.customers.common import (
    moment_at,
)
from salesdesk.demo.customers.data import (
    AGENCIES,
    BATCH,
    KEY_ACCOUNT,
)

if TYPE_CHECKING:
    from salesdesk.demo.services import DemoContext


SUBJECTS: dict[str, dict[str, tuple[str, ...]]] = {
    "de": {
        ActivityKind.CALL: ("Nachfassen zum Angebot", "Erstanruf", "Termin für die Messe abstimmen"),
        ActivityKind.MEETING: ("Jahresgespräch", "Präsentation der Kampagne"),
        ActivityKind.EMAIL: ("Angebot geschickt", "Unterlagen zur Messe"),
        ActivityKind.NOTE: ("Budget für nächstes Jahr wird im März freigegeben",),
        ActivityKind.VISIT: ("Besuch vor Ort",),
        ActivityKind.GIFT: ("Weinpräsent zu Weihnachten",),
        ActivityKind.DINNER: ("Abendessen mit der Geschäftsführung",),
    },
    "it": {
        ActivityKind.CALL: ("Richiamare per l'offerta", "Primo contatto", "Confermare lo stand in fiera"),
        ActivityKind.MEETING: ("Riunione annuale", "Presentazione della campagna"),
        ActivityKind.EMAIL: ("Offerta inviata", "Materiale per la fiera"),
        ActivityKind.NOTE: ("Il budget viene approvato a marzo",),
        ActivityKind.VISIT: ("Visita in sede",),
        ActivityKind.GIFT: ("Panettone e spumante per Natale",),
        ActivityKind.DINNER: ("Cena con la direzione",),
    },
    "zh-hans": {
        ActivityKind.CALL: ("电话跟进报价", "首次联系", "确认展会时间"),
        ActivityKind.MEETING: ("年度会谈", "广告方案演示"),
        ActivityKind.EMAIL: ("已发送报价", "展会资料"),
        ActivityKind.NOTE: ("明年预算三月审批",),
        ActivityKind.VISIT: ("上门拜访",),
        ActivityKind.GIFT: ("春节礼品",),
        ActivityKind.DINNER: ("与总经理晚宴",),
    },
    "bg": {
        ActivityKind.CALL: ("Обаждане за офертата", "Първо обаждане", "Потвърждаване на щанда"),
        ActivityKind.MEETING: ("Годишна среща", "Представяне на кампанията"),
        ActivityKind.EMAIL: ("Изпратена оферта", "Материали за изложението"),
        ActivityKind.NOTE: ("Бюджетът се одобрява през март",),
        ActivityKind.VISIT: ("Посещение в офиса",),
        ActivityKind.GIFT: ("Коледен подарък",),
        ActivityKind.DINNER: ("Вечеря с управителя",),
    },
    "en": {
        ActivityKind.CALL: (
            "Follow-up call about the proposal",
            "First call",
            "Confirm the trade show dates",
        ),
        ActivityKind.MEETING: ("Annual review", "Campaign presentation"),
        ActivityKind.EMAIL: ("Proposal sent", "Trade show material"),
        ActivityKind.NOTE: ("Next year's budget is approved in March",),
        ActivityKind.VISIT: ("Visit at their office",),
        ActivityKind.GIFT: ("Christmas hamper",),
        ActivityKind.DINNER: ("Dinner with the managing director",),
    },
}
KIND_WEIGHTS = {
    ActivityKind.CALL: 40,
    ActivityKind.EMAIL: 15,
    ActivityKind.MEETING: 15,
    ActivityKind.NOTE: 10,
    ActivityKind.VISIT: 8,
    ActivityKind.GIFT: 5,
    ActivityKind.DINNER: 7,
}
DONE_OUTCOMES = (
    CallOutcome.REACHED,
    CallOutcome.REACHED,
    CallOutcome.REACHED,
    CallOutcome.NO_ANSWER,
    CallOutcome.VOICEMAIL,
    CallOutcome.CALL_BACK,
    CallOutcome.BUSY,
)
DURATIONS: dict[str, tuple[int, int]] = {
    ActivityKind.CALL: (3, 30),
    ActivityKind.MEETING: (30, 120),
    ActivityKind.VISIT: (45, 180),
}


def _activity(
    rng: random.Random, *, account: Account, contact: Contact | None, kind: str, days_ago: int
) -> Activity:
    planned = days_ago < 0 or (
        days_ago < 10 and kind in (ActivityKind.CALL, ActivityKind.MEETING) and rng.random() < 0.3
    )
    moment = moment_at(rng, days_ago)
    low_high = DURATIONS.get(kind)
    return Activity(
        kind=kind,
        subject=rng.choice(SUBJECTS.get(account.language, SUBJECTS["en"])[kind]),
        status=ActivityStatus.PLANNED if planned else ActivityStatus.DONE,
        planned_for=moment if planned else None,
        occurred_at=None if planned else moment,
        duration_minutes=rng.randint(*low_high) if low_high and not planned else None,
        outcome=rng.choice(DONE_OUTCOMES) if kind == ActivityKind.CALL and not planned else "",
        owner=account.owner,
        account=account,
        contact=contact,
    )


def demo_activities(ctx: DemoContext) -> None:
    """Calls, meetings, visits, gifts and dinners done over the last year and planned for the next month;
    upkeep cadences: holiday greetings for key accounts, agency calls every 30 days, a yearly dinner."""
    rng = ctx.rng
    accounts = list(Account.objects.select_related("owner").order_by("pk"))
    accounts = [account for account in accounts if account.notes == ""] or accounts
    contacts: dict[int, list[Contact]] = {}
    for contact in Contact.objects.filter(account__in=accounts).order_by("pk"):
        contacts.setdefault(contact.account_id, []).append(contact)  # type: ignore[arg-type]
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    activities = []
    for account in accounts:
        people = contacts.get(account.pk, [])
        for _n in range(rng.randint(3, 7)):
            kind = rng.choices(kinds, weights=weights)[0]
            days_ago = (
                rng.randint(-30, 330)
                if kind in (ActivityKind.CALL, ActivityKind.MEETING)
                else rng.randint(1, 330)
            )
            activities.append(
                _activity(
                    rng,
                    account=account,
                    contact=rng.choice(people) if people else None,
                    kind=kind,
                    days_ago=days_ago,
                )
            )
    Activity.objects.bulk_create(activities, batch_size=BATCH)
    _cadences(ctx, accounts, contacts)
    if ctx.scale == "small":
        # The look-alike accounts wait in the coordinator's duplicate review, as after a nightly scan.
        # The bulk accounts of the other scales repeat names, so there the scan is left to a person.
        from salesdesk.customers.dedupe import duplicates_scan

        duplicates_scan()


def _cadences(ctx: DemoContext, accounts: list[Account], contacts: dict[int, list[Contact]]) -> None:
    rng, unit = ctx.rng, ctx.business_unit
    segments = {segment.name: segment for segment in Segment.objects.filter(business_unit=unit)}
    CadenceRule.objects.create(
        business_unit=unit,
        name="Holiday greetings for key accounts",
        kind=CadenceKind.HOLIDAY_GREETING,
        segment=segments[KEY_ACCOUNT],
        lead_days=14,
    )
    calls = CadenceRule.objects.create(
        business_unit=unit,
        name="Call the agencies every 30 days",
        kind=CadenceKind.PERIODIC_CALL,
        segment=segments[AGENCIES],
        interval_days=30,
        lead_days=5,
    )
    italian = [a for a in accounts if a.country == "IT" and a.parent_id is None] or accounts
    dinner_account = italian[0]
    dinner = CadenceRule.objects.create(
        business_unit=unit,
        name=f"Yearly dinner with {dinner_account.name}",
        kind=CadenceKind.YEARLY_DINNER,
        account=dinner_account,
        month=11,
        day=20,
        lead_days=21,
    )
    chinese = [a for a in accounts if a.country == "CN"] or accounts
    CadenceRule.objects.create(
        business_unit=unit,
        name=f"Gift before the Spring Festival: {chinese[0].name}",
        kind=CadenceKind.YEARLY_GIFT,
        account=chinese[0],
        month=1,
        day=15,
        lead_days=30,
    )
    # The last call of each agency: some more than 30 days ago, so their upkeep is overdue.
    agencies = [a for a in accounts if a.segments.filter(pk=segments[AGENCIES].pk).exists()]
    history = [
        _activity(
            rng,
            account=account,
            contact=next(iter(contacts.get(account.pk, [])), None),
            kind=ActivityKind.CALL,
            days_ago=rng.randint(10, 55),
        )
        for account in agencies
    ]
    history.append(
        _activity(
            rng,
            account=dinner_account,
            contact=next(iter(contacts.get(dinner_account.pk, [])), None),
            kind=ActivityKind.DINNER,
            days_ago=(ctx.today - date(ctx.today.year - 1, 11, 20)).days,
        )
    )
    for activity in history[:-1]:
        activity.cadence = calls
    history[-1].cadence = dinner
    Activity.objects.bulk_create(history)
