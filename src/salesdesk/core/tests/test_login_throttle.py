"""Sign-in throttling: too many failures for a name stop even the right password for a while."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from salesdesk.conftest import Personas

PASSWORD = "correct horse battery staple"  # what make_user gives every persona
THROTTLED = "Too many failed sign-ins. Wait a few minutes, then try again, or reset your password."


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _sign_in(username: str, password: str, address: str) -> tuple[Client, str, int]:
    client = Client(REMOTE_ADDR=address)
    response = client.post("/login/", {"username": username, "password": password})
    return client, response.text, response.status_code


def _fail_until_throttled(username: str, address: str) -> None:
    for _attempt in range(settings.LOGIN_THROTTLE_ATTEMPTS):
        _client, page, status = _sign_in(username, "wrong password", address)
        assert status == 200
        assert THROTTLED not in page


def test_the_right_password_is_refused_after_too_many_failures(personas: Personas) -> None:
    # given as many failed sign-ins for the rep as allowed
    _fail_until_throttled("rep", "203.0.113.5")

    # when the right password is given
    client, page, status = _sign_in("rep", PASSWORD, "203.0.113.5")

    # then it is refused with the throttle message and nobody is signed in
    assert status == 200
    assert THROTTLED in page
    assert "_auth_user_id" not in client.session


def test_the_name_stays_throttled_from_another_address(personas: Personas) -> None:
    _fail_until_throttled("rep", "203.0.113.5")

    client, page, _status = _sign_in("REP", PASSWORD, "198.51.100.7")

    assert THROTTLED in page
    assert "_auth_user_id" not in client.session


def test_one_failure_fewer_than_the_limit_still_lets_the_right_password_in(personas: Personas) -> None:
    for _attempt in range(settings.LOGIN_THROTTLE_ATTEMPTS - 1):
        _sign_in("rep", "wrong password", "203.0.113.5")

    client, _page, status = _sign_in("rep", PASSWORD, "203.0.113.5")

    assert status == 302
    assert client.session["_auth_user_id"] == str(personas.rep.pk)


def test_another_person_from_another_address_is_unaffected(personas: Personas) -> None:
    _fail_until_throttled("rep", "203.0.113.5")

    client, _page, status = _sign_in("other_rep", PASSWORD, "198.51.100.7")

    assert status == 302
    assert client.session["_auth_user_id"] == str(personas.other_rep.pk)


def test_a_throttled_address_is_refused_for_every_name(personas: Personas) -> None:
    for attempt in range(settings.LOGIN_THROTTLE_ATTEMPTS):
        _sign_in(f"guess{attempt}", "wrong password", "203.0.113.5")

    client, page, _status = _sign_in("other_rep", PASSWORD, "203.0.113.5")

    assert THROTTLED in page
    assert "_auth_user_id" not in client.session
