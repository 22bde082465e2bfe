"""Fixtures for the pipeline tests: a pipeline, an account, opportunities, and a real browser."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page

from salesdesk.api.services import api_token_create
from salesdesk.conftest import Personas
from salesdesk.customers.models import Account
from salesdesk.customers.services import account_create
from salesdesk.org.models import User
from salesdesk.pipeline.models import Opportunity, Pipeline, Stage
from salesdesk.pipeline.services import opportunity_create, pipeline_default
from salesdesk.testing.browser import browser_page, chromium

MakeOpportunity = Callable[..., Opportunity]


@pytest.fixture
def pipeline(personas: Personas) -> Pipeline:
    return pipeline_default(business_unit=personas.unit)


def stage(pipeline: Pipeline, name: str) -> Stage:
    return pipeline.stages.get(name=name)


@pytest.fixture
def account(personas: Personas) -> Account:
    return account_create(created_by=personas.rep, name="Bäckerei Schulz GmbH", is_shared=True)


@pytest.fixture
def make_opportunity(personas: Personas, pipeline: Pipeline, account: Account) -> MakeOpportunity:
    def make(
        name: str = "Ovens for Schulz",
        *,
        owner: User | None = None,
        amount: Decimal = Decimal("1000"),
        currency: str = "EUR",
        expected_close: date = date(2030, 5, 20),
        **fields: Any,
    ) -> Opportunity:
        owner = owner or personas.rep
        return opportunity_create(
            created_by=owner,
            owner=owner,
            account=account,
            name=name,
            amount=amount,
            currency=currency,
            expected_close=expected_close,
            **fields,
        )

    return make


ApiClientFor = Callable[[User], Any]


@pytest.fixture
def api_client_for(db: None) -> ApiClientFor:
    from django.test import Client

    def make(user: User) -> Client:
        _token, plaintext = api_token_create(user=user, name="tests")
        return Client(headers={"Authorization": f"Bearer {plaintext}"})

    return make


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; no coroutine shares our connection.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with chromium() as launched:
        yield launched
        connections.close_all()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    with browser_page(browser, name=request.node.name) as opened:
        yield opened
