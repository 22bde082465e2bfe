"""The timeline of an account or contact: every provider's entries, newest first, scoped, paginated."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from salesdesk.conftest import Personas
from salesdesk.customers import timeline
from salesdesk.customers.models import Account, Contact
from salesdesk.customers.services import (
    account_create,
    account_update,
    activity_log,
    activity_plan,
    contact_create,
)
from salesdesk.org.models import User
from salesdesk.pipeline.models import Stage
from salesdesk.pipeline.services import opportunity_create, opportunity_move
from salesdesk.worklist.services import task_create

pytestmark = pytest.mark.django_db


def _at(day: int) -> datetime:
    return datetime(2026, 1, day, 10, 0, tzinfo=UTC)


def test_the_account_timeline_merges_every_provider_newest_first(personas: Personas) -> None:
    # given an account with a contact, two past activities, an opportunity moved once, a task and a rename
    account = account_create(created_by=personas.rep, name="Acme GmbH")
    contact = contact_create(created_by=personas.rep, full_name="Anna Schmidt", account=account)
    activity_log(
        logged_by=personas.rep, kind="call", subject="First call", account=account, occurred_at=_at(5)
    )
    activity_log(
        logged_by=personas.rep,
        kind="meeting",
        subject="Demo",
        contact=contact,
        occurred_at=_at(12),
        outcome="reached",
    )
    opportunity = opportunity_create(
        created_by=personas.rep, account=account, name="Presses 2026", expected_close=date(2026, 6, 30)
    )
    second = Stage.objects.filter(pipeline=opportunity.pipeline, kind="open").order_by("position")[1]
    opportunity_move(opportunity=opportunity, stage=second, moved_by=personas.rep)
    task_create(created_by=personas.rep, title="Send the offer", subject=account)
    account_update(account=account, changed_by=personas.manager, expected_version=1, name="Acme AG")

    # when the rep reads the account's timeline
    entries = timeline.timeline(user=personas.rep, record=account)

    # then the newest come first and the old activities (January) come last, oldest at the bottom
    assert [(entry.kind, entry.title) for entry in entries] == [
        ("change", "Changed"),
        ("task", "Task: Send the offer"),
        ("stage", f"Presses 2026 moved to {second.name}"),
        ("opportunity", "Opportunity opened: Presses 2026"),
        ("change", "Created"),
        ("activity", "Meeting: Demo"),
        ("activity", "Call: First call"),
    ]
    assert entries[0].detail == "Name: Acme GmbH → Acme AG"
    assert entries[0].who == personas.manager
    assert entries[5].detail == "Reached · Anna Schmidt"
    assert [entry.when for entry in entries] == sorted((entry.when for entry in entries), reverse=True)
    # and a German reader reads the default stage's name in German too
    with translation.override("de"):
        entries = timeline.timeline(user=personas.rep, record=account)
        german = next(entry.title for entry in entries if entry.kind == "stage")
        assert second.label != second.name
        assert german == f"Presses 2026 in {second.label} verschoben"


def test_the_contact_timeline_holds_only_the_contacts_own_entries(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme GmbH")
    contact = contact_create(created_by=personas.rep, full_name="Anna Schmidt", account=account)
    activity_log(
        logged_by=personas.rep, kind="call", subject="Account call", account=account, occurred_at=_at(5)
    )
    activity_log(
        logged_by=personas.rep, kind="email", subject="Hello Anna", contact=contact, occurred_at=_at(6)
    )
    titles = [entry.title for entry in timeline.timeline(user=personas.rep, record=contact)]
    assert titles == ["Created", "E-mail: Hello Anna"]


def test_a_later_capability_adds_entries_through_its_own_provider(personas: Personas) -> None:
    class OrdersProvider:
        name = "test_orders"

        def entries(
            self, *, user: User, record: Account | Contact, newest: int | None
        ) -> Iterator[timeline.TimelineEntry]:
            yield timeline.TimelineEntry(when=_at(1), kind="order", title="Order 1001")

    account = account_create(created_by=personas.rep, name="Acme GmbH")
    timeline.register_provider(OrdersProvider())
    try:
        assert timeline.timeline(user=personas.rep, record=account)[-1].title == "Order 1001"
    finally:
        timeline._providers.pop("test_orders")


def test_the_timeline_is_paginated_on_the_page_with_a_constant_query_count(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme GmbH")
    client = Client()
    client.force_login(personas.rep)
    activity_log(logged_by=personas.rep, kind="note", subject="Note 0", account=account, occurred_at=_at(1))
    with CaptureQueriesContext(connection) as one:
        client.get(f"/accounts/{account.pk}/timeline/")
    for number in range(1, 30):
        activity_log(
            logged_by=personas.rep, kind="note", subject=f"Note {number}", account=account, occurred_at=_at(1)
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/accounts/{account.pk}/timeline/")
    assert len(one) == len(many)
    body = response.content.decode()
    assert "Page 1" in body
    assert 'rel="next"' in body
    assert body.count('class="timeline-activity"') == 24  # 25 a page, one is the account's creation
    assert (
        client.get(f"/accounts/{account.pk}/timeline/", {"page": 2})
        .content.decode()
        .count('class="timeline-activity"')
        == 6
    )


def test_a_shared_accounts_timeline_shows_its_activities_to_colleagues(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme GmbH", is_shared=True)
    activity_log(
        logged_by=personas.rep, kind="call", subject="Visible call", account=account, occurred_at=_at(3)
    )
    titles = [entry.title for entry in timeline.timeline(user=personas.other_rep, record=account)]
    assert "Call: Visible call" in titles
    assert Client().get(f"/accounts/{account.pk}/timeline/").status_code == 302


def test_a_page_of_the_timeline_reads_only_the_newest_entries_yet_shows_what_the_whole_would(
    personas: Personas,
) -> None:
    # given an account whose sources interleave in time: calls done and planned, tasks, a deal and its
    # moves, and renames (each at its own moment, so the order is unambiguous)
    account = account_create(created_by=personas.rep, name="Acme GmbH")
    contact = contact_create(created_by=personas.rep, full_name="Anna Schmidt", account=account)
    for day in range(1, 28):
        activity_log(
            logged_by=personas.rep,
            kind="call",
            subject=f"Call {day}",
            account=account if day % 2 else None,
            contact=None if day % 2 else contact,
            occurred_at=datetime(2026, 1, day, 9, 0, tzinfo=UTC),
        )
    for day in range(1, 12):
        activity_plan(
            planned_by=personas.rep,
            kind="meeting",
            subject=f"Planned {day}",
            account=account,
            planned_for=datetime(2026, 2, day, 9, 0, tzinfo=UTC),
        )
        task_create(created_by=personas.rep, title=f"Task {day}", subject=account)
    opportunity = opportunity_create(
        created_by=personas.rep, account=account, name="Presses 2026", expected_close=date(2026, 6, 30)
    )
    for stage in Stage.objects.filter(pipeline=opportunity.pipeline, kind="open").order_by("position")[1:]:
        opportunity_move(opportunity=opportunity, stage=stage, moved_by=personas.rep)
    for version in range(1, 6):
        account_update(
            account=account, changed_by=personas.rep, expected_version=version, name=f"Acme {version}"
        )
    everything = [(e.when, e.kind, e.title) for e in timeline.timeline(user=personas.rep, record=account)]
    assert len(everything) > 2 * timeline.PAGE_SIZE

    # when only the newest N are asked for, then they are exactly the first N of the whole timeline
    for newest in (1, 7, 26, 51, len(everything) + 5):
        limited = timeline.timeline(user=personas.rep, record=account, newest=newest)
        assert [(e.when, e.kind, e.title) for e in limited] == everything[:newest]

    # and the pages hold the whole timeline, each once, with a last page that has no next
    shown = []
    number = 1
    while True:
        page = timeline.timeline_page(user=personas.rep, record=account, page=number)
        shown += [(e.when, e.kind, e.title) for e in page]
        if not page.has_next:
            break
        number += 1
    assert shown == everything
    past_the_end = timeline.timeline_page(user=personas.rep, record=account, page=number + 3)
    assert past_the_end.number == number
