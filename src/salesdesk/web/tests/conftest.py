"""Fixtures for the end-to-end tests: a real SMTP server and a real browser."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.mail import mailers

from salesdesk.testing.smtp import SmtpTestServer


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpTestServer]:
    """Mail in this test goes through Django's SMTP backend to a server on 127.0.0.1."""
    with SmtpTestServer() as server:
        settings.MAILERS = server.mailer_settings()
        # Django's mailers handler reads MAILERS on every use and keeps no connections; checked here so a
        # future caching handler cannot quietly send these tests' mail to the locmem outbox.
        assert mailers.default.__class__.__module__ == "django.core.mail.backends.smtp"
        yield server
