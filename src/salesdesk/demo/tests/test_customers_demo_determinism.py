"""The demo is the same for the same seed, in any empty database."""

from __future__ import annotations

import hashlib

import pytest
from django.db import transaction

from salesdesk.customers.models import Account, Activity, Contact, ContactPoint
from salesdesk.demo.services import demo_load
from salesdesk.pipeline.models import Opportunity
from salesdesk.prospects.models import Prospect

pytestmark = pytest.mark.django_db(transaction=False)


class _Rollback(Exception):
    def __init__(self, digest: str) -> None:
        self.digest = digest


def _digest() -> str:
    """Everything a visitor reads, without primary keys or dates (which follow the day of the load)."""
    parts = [
        *(f"A|{row}" for row in Account.objects.values_list("name", "vat_id", "website", "owner__username")),
        *(f"C|{row}" for row in Contact.objects.values_list("full_name", "title", "account__name")),
        *(f"P|{row}" for row in ContactPoint.objects.order_by("pk").values_list("value", "status")),
        *(
            f"R|{row}"
            for row in Prospect.objects.order_by("pk").values_list(
                "company_name", "source", "status", "score"
            )
        ),
        *(
            f"O|{row}"
            for row in Opportunity.objects.order_by("pk").values_list(
                "name", "account__name", "amount", "currency", "stage__name"
            )
        ),
        *(f"T|{row}" for row in Activity.objects.order_by("pk").values_list("kind", "subject", "status")),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _load_and_roll_back(seed: int) -> str:
    """Load into an empty database, digest it, and leave the database empty again."""
    try:
        with transaction.atomic():
            demo_load(scale="small", seed=seed)
            raise _Rollback(_digest())
    except _Rollback as done:
        return done.digest
    raise AssertionError("unreachable")


def test_it_is_deterministic_for_a_seed() -> None:
    # given two empty databases / when the same seed loads into each / then everything reads the same
    first = _load_and_roll_back(7)
    assert Account.objects.count() == 0
    assert _load_and_roll_back(7) == first
