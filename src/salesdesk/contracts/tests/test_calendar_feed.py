"""The personal calendar feed: a secret address any calendar app can subscribe to, revocable, holding
the ends of the person's contracts and the due dates of their deliverables as all-day events."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from salesdesk.conftest import Personas
from salesdesk.contracts.choices import DeliverableStatus
from salesdesk.contracts.tests.expiry_data import make_account, make_contract, make_deliverable
from salesdesk.core.calendar_feeds import calendar_feed_create, calendar_feed_revoke
from salesdesk.core.models import AuditEvent, CalendarFeed
from salesdesk.web import views_calendar


def _events(response: object) -> dict[str, object]:
    calendar = icalendar.Calendar.from_ical(response.content)  # type: ignore[attr-defined]
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_holds_the_owners_contract_end_as_an_all_day_event(personas: Personas) -> None:
    today = timezone.localdate()
    end = today + timedelta(days=40)
    mine = make_contract(
        personas.rep,
        end,
        account=make_account(personas.rep, "ООО «Ромашка»"),
        title="年度广告套餐 · Годовой пакет",
        value="12000",
        auto_renew=True,
        notice_days=30,
    )
    theirs = make_contract(personas.other_rep, end, title="Someone else's")
    _feed, secret = calendar_feed_create(owner=personas.rep)

    response = Client().get(f"/calendar/{secret}.ics")  # no sign-in: the secret is the key

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = _events(response)
    expiry = events[f"contract-{mine.pk}-end@127.0.0.1"]
    assert expiry.decoded("DTSTART") == end  # a date: an all-day event
    assert expiry.decoded("DTEND") == end + timedelta(days=1)
    assert str(expiry["SUMMARY"]) == "Contract ends: 年度广告套餐 · Годовой пакет (ООО «Ромашка»)"
    assert "€12,000.00" in str(expiry["DESCRIPTION"])
    assert "Renews automatically for 12 months" in str(expiry["DESCRIPTION"])
    assert str(expiry["URL"]).startswith("http://127.0.0.1:8000/")
    notice = events[f"contract-{mine.pk}-notice@127.0.0.1"]
    assert notice.decoded("DTSTART") == end - timedelta(days=30)
    assert {f"contract-{theirs.pk}-end@127.0.0.1", f"contract-{theirs.pk}-notice@127.0.0.1"}.isdisjoint(
        events
    )


def test_deliverables_due_are_in_the_feed_of_their_assignee_and_their_departments_staff(
    personas: Personas,
) -> None:
    today = timezone.localdate()
    contract = make_contract(personas.rep, today + timedelta(days=200))
    open_one = make_deliverable(contract, personas.design, today + timedelta(days=5), title="Banner live")
    assigned = make_deliverable(
        contract, personas.design, today + timedelta(days=6), title="Print ad", assignee=personas.rep
    )
    done = make_deliverable(
        contract, personas.design, today + timedelta(days=7), status=DeliverableStatus.DONE, title="Done"
    )
    _feed, staff_secret = calendar_feed_create(owner=personas.design_staff)
    _feed, rep_secret = calendar_feed_create(owner=personas.rep)

    staff_events = _events(Client().get(f"/calendar/{staff_secret}.ics"))
    rep_events = _events(Client().get(f"/calendar/{rep_secret}.ics"))

    staff_due = {uid for uid in staff_events if uid.startswith("deliverable-")}
    assert staff_due == {
        f"deliverable-{open_one.pk}-due@127.0.0.1",
        f"deliverable-{assigned.pk}-due@127.0.0.1",
    }
    assert f"deliverable-{done.pk}-due@127.0.0.1" not in staff_events
    event = staff_events[f"deliverable-{open_one.pk}-due@127.0.0.1"]
    assert event.decoded("DTSTART") == today + timedelta(days=5)
    assert str(event["SUMMARY"]) == "Due: Banner live (Müller & Söhne GmbH)"
    assert {uid for uid in rep_events if uid.startswith("deliverable-")} == {
        f"deliverable-{assigned.pk}-due@127.0.0.1"
    }


def test_only_a_hash_of_the_secret_is_stored(personas: Personas) -> None:
    feed, secret = calendar_feed_create(owner=personas.rep)

    stored = CalendarFeed.objects.filter(pk=feed.pk).values().get()

    assert stored["token_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert all(secret not in str(value) for value in stored.values())
    assert len(secret) >= 40
    assert AuditEvent.objects.filter(verb="calendar_feed.create", object_id=str(feed.pk)).exists()


def test_a_revoked_feed_and_an_unknown_secret_answer_404(personas: Personas) -> None:
    feed, secret = calendar_feed_create(owner=personas.rep)
    assert Client().get(f"/calendar/{secret}.ics").status_code == 200

    calendar_feed_revoke(feed=feed, revoked_by=personas.rep)

    assert Client().get(f"/calendar/{secret}.ics").status_code == 404
    assert Client().get(f"/calendar/{'x' * 43}.ics").status_code == 404
    assert Client().get("/calendar/short.ics").status_code == 404


def test_a_feed_of_someone_who_left_answers_404(personas: Personas) -> None:
    _feed, secret = calendar_feed_create(owner=personas.rep)
    personas.rep.is_active = False
    personas.rep.save()

    assert Client().get(f"/calendar/{secret}.ics").status_code == 404


def test_reading_the_feed_notes_when_it_was_last_read(personas: Personas) -> None:
    feed, secret = calendar_feed_create(owner=personas.rep)
    assert feed.last_used_at is None

    Client().get(f"/calendar/{secret}.ics")

    feed.refresh_from_db()
    assert feed.last_used_at is not None


def test_a_client_polling_far_too_often_is_told_to_wait(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views_calendar, "FEED_READS_PER_WINDOW", 2)
    _feed, secret = calendar_feed_create(owner=personas.rep)
    client = Client()

    codes = [client.get(f"/calendar/{secret}.ics").status_code for _ in range(3)]

    assert codes == [200, 200, 429]


def test_the_page_creates_a_feed_shows_its_address_once_and_revokes_it(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.rep)

    created = client.post("/profile/calendar/")
    later = client.get("/profile/calendar/")

    assert created.status_code == 200
    feed = CalendarFeed.objects.get(owner=personas.rep)
    marker = 'data-testid="feed-url">'
    url = created.text.split(marker, 1)[1].split("<", 1)[0]
    assert url.startswith("http://testserver/calendar/")
    assert url.endswith(".ics")
    assert marker not in later.text
    assert Client().get(url.removeprefix("http://testserver")).status_code == 200

    revoked = client.post(f"/profile/calendar/{feed.pk}/revoke/")

    assert revoked.status_code == 302
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    assert Client().get(url.removeprefix("http://testserver")).status_code == 404


def test_nobody_can_revoke_someone_elses_feed(personas: Personas) -> None:
    feed, _secret = calendar_feed_create(owner=personas.rep)
    client = Client()
    client.force_login(personas.admin)

    response = client.post(f"/profile/calendar/{feed.pk}/revoke/")

    assert response.status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is None


def test_the_profile_links_to_the_calendar_feed(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.rep)

    assert 'href="/profile/calendar/"' in client.get("/profile/").text


def test_a_past_expiry_within_the_window_stays_in_the_feed(personas: Personas) -> None:
    ended = make_contract(personas.rep, date.today() - timedelta(days=10))
    _feed, secret = calendar_feed_create(owner=personas.rep)

    assert f"contract-{ended.pk}-end@127.0.0.1" in _events(Client().get(f"/calendar/{secret}.ics"))
