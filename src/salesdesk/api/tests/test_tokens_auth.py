"""Personal tokens authenticate API requests; the plaintext is never stored."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from salesdesk.api.models import ApiToken
from salesdesk.api.services import api_token_create, api_token_revoke
from salesdesk.conftest import Personas
from salesdesk.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _get_me(plaintext: str) -> object:
    return Client(headers={"Authorization": f"Bearer {plaintext}"}).get("/api/v1/users?limit=1")


def test_it_returns_the_plaintext_once_and_stores_only_its_hash(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.rep, name="Reporting script")

    prefix, secret = plaintext.removeprefix("sd_").split("_", 1)
    assert plaintext.startswith("sd_")
    assert prefix == token.prefix
    assert len(prefix) == 10
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        rows = cursor.fetchall()
    assert not any(secret in str(value) for row in rows for value in row)
    events = list(AuditEvent.objects.filter(verb="api_token.create"))
    assert len(events) == 1
    assert events[0].actor == personas.rep
    assert secret not in str(events[0].changes)
    assert secret not in events[0].object_repr


def test_it_lets_a_request_with_the_token_act_as_its_owner(personas: Personas) -> None:
    _token, plaintext = api_token_create(user=personas.rep, name="Script")

    response = Client(headers={"Authorization": f"Bearer {plaintext}"}).get(
        f"/api/v1/users/{personas.rep.pk}"
    )

    assert response.status_code == 200
    assert response.json()["username"] == "rep"
    assert response.json()["roles"] == ["rep"]


def test_it_records_the_last_use_at_most_once_a_minute(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.rep, name="Script")
    assert token.last_used_at is None

    _get_me(plaintext)
    token.refresh_from_db()
    first_use = token.last_used_at
    _get_me(plaintext)
    token.refresh_from_db()

    assert first_use is not None
    assert token.last_used_at == first_use

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    _get_me(plaintext)
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > first_use - timedelta(minutes=2)


def _assert_unauthorized(response: object) -> None:
    assert response.status_code == 401  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/problem+json"  # type: ignore[index]
    assert response["WWW-Authenticate"] == "Bearer"  # type: ignore[index]
    body = response.json()  # type: ignore[attr-defined]
    assert body["status"] == 401
    assert body["title"] == "Not signed in"
    assert body["type"] == "about:blank"
    assert body["detail"] == "Send a valid personal API token as “Authorization: Bearer <token>”."


def test_it_refuses_a_revoked_token_with_a_401_problem(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.rep, name="Script")
    assert _get_me(plaintext).status_code == 200  # type: ignore[attr-defined]

    api_token_revoke(token=token, revoked_by=personas.rep)

    _assert_unauthorized(_get_me(plaintext))
    assert AuditEvent.objects.filter(verb="api_token.revoke", object_id=str(token.pk)).count() == 1


def test_it_refuses_an_expired_token(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.rep, name="Script", expires_on=timezone.localdate())
    assert _get_me(plaintext).status_code == 200  # type: ignore[attr-defined]

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    _assert_unauthorized(_get_me(plaintext))


@pytest.mark.parametrize(
    "header",
    [
        "Bearer sd_nope",
        "Bearer sd__secret",
        "Bearer not-a-token",
        "Bearer ",
        "Basic cmVwOnBhc3N3b3Jk",
    ],
)
def test_it_refuses_malformed_tokens(personas: Personas, header: str) -> None:
    response = Client(headers={"Authorization": header}).get("/api/v1/users")

    _assert_unauthorized(response)


def test_it_refuses_a_right_prefix_with_a_wrong_secret(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.rep, name="Script")

    forged = f"sd_{token.prefix}_{'A' * 43}"

    _assert_unauthorized(_get_me(forged))
    _assert_unauthorized(Client(headers={"Authorization": f"Bearer {plaintext}x"}).post("/api/v1/tasks", {}))


def test_it_refuses_the_token_of_a_deactivated_person(personas: Personas) -> None:
    _token, plaintext = api_token_create(user=personas.rep, name="Script")

    personas.rep.is_active = False
    personas.rep.save()

    _assert_unauthorized(_get_me(plaintext))


def test_it_refuses_a_request_without_credentials(personas: Personas) -> None:
    _assert_unauthorized(Client().get("/api/v1/tasks"))


def test_it_accepts_the_session_of_a_signed_in_person(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.rep)

    response = client.get(f"/api/v1/users/{personas.rep.pk}")

    assert response.status_code == 200
    assert response.json()["username"] == "rep"


def test_it_refuses_a_session_write_without_the_csrf_token(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.rep)

    response = client.post("/api/v1/tasks", {"title": "Call back"}, content_type="application/json")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "CSRF check Failed"
