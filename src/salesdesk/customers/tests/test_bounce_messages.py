"""Bounce messages (RFC 3464 and plain ones): parsing, marking the right address, and the upload page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from salesdesk.conftest import Personas
from salesdesk.customers.bounces import bounce_messages_apply, parse_bounce
from salesdesk.customers.models import ContactPoint
from salesdesk.customers.services import account_create, contact_create

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


def _raw(name: str) -> bytes:
    return (DATA / name).read_bytes()


def _people(personas: Personas) -> dict[str, ContactPoint]:
    acme = account_create(created_by=personas.rep, name="Acme GmbH")
    anna = contact_create(
        created_by=personas.rep, full_name="Anna Schmidt", account=acme, emails=["anna.schmidt@acme.example"]
    )
    anna_again = contact_create(
        created_by=personas.other_rep, full_name="A. Schmidt", emails=["ANNA.SCHMIDT@acme.example"]
    )
    bob = contact_create(created_by=personas.rep, full_name="Bob", account=acme, emails=["bob@acme.example"])
    carla = contact_create(
        created_by=personas.rep, full_name="Carla", account=acme, emails=["carla@acme.example"]
    )
    return {
        "anna": anna.contact_points.get(),
        "anna_again": anna_again.contact_points.get(),
        "bob": bob.contact_points.get(),
        "carla": carla.contact_points.get(),
    }


def test_it_reads_the_failed_and_the_delayed_recipient_of_a_delivery_report() -> None:
    report = parse_bounce(_raw("dsn_hard_bounce.eml"), name="dsn.eml")

    assert report.understood
    assert [(r.email, r.action, r.status, r.is_hard) for r in report.recipients] == [
        ("anna.schmidt@acme.example", "failed", "5.1.1", True),
        ("bob@acme.example", "delayed", "4.4.1", False),
    ]
    assert report.recipients[0].reason == (
        "5.1.1 550 5.1.1 <anna.schmidt@acme.example>: Recipient address rejected: User unknown"
    )


def test_a_delivery_report_marks_exactly_the_failed_address_bounced_everywhere_it_is_used(
    personas: Personas,
) -> None:
    # Given Anna's address on two contacts, and Bob and Carla named in the same message
    points = _people(personas)

    # When the delivery report is applied
    [result] = bounce_messages_apply(
        messages=[("dsn.eml", _raw("dsn_hard_bounce.eml"))], changed_by=personas.coordinator
    )

    # Then both of Anna's contact points are bounced with the diagnostic, and nobody else's
    for point in points.values():
        point.refresh_from_db()
    assert points["anna"].status == "bounced"
    assert points["anna_again"].status == "bounced"
    assert points["anna"].status_reason == (
        "5.1.1 550 5.1.1 <anna.schmidt@acme.example>: Recipient address rejected: User unknown"
    )
    assert points["anna"].status_changed_by == personas.coordinator
    assert points["bob"].status == "unverified"
    assert points["carla"].status == "unverified"
    assert [outcome.email for outcome in result.outcomes] == ["anna.schmidt@acme.example"]
    assert [recipient.email for recipient in result.ignored] == ["bob@acme.example"]


def test_a_delay_notice_marks_nothing(personas: Personas) -> None:
    points = _people(personas)

    [result] = bounce_messages_apply(messages=[("late.eml", _raw("dsn_delayed.eml"))], changed_by=None)

    assert result.understood
    assert result.outcomes == []
    assert ContactPoint.objects.filter(status="bounced").count() == 0
    points["anna"].refresh_from_db()
    assert points["anna"].status == "unverified"


def test_a_plain_bounce_that_names_the_failed_address_is_understood(personas: Personas) -> None:
    report = parse_bounce(_raw("exim_plain_bounce.eml"))

    assert report.understood
    assert [(r.email, r.status, r.diagnostic) for r in report.hard_bounces] == [
        ("dora.rossi@zeta.example", "5.1.1", "550 5.1.1 User unknown")
    ]


def test_an_auto_reply_is_not_understood_and_marks_nobody(personas: Personas) -> None:
    _people(personas)

    [result] = bounce_messages_apply(messages=[("ooo.eml", _raw("out_of_office.eml"))], changed_by=None)

    assert not result.understood
    assert result.problem == "Not understood: this is no delivery report and names no failed address clearly."
    assert ContactPoint.objects.filter(status="bounced").count() == 0


def test_applying_the_same_bounce_twice_keeps_the_first_date(personas: Personas) -> None:
    points = _people(personas)
    bounce_messages_apply(messages=[("a.eml", _raw("dsn_hard_bounce.eml"))], changed_by=personas.coordinator)
    points["anna"].refresh_from_db()
    first_date = points["anna"].status_changed_at

    [again] = bounce_messages_apply(
        messages=[("a.eml", _raw("dsn_hard_bounce.eml"))], changed_by=personas.admin
    )

    points["anna"].refresh_from_db()
    assert points["anna"].status_changed_at == first_date
    assert points["anna"].status_changed_by == personas.coordinator
    assert again.outcomes[0].marked == []
    assert again.outcomes[0].already == 2


def test_a_coordinator_uploads_bounce_files_and_sees_what_each_did(
    personas: Personas, client: Client
) -> None:
    # Given Anna's address is used by two contacts
    _people(personas)
    client.force_login(personas.coordinator)

    # When the coordinator uploads a report and an auto-reply
    response = client.post(
        "/hygiene/bounces/",
        {
            "files": [
                SimpleUploadedFile("dsn.eml", _raw("dsn_hard_bounce.eml"), "message/rfc822"),
                SimpleUploadedFile("ooo.eml", _raw("out_of_office.eml"), "message/rfc822"),
            ]
        },
    )

    # Then the page lists the address, the records marked, and the file it did not understand
    body = response.content.decode()
    assert response.status_code == 200
    assert "<td>dsn.eml</td><td>anna.schmidt@acme.example</td>" in body
    assert "Anna Schmidt, A. Schmidt" in body
    assert (
        '<tr class="bounce-not-understood"><td>ooo.eml</td><td colspan="3">'
        "Not understood: this is no delivery report and names no failed address clearly.</td></tr>"
    ) in body
    assert "Not a bounce (delayed or temporary): nothing marked" in body
    assert ContactPoint.objects.filter(status="bounced").count() == 2


@pytest.mark.parametrize("persona", ["rep", "manager", "finance", "outsider"])
def test_only_coordinators_and_admins_have_the_upload_page(
    personas: Personas, client: Client, persona: str
) -> None:
    client.force_login(getattr(personas, persona))

    assert client.get("/hygiene/bounces/").status_code == 404
    assert client.post("/hygiene/bounces/", {}).status_code == 404


def test_an_admin_has_the_upload_page(personas: Personas, client: Client) -> None:
    client.force_login(personas.admin)

    response = client.get("/hygiene/bounces/")

    assert response.status_code == 200
    assert "<h1>Bounce messages</h1>" in response.content.decode()
