"""The hygiene queue, fixing broken contact details, marking by hand, and the coordinator's worklist item."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from salesdesk.conftest import Personas
from salesdesk.core.models import AuditEvent
from salesdesk.customers.hygiene import email_mark_bounced
from salesdesk.customers.models import ContactPoint
from salesdesk.customers.rules_hygiene import HygieneQueueRule
from salesdesk.customers.services import (
    account_create,
    contact_create,
    contact_point_add,
    contact_point_set_status,
)
from salesdesk.org.models import User

pytestmark = pytest.mark.django_db


def _broken_email(
    personas: Personas, address: str = "anna@acme.example", owner: User | None = None
) -> ContactPoint:
    contact = contact_create(created_by=owner or personas.rep, full_name="Anna Schmidt", emails=[address])
    email_mark_bounced(email=address, reason="550 5.1.1 User unknown", changed_by=None)
    return contact.contact_points.get()


def test_the_queue_lists_broken_details_by_kind_with_their_owner_record(
    personas: Personas, client: Client
) -> None:
    # Given a bounced e-mail of a contact, a disconnected phone of an account, and a valid e-mail
    _broken_email(personas)
    acme = account_create(created_by=personas.rep, name="Acme GmbH", country="DE")
    phone = contact_point_add(added_by=personas.rep, kind="phone", value="030 1234567", account=acme)
    contact_point_set_status(contact_point=phone, status="disconnected", reason="Number not in service")
    contact_create(created_by=personas.rep, full_name="Fine", emails=["fine@acme.example"])
    client.force_login(personas.coordinator)

    # When the coordinator opens the queue
    body = client.get("/hygiene/").content.decode()

    # Then both broken details are listed under their kind, with whom they belong to
    assert '<h2>E-mail <span class="meta">(1)</span></h2>' in body
    assert '<h2>Phone <span class="meta">(1)</span></h2>' in body
    assert "<td>anna@acme.example</td>" in body
    assert "<td>030 1234567</td>" in body
    assert (
        '<span class="status status-bounced">Bounced</span> <span class="meta">550 5.1.1 User unknown</span>'
        in body
    )
    assert "Acme GmbH" in body
    assert "fine@acme.example" not in body


def test_fixing_an_entry_records_who_fixed_it_when_and_audits_old_and_new(
    personas: Personas, client: Client
) -> None:
    point = _broken_email(personas)
    client.force_login(personas.coordinator)
    before = timezone.now()

    response = client.post(
        f"/hygiene/{point.pk}/fix/", {"value": " Anna.Schmidt@Acme.example "}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "Fixed: Anna.Schmidt@Acme.example (by coordinator" in response.content.decode()
    point.refresh_from_db()
    assert point.value == "Anna.Schmidt@Acme.example"
    assert point.normalized == "anna.schmidt@acme.example"
    assert (point.status, point.status_reason) == ("valid", "fixed")
    assert point.status_changed_by == personas.coordinator
    assert point.status_changed_at is not None
    assert point.status_changed_at >= before
    event = AuditEvent.objects.get(verb="contact_point.fixed")
    assert event.actor == personas.coordinator
    assert event.object_id == str(point.pk)
    assert event.changes == {
        "value": ["anna@acme.example", "Anna.Schmidt@Acme.example"],
        "status": ["bounced", "valid"],
    }
    assert "anna@acme.example" not in client.get("/hygiene/").content.decode()


def test_a_fix_that_is_not_an_address_is_refused_and_nothing_changes(
    personas: Personas, client: Client
) -> None:
    point = _broken_email(personas)
    client.force_login(personas.coordinator)

    response = client.post(
        f"/hygiene/{point.pk}/fix/", {"value": "anna at acme"}, headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert "is not a valid e-mail address" in body
    assert 'aria-invalid="true"' in body
    point.refresh_from_db()
    assert (point.value, point.status) == ("anna@acme.example", "bounced")
    assert AuditEvent.objects.filter(verb="contact_point.fixed").count() == 0


def test_a_phone_fix_is_stored_in_e164(personas: Personas, client: Client) -> None:
    acme = account_create(created_by=personas.rep, name="Acme GmbH", country="DE")
    phone = contact_point_add(added_by=personas.rep, kind="phone", value="030 1234567", account=acme)
    contact_point_set_status(contact_point=phone, status="disconnected")
    client.force_login(personas.admin)

    response = client.post(f"/hygiene/{phone.pk}/fix/", {"value": "030 7654321"})

    assert response.status_code == 302
    phone.refresh_from_db()
    assert (phone.value, phone.normalized, phone.status) == ("030 7654321", "+49307654321", "valid")


@pytest.mark.parametrize("persona", ["rep", "other_rep", "manager", "finance", "design_staff", "outsider"])
def test_people_who_do_not_fix_data_get_404(personas: Personas, client: Client, persona: str) -> None:
    point = _broken_email(personas)
    client.force_login(getattr(personas, persona))

    assert client.get("/hygiene/").status_code == 404
    assert client.post(f"/hygiene/{point.pk}/fix/", {"value": "a@b.example"}).status_code == 404
    point.refresh_from_db()
    assert point.status == "bounced"


def test_a_coordinator_of_another_unit_cannot_fix_it(personas: Personas, client: Client) -> None:
    from salesdesk.org.choices import Role
    from salesdesk.testing.factories import make_user

    point = _broken_email(personas)
    south = make_user("south_coordinator", roles=[Role.COORDINATOR], business_unit=personas.other_unit)
    client.force_login(south)

    assert "anna@acme.example" not in client.get("/hygiene/").content.decode()
    assert client.post(f"/hygiene/{point.pk}/fix/", {"value": "a@b.example"}).status_code == 404


def test_the_queue_makes_the_same_queries_for_1_and_50_rows(personas: Personas, client: Client) -> None:
    client.force_login(personas.coordinator)
    _broken_email(personas, "p0@acme.example")
    client.get("/hygiene/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/hygiene/").status_code == 200
    for index in range(1, 50):
        acme = account_create(created_by=personas.rep, name=f"Acme {index}")
        point = contact_point_add(
            added_by=personas.rep, kind="email", value=f"p{index}@acme.example", account=acme
        )
        contact_point_set_status(contact_point=point, status="bounced", changed_by=personas.admin)
    with CaptureQueriesContext(connection) as fifty:
        body = client.get("/hygiene/").content.decode()
    assert "p49@acme.example" in body
    assert len(fifty.captured_queries) == len(one.captured_queries)


def test_a_rep_marks_a_phone_not_in_service_and_back_as_valid(personas: Personas, client: Client) -> None:
    acme = account_create(created_by=personas.rep, name="Acme GmbH", country="DE")
    phone = contact_point_add(added_by=personas.rep, kind="phone", value="030 1234567", account=acme)
    client.force_login(personas.rep)

    response = client.post(
        f"/contact-points/{phone.pk}/mark/", {"mark": "not_in_service"}, headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert '<span class="status status-disconnected">Disconnected</span>' in body
    assert '<span class="meta">Number not in service</span>' in body
    assert "Mark as valid" in body
    phone.refresh_from_db()
    assert (phone.status, phone.status_reason, phone.status_changed_by) == (
        "disconnected",
        "Number not in service",
        personas.rep,
    )

    client.post(f"/contact-points/{phone.pk}/mark/", {"mark": "valid", "next": "/"})
    phone.refresh_from_db()
    assert (phone.status, phone.status_reason) == ("valid", "Marked as valid")


def test_mail_came_back_marks_a_postal_address_undeliverable(personas: Personas, client: Client) -> None:
    acme = account_create(created_by=personas.rep, name="Acme GmbH")
    address = contact_point_add(
        added_by=personas.rep, kind="postal", value="Hauptstr. 1, 10115 Berlin", account=acme
    )
    client.force_login(personas.rep)

    response = client.post(
        f"/contact-points/{address.pk}/mark/", {"mark": "mail_returned", "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    address.refresh_from_db()
    assert (address.status, address.status_reason) == ("undeliverable", "Mail came back")


def test_a_mark_that_does_not_fit_the_kind_is_refused(personas: Personas, client: Client) -> None:
    point = contact_create(
        created_by=personas.rep, full_name="Anna", emails=["anna@acme.example"]
    ).contact_points.get()
    client.force_login(personas.rep)

    body = client.post(
        f"/contact-points/{point.pk}/mark/", {"mark": "not_in_service"}, headers={"HX-Request": "true"}
    ).content.decode()

    assert "This mark does not fit this kind of contact detail." in body
    point.refresh_from_db()
    assert point.status == "unverified"


def test_someone_who_cannot_see_the_contact_cannot_mark_it(personas: Personas, client: Client) -> None:
    point = contact_create(
        created_by=personas.rep, full_name="Anna", emails=["anna@acme.example"]
    ).contact_points.get()
    for persona in (personas.other_rep, personas.outsider):
        client.force_login(persona)
        assert client.post(f"/contact-points/{point.pk}/mark/", {"mark": "bounced"}).status_code == 404
    point.refresh_from_db()
    assert point.status == "unverified"


def test_the_coordinator_worklist_says_how_many_details_need_fixing(
    personas: Personas, client: Client
) -> None:
    rule = HygieneQueueRule()
    assert list(rule.items(user=personas.coordinator, today=date(2026, 11, 2))) == []

    _broken_email(personas, "a@acme.example")
    _broken_email(personas, "b@acme.example")

    [item] = rule.items(user=personas.coordinator, today=date(2026, 11, 2))
    assert (item.key, item.title, item.url) == ("hygiene:queue", "2 contact details need fixing", "/hygiene/")
    assert list(rule.items(user=personas.rep, today=date(2026, 11, 2))) == []
    client.force_login(personas.coordinator)
    assert "2 contact details need fixing" in client.get("/").content.decode()
