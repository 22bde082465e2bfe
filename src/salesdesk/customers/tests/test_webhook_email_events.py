"""The ESP tracking webhook: signed events mark addresses bounced; bad signatures and replays do nothing."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.test import Client

from salesdesk.conftest import Personas
from salesdesk.customers.models import ContactPoint
from salesdesk.customers.services import contact_create

pytestmark = pytest.mark.django_db
SECRET = "whsec-test-0123456789"
URL = "/hooks/email-events/"


@pytest.fixture
def secret(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SALESDESK_EMAIL_WEBHOOK_SECRET", SECRET)
    return SECRET


def _post(client: Client, events: object, *, key: str = SECRET) -> tuple[int, dict[str, object]]:
    body = json.dumps(events).encode()
    signature = hmac.new(key.encode(), body, hashlib.sha256).hexdigest()
    response = client.post(
        URL, body, content_type="application/json", headers={"X-Salesdesk-Signature": signature}
    )
    return response.status_code, response.json()


def _point(personas: Personas, email: str) -> ContactPoint:
    return contact_create(created_by=personas.rep, full_name=email, emails=[email]).contact_points.get()


BOUNCE = {
    "event": "bounce",
    "email": "Anna@Acme.example",
    "reason": "550 mailbox unavailable",
    "timestamp": 1793000000,
}


def test_a_signed_bounce_event_marks_the_address_bounced(personas: Personas, secret: str) -> None:
    point = _point(personas, "anna@acme.example")
    other = _point(personas, "bob@acme.example")

    status, answer = _post(Client(), [BOUNCE])

    assert status == 200
    assert answer == {"received": 1, "marked": 1, "unchanged": 0, "ignored": 0}
    point.refresh_from_db()
    other.refresh_from_db()
    assert point.status == "bounced"
    assert point.status_reason == "550 mailbox unavailable"
    assert point.status_changed_at is not None
    assert point.status_changed_at.timestamp() == 1793000000
    assert other.status == "unverified"


def test_a_replayed_event_changes_nothing(personas: Personas, secret: str) -> None:
    point = _point(personas, "anna@acme.example")
    _post(Client(), [BOUNCE])
    point.refresh_from_db()
    first = (point.status, point.status_reason, point.status_changed_at)

    status, answer = _post(Client(), [BOUNCE, {**BOUNCE, "event": "dropped"}])

    assert status == 200
    assert answer == {"received": 2, "marked": 0, "unchanged": 2, "ignored": 0}
    point.refresh_from_db()
    assert (point.status, point.status_reason, point.status_changed_at) == first


def test_dropped_bounces_delivered_confirms_and_complaints_are_ignored(
    personas: Personas, secret: str
) -> None:
    dropped = _point(personas, "gone@zeta.example")
    delivered = _point(personas, "fine@zeta.example")

    status, answer = _post(
        Client(),
        [
            {
                "event": "dropped",
                "email": "gone@zeta.example",
                "reason": "Bounced Address",
                "timestamp": "2026-11-02T10:00:00Z",
            },
            {"event": "delivered", "email": "fine@zeta.example", "timestamp": 1793000000},
            {"event": "complaint", "email": "fine@zeta.example"},
            {"event": "opened", "email": "fine@zeta.example"},
        ],
    )

    assert status == 200
    assert answer == {"received": 4, "marked": 2, "unchanged": 0, "ignored": 2}
    dropped.refresh_from_db()
    delivered.refresh_from_db()
    assert (dropped.status, dropped.status_reason) == ("bounced", "Bounced Address")
    assert (delivered.status, delivered.status_reason) == ("valid", "delivered")


def test_a_bad_signature_is_refused_and_marks_nothing(personas: Personas, secret: str) -> None:
    point = _point(personas, "anna@acme.example")

    status, answer = _post(Client(), [BOUNCE], key="not-the-secret")

    assert status == 403
    assert answer == {"detail": "Bad signature."}
    point.refresh_from_db()
    assert point.status == "unverified"


def test_a_missing_signature_is_refused(personas: Personas, secret: str) -> None:
    response = Client().post(URL, json.dumps([BOUNCE]), content_type="application/json")

    assert response.status_code == 403


def test_without_a_configured_secret_the_webhook_is_unavailable(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SALESDESK_EMAIL_WEBHOOK_SECRET", raising=False)

    status, answer = _post(Client(), [BOUNCE])

    assert status == 503
    assert answer == {"detail": "The e-mail webhook is not configured."}


def test_a_signed_body_that_is_not_a_list_is_a_bad_request(personas: Personas, secret: str) -> None:
    status, answer = _post(Client(), {"event": "bounce"})

    assert status == 400
    assert answer == {"detail": "The body must be a JSON list of events."}
