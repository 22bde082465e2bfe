"""The token page: list, create (shown once), revoke."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from salesdesk.api.models import ApiToken
from salesdesk.api.services import api_token_create
from salesdesk.conftest import Personas

pytestmark = pytest.mark.django_db

SECRET_BOX = re.compile(r'<p class="token-secret"[^>]*>(sd_[^<]+)</p>')


def _client(user: object, **kwargs: object) -> Client:
    client = Client(**kwargs)  # type: ignore[arg-type]
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_it_asks_a_visitor_to_sign_in(personas: Personas) -> None:
    response = Client().get("/profile/tokens/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/profile/tokens/"


def test_it_creates_a_token_and_shows_the_secret_once(personas: Personas) -> None:
    client = _client(personas.rep)

    response = client.post("/profile/tokens/", {"name": "Reporting script", "expires_on": ""})

    assert response.status_code == 200
    html = response.content.decode()
    match = SECRET_BOX.search(html)
    assert match is not None
    plaintext = match.group(1)
    assert "Copy it now: it will not be shown again." in html
    token = ApiToken.objects.get(user=personas.rep)
    assert token.name == "Reporting script"
    assert plaintext.startswith(f"sd_{token.prefix}_")
    api = Client(headers={"Authorization": f"Bearer {plaintext}"})
    assert api.get("/api/v1/tasks").status_code == 200

    again = client.get("/profile/tokens/").content.decode()
    assert plaintext not in again
    assert "token-secret" not in again
    assert "Reporting script" in again
    assert f"sd_{token.prefix}_…" in again
    assert ">Active<" in again


def test_it_lists_only_my_tokens_with_their_status(personas: Personas) -> None:
    api_token_create(user=personas.rep, name="Mine, active")
    revoked, _plain = api_token_create(user=personas.rep, name="Mine, revoked")
    revoked.revoked_at = timezone.now()
    revoked.save()
    expired, _plain = api_token_create(user=personas.rep, name="Mine, expired")
    expired.expires_at = timezone.now() - timedelta(days=1)
    expired.save()
    api_token_create(user=personas.other_rep, name="Someone else's")

    html = _client(personas.rep).get("/profile/tokens/").content.decode()

    assert "Mine, active" in html
    assert "Mine, revoked" in html
    assert "Mine, expired" in html
    assert "Someone else&#x27;s" not in html
    assert html.count(">Active<") == 1
    assert html.count(">Revoked<") == 1
    assert html.count(">Expired<") == 1
    assert html.count(">Revoke<") == 1


def test_it_refuses_a_token_without_a_name_or_with_a_past_expiry(personas: Personas) -> None:
    client = _client(personas.rep)
    yesterday = timezone.localdate() - timedelta(days=1)

    no_name = client.post("/profile/tokens/", {"name": "   ", "expires_on": ""})
    past = client.post("/profile/tokens/", {"name": "Old", "expires_on": yesterday.isoformat()})

    assert no_name.status_code == 400
    assert past.status_code == 400
    assert "Choose today or a later day." in past.content.decode()
    assert "token-secret" not in no_name.content.decode() + past.content.decode()
    assert not ApiToken.objects.exists()


def test_it_revokes_my_token(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.rep, name="Script")
    client = _client(personas.rep)

    response = client.post(f"/profile/tokens/{token.pk}/revoke/", follow=True)

    assert response.status_code == 200
    assert "The token “Script” was revoked." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client(headers={"Authorization": f"Bearer {plaintext}"}).get("/api/v1/tasks").status_code == 401


def test_it_answers_404_for_someone_elses_token(personas: Personas) -> None:
    token, _plaintext = api_token_create(user=personas.other_rep, name="Not yours")

    response = _client(personas.rep).post(f"/profile/tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_refuses_a_revoke_without_the_csrf_token(personas: Personas) -> None:
    token, _plaintext = api_token_create(user=personas.rep, name="Script")
    client = _client(personas.rep, enforce_csrf_checks=True)

    response = client.post(f"/profile/tokens/{token.pk}/revoke/")

    assert response.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_refuses_a_revoke_by_get(personas: Personas) -> None:
    token, _plaintext = api_token_create(user=personas.rep, name="Script")

    response = _client(personas.rep).get(f"/profile/tokens/{token.pk}/revoke/")

    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
