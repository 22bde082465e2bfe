from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from salesdesk.api.services import api_token_create
from salesdesk.org.models import User

ApiClientFor = Callable[[User], Client]


@pytest.fixture
def api_client_for(db: None) -> ApiClientFor:
    """A test client that sends a fresh personal token of `user` with every request."""

    def make(user: User) -> Client:
        _token, plaintext = api_token_create(user=user, name="tests")
        return Client(headers={"Authorization": f"Bearer {plaintext}"})

    return make
