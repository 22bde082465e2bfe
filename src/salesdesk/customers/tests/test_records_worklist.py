"""Planned activities go on their owner's worklist and can be completed from there."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from salesdesk.conftest import Personas
from salesdesk.customers.models import Activity
from salesdesk.customers.services import account_create, activity_plan, contact_create
from salesdesk.worklist.selectors import worklist_items

pytestmark = pytest.mark.django_db


def test_a_planned_activity_shows_on_the_owners_worklist_due_on_the_planned_day(personas: Personas) -> None:
    # given the manager plans a visit for the rep at the rep's contact, three days from now
    contact = contact_create(created_by=personas.rep, full_name="Anna Schmidt")
    day = timezone.localdate() + timedelta(days=3)
    activity = activity_plan(
        planned_by=personas.manager,
        owner=personas.rep,
        kind="visit",
        subject="Plant tour",
        planned_for=day,
        contact=contact,
    )
    # when the worklists are built
    rep_items = [
        item
        for item in worklist_items(user=personas.rep, today=timezone.localdate())
        if item.rule == "planned_activities"
    ]
    manager_items = [
        item
        for item in worklist_items(user=personas.manager, today=timezone.localdate())
        if item.rule == "planned_activities"
    ]
    # then the rep has it, due on the planned day, with a complete action; the manager does not
    assert [(item.key, item.title, item.due_on, item.detail, item.actions) for item in rep_items] == [
        (f"activity:{activity.pk}", "Visit: Plant tour", day, "Anna Schmidt", ("complete",))
    ]
    assert manager_items == []
    # and the worklist page shows it
    client = Client()
    client.force_login(personas.rep)
    assert "Visit: Plant tour" in client.get("/").content.decode()


def test_completing_a_planned_activity_from_the_worklist(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme")
    activity = activity_plan(
        planned_by=personas.rep,
        kind="call",
        subject="Follow up",
        planned_for=date(2020, 1, 2),
        account=account,
    )
    client = Client()
    client.force_login(personas.rep)
    # the worklist posts "complete" to the item's address + "status/", as htmx
    response = client.post(
        f"/activities/{activity.pk}/status/",
        {"action": "complete", "next": "/"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Done" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == "done"
    assert [
        item
        for item in worklist_items(user=personas.rep, today=timezone.localdate())
        if item.rule == "planned_activities"
    ] == []


def test_someone_outside_scope_cannot_complete_or_see_a_planned_activity(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme")
    activity = activity_plan(
        planned_by=personas.rep,
        kind="call",
        subject="Follow up",
        planned_for=date(2030, 1, 2),
        account=account,
    )
    for persona in (personas.other_rep, personas.outsider):
        client = Client()
        client.force_login(persona)
        assert client.get(f"/activities/{activity.pk}/").status_code == 404
        assert client.post(f"/activities/{activity.pk}/status/", {"action": "complete"}).status_code == 404
    assert Activity.objects.get().status == "planned"


def test_planning_from_the_account_page(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme")
    client = Client()
    client.force_login(personas.rep)
    response = client.post(
        f"/accounts/{account.pk}/activities/",
        {"kind": "dinner", "subject": "Year-end dinner", "planned_for": "2030-12-15"},
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.status, activity.owner, timezone.localdate(activity.planned_for)) == (
        "planned",
        personas.rep,
        date(2030, 12, 15),
    )
