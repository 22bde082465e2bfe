"""Fixtures for the pipeline tests: a pipeline, an account, opportunities, and a real browser."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from salesdesk.api.services import api_token_create
from salesdesk.conftest import Personas
from salesdesk.customers.models import Account
from salesdesk.customers.services import account_create
from salesdesk.org.models import User
from salesdesk.pipeline.models import Opportunity, Pipeline, Stage
from salesdesk.pipeline.services import opportunity_create, pipeline_default

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
