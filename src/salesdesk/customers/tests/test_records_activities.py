"""Activities: logging, planning, completing, and what a call outcome says about a phone number."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from salesdesk.conftest import Personas
from salesdesk.customers.models import Activity, ContactPoint
from salesdesk.customers.services import (
    account_create,
    activity_complete,
    activity_log,
    activity_plan,
    contact_create,
    contact_point_add,
)

pytestmark = pytest.mark.django_db


def test_a_call_with_number_not_in_service_marks_that_phone_disconnected(personas: Personas) -> None:
    # given a contact of the rep with two phones
    contact = contact_create(
        created_by=personas.rep,
        full_name="Anna Schmidt",
        country="DE",
        phones=["+49 30 1234567", "+49 30 7654321"],
    )
    dead, alive = ContactPoint.objects.filter(contact=contact).order_by("pk")
    # when the rep logs a call on the first one that was not in service
    activity = activity_log(
        logged_by=personas.rep,
        kind="call",
        subject="Intro call",
        outcome="not_in_service",
        contact=contact,
        contact_point=dead,
    )
    # then that phone is disconnected, with the outcome as reason and the rep as who changed it
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert (dead.status, dead.status_reason, dead.status_changed_by) == (
        "disconnected",
        "Number not in service",
        personas.rep,
    )
    assert alive.status == "unverified"
    assert (activity.owner, activity.status) == (personas.rep, "done")


def test_mail_returned_marks_the_postal_address_undeliverable(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme GmbH", country="DE")
    address = contact_point_add(
        added_by=personas.rep, kind="postal", value="Hauptstr. 1, 10115 Berlin", account=account
    )
    activity_log(
        logged_by=personas.rep,
        kind="gift",
        subject="Christmas hamper",
        outcome="mail_returned",
        account=account,
        contact_point=address,
    )
    address.refresh_from_db()
    assert (address.status, address.status_reason) == ("undeliverable", "Mail came back")


def test_logging_against_a_record_outside_scope_names_the_field_and_saves_nothing(
    personas: Personas,
) -> None:
    account = account_create(created_by=personas.outsider, name="South Ltd")
    with pytest.raises(ValidationError) as raised:
        activity_log(logged_by=personas.rep, kind="call", subject="Hello", account=account)
    assert raised.value.message_dict == {"account": ["Choose a record you can see."]}
    assert not Activity.objects.exists()


def test_bad_kind_and_outcome_name_their_fields(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme")
    with pytest.raises(ValidationError) as raised:
        activity_log(logged_by=personas.rep, kind="telepathy", subject="", outcome="maybe", account=account)
    assert set(raised.value.message_dict) == {"kind", "subject", "outcome"}
    assert not Activity.objects.exists()


def test_a_planned_activity_is_completed_with_its_outcome(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme")
    planned = activity_plan(
        planned_by=personas.manager,
        owner=personas.rep,
        kind="call",
        subject="Follow up",
        planned_for=date(2030, 1, 15),
        account=account,
    )
    assert (planned.status, planned.owner, planned.planned_for.date()) == (
        "planned",
        personas.rep,
        date(2030, 1, 15),
    )
    done = activity_complete(
        activity=planned, completed_by=personas.rep, outcome="reached", notes="Went well"
    )
    done.refresh_from_db()
    assert (done.status, done.outcome, done.notes) == ("done", "reached", "Went well")
    assert done.occurred_at is not None
    with pytest.raises(ValidationError):
        activity_complete(activity=done, completed_by=personas.rep)


def test_a_rep_cannot_plan_for_someone_in_another_unit(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme")
    with pytest.raises(ValidationError) as raised:
        activity_plan(
            planned_by=personas.rep,
            owner=personas.outsider,
            kind="call",
            subject="Follow up",
            planned_for=date(2030, 1, 15),
            account=account,
        )
    assert list(raised.value.message_dict) == ["owner"]
