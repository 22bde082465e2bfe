"""Upkeep cadences: what is due when, done items, the manager's overdue view, and the pages and API."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from salesdesk.conftest import Personas
from salesdesk.customers.cadences import cadence_create, overdue_upkeep, upkeep_for, upkeep_items
from salesdesk.customers.choices import ActivityKind, CadenceKind
from salesdesk.customers.models import Account, Activity, CadenceRule, Segment
from salesdesk.customers.rules_cadences import UpkeepRule
from salesdesk.customers.services import account_create, activity_log, contact_create
from salesdesk.org.models import User

pytestmark = pytest.mark.django_db


def _account(
    owner: User, name: str, *, country: str = "", contact_country: str = "", segment: Segment | None = None
) -> Account:
    account = account_create(created_by=owner, name=name, country=country)
    if contact_country:
        contact_create(
            created_by=owner, full_name=f"Contact of {name}", account=account, country=contact_country
        )
    if segment is not None:
        account.segments.add(segment)
    return account


def _due(user: User, day: date) -> list[tuple[str, date]]:
    return [(item.title(), item.due_on) for item in upkeep_for(user=user, today=day)]


@pytest.fixture
def key_accounts(personas: Personas) -> Segment:
    return Segment.objects.create(business_unit=personas.unit, name="Key accounts")


def _greetings(personas: Personas, segment: Segment, lead_days: int) -> CadenceRule:
    return cadence_create(
        created_by=personas.coordinator,
        name="Holiday greetings",
        kind=CadenceKind.HOLIDAY_GREETING,
        segment=segment,
        lead_days=lead_days,
    )


def test_chinese_new_year_greeting_shows_lead_days_ahead(personas: Personas, key_accounts: Segment) -> None:
    # Given a CN contact at a key account and greetings 10 days ahead
    _account(personas.rep, "Shanghai Trading", contact_country="CN", segment=key_accounts)
    _greetings(personas, key_accounts, lead_days=10)
    item = ("Send Shanghai Trading greetings for Chinese New Year (Spring Festival)", date(2027, 2, 6))
    # Then it shows on 28 January 2027, not on 20 January
    assert item in _due(personas.rep, date(2027, 1, 28))
    assert item not in _due(personas.rep, date(2027, 1, 20))


def test_christmas_greetings_for_german_italian_and_bulgarian_accounts(
    personas: Personas, key_accounts: Segment
) -> None:
    for name, country in (("Berlin GmbH", "DE"), ("Roma S.r.l.", "IT"), ("Sofia OOD", "BG")):
        _account(personas.rep, name, country=country, segment=key_accounts)
    _greetings(personas, key_accounts, lead_days=14)
    due = _due(personas.rep, date(2026, 12, 15))
    for name in ("Berlin GmbH", "Roma S.r.l.", "Sofia OOD"):
        assert (f"Send {name} greetings for Christmas Day", date(2026, 12, 25)) in due
    # one item per account and holiday, whatever the calendar's extra days (Christmas Eve, Boxing Day)
    assert sum("Sofia OOD" in title for title, _day in due) == 1


def test_bulgarian_liberation_day(personas: Personas, key_accounts: Segment) -> None:
    _account(personas.rep, "Plovdiv AD", contact_country="BG", segment=key_accounts)
    _greetings(personas, key_accounts, lead_days=7)
    assert _due(personas.rep, date(2027, 2, 25)) == [
        ("Send Plovdiv AD greetings for Liberation Day", date(2027, 3, 3))
    ]


def test_a_logged_greeting_makes_the_item_disappear(personas: Personas, key_accounts: Segment) -> None:
    account = _account(personas.rep, "Shanghai Trading", contact_country="CN", segment=key_accounts)
    rule = _greetings(personas, key_accounts, lead_days=10)
    activity_log(
        logged_by=personas.rep,
        kind=ActivityKind.GREETING,
        subject="新年快乐",
        account=account,
        cadence=rule,
        occurred_at=date(2027, 1, 30),
    )
    assert not [title for title, _day in _due(personas.rep, date(2027, 2, 1)) if "Chinese New Year" in title]


def test_periodic_call_every_30_days(personas: Personas) -> None:
    # Given an account last called on 1 May 2026 and a call every 30 days, 3 days ahead
    account = _account(personas.rep, "Callme Ltd")
    cadence_create(
        created_by=personas.coordinator,
        name="Monthly call",
        kind=CadenceKind.PERIODIC_CALL,
        account=account,
        interval_days=30,
        lead_days=3,
    )
    activity_log(
        logged_by=personas.rep,
        kind=ActivityKind.CALL,
        subject="Catch-up",
        account=account,
        occurred_at=date(2026, 5, 1),
    )
    # Then it is due on 31 May, on the list from 28 May, overdue after
    assert _due(personas.rep, date(2026, 5, 27)) == []
    assert _due(personas.rep, date(2026, 5, 28)) == [("Call Callme Ltd", date(2026, 5, 31))]
    [item] = upkeep_for(user=personas.rep, today=date(2026, 6, 5))
    assert item.is_overdue(date(2026, 6, 5))
    # When a call is logged, the next one is due 30 days later
    activity_log(
        logged_by=personas.rep,
        kind=ActivityKind.CALL,
        subject="Called",
        account=account,
        occurred_at=date(2026, 6, 2),
    )
    assert _due(personas.rep, date(2026, 6, 5)) == []
    assert _due(personas.rep, date(2026, 6, 29)) == [("Call Callme Ltd", date(2026, 7, 2))]


def test_yearly_dinner_on_its_day(personas: Personas) -> None:
    account = _account(personas.rep, "Dinner AG")
    cadence_create(
        created_by=personas.manager,
        name="Dinner",
        kind=CadenceKind.YEARLY_DINNER,
        account=account,
        month=11,
        day=20,
        lead_days=14,
    )
    assert _due(personas.rep, date(2026, 11, 6)) == [
        ("Take Dinner AG to the yearly dinner", date(2026, 11, 20))
    ]
    assert _due(personas.rep, date(2026, 11, 5)) == []


def test_manager_sees_the_overdue_item_of_a_report_and_reps_only_their_own(personas: Personas) -> None:
    mine = _account(personas.rep, "Rep Account")
    theirs = _account(personas.other_rep, "Other Account")
    for account in (mine, theirs):
        cadence_create(
            created_by=personas.coordinator,
            name="Gift",
            kind=CadenceKind.YEARLY_GIFT,
            account=account,
            month=3,
            day=1,
            lead_days=5,
        )
    today = date(2026, 3, 10)
    assert [item.account_name for item in overdue_upkeep(manager=personas.manager, today=today)] == [
        "Other Account",
        "Rep Account",
    ]
    assert [item.account_name for item in upkeep_for(user=personas.rep, today=today)] == ["Rep Account"]
    assert upkeep_for(user=personas.outsider, today=today) == []


def test_computing_upkeep_takes_the_same_queries_for_1_and_20_accounts(
    personas: Personas, key_accounts: Segment
) -> None:
    _greetings(personas, key_accounts, lead_days=14)
    _account(personas.rep, "Account 0", contact_country="DE", segment=key_accounts)
    personas.rep.roles  # noqa: B018 - cached once, like in a request
    with CaptureQueriesContext(connection) as one:
        assert len(upkeep_items(owners=[personas.rep], today=date(2026, 12, 15))) == 1
    for number in range(1, 20):
        _account(personas.rep, f"Account {number}", contact_country="DE", segment=key_accounts)
    with CaptureQueriesContext(connection) as twenty:
        assert len(upkeep_items(owners=[personas.rep], today=date(2026, 12, 15))) == 20
    assert len(twenty) == len(one)


def test_the_worklist_rule_puts_due_upkeep_with_a_log_it_link(
    personas: Personas, key_accounts: Segment
) -> None:
    account = _account(personas.rep, "Shanghai Trading", contact_country="CN", segment=key_accounts)
    rule = _greetings(personas, key_accounts, lead_days=10)
    items = [
        item
        for item in UpkeepRule().items(user=personas.rep, today=date(2027, 1, 28))
        if "Chinese" in item.title
    ]
    assert [(item.title, item.due_on, item.actions) for item in items] == [
        ("Send Shanghai Trading greetings for Chinese New Year (Spring Festival)", date(2027, 2, 6), ("log",))
    ]
    assert items[0].url == f"/upkeep/log/?rule={rule.pk}&account={account.pk}&due=2027-02-06"
    assert list(UpkeepRule().items(user=personas.other_rep, today=date(2027, 1, 28))) == []


def test_logging_through_the_log_it_page_marks_the_item_done(personas: Personas, client: Client) -> None:
    account = _account(personas.rep, "Callme Ltd")
    rule = cadence_create(
        created_by=personas.coordinator,
        name="Monthly call",
        kind=CadenceKind.PERIODIC_CALL,
        account=account,
        interval_days=30,
    )
    client.force_login(personas.rep)
    url = reverse("customers:upkeep-log")
    params = {"rule": rule.pk, "account": account.pk, "due": "2026-05-31"}
    assert client.get(url, params).status_code == 200
    response = client.post(url, {**params, "subject": "Called", "occurred_on": "2026-06-01", "notes": ""})
    assert response.status_code == 302
    activity = Activity.objects.get(account=account)
    assert (activity.kind, activity.cadence_id, activity.owner_id) == (
        ActivityKind.CALL,
        rule.pk,
        personas.rep.pk,
    )


def test_the_log_it_page_is_404_for_someone_elses_account(personas: Personas, client: Client) -> None:
    account = _account(personas.other_rep, "Not yours")
    rule = cadence_create(
        created_by=personas.coordinator,
        name="Call",
        kind=CadenceKind.PERIODIC_CALL,
        account=account,
        interval_days=30,
    )
    client.force_login(personas.rep)
    response = client.get(
        reverse("customers:upkeep-log"), {"rule": rule.pk, "account": account.pk, "due": "2026-05-31"}
    )
    assert response.status_code == 404
