"""Who is calling the API: a personal token in `Authorization: Bearer …`, or the browser session."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from salesdesk.api.services import api_token_authenticate
from salesdesk.org.models import User


class PersonalToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(raw=token)
        if user is not None:
            request.user = user
        return user


class SignedInSession(SessionAuth):
    """The session of a signed-in person (for /api/v1/docs), CSRF-checked on writes.

    A request that carries an Authorization header or no signed-in session is left to the other
    methods, so a bad token answers 401 and never a CSRF failure.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if "Authorization" in request.headers or not request.user.is_authenticated:
            return None
        return super().__call__(request)


def request_user(request: HttpRequest) -> User:
    """The authenticated person of an API request (set by one of the methods above)."""
    return cast(User, request.auth)  # type: ignore[attr-defined]
