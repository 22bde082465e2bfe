"""Fixtures for the end-to-end tests: a real SMTP server and a real browser."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.mail import mailers
from django.db import connections
from playwright.sync_api import Browser, Page

from salesdesk.testing.browser import browser_page, chromium
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


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls
    # from the test body as "async unsafe". No coroutine shares our connection, so allowing them is safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with chromium() as launched:
        yield launched
        # Queries made while Playwright runs open their own connection, which the test database teardown
        # does not know about (PostgreSQL then refuses to drop the database); close it here.
        connections.close_all()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    with browser_page(browser, name=request.node.name) as opened:
        yield opened
