"""Accounts, contacts, activities, upkeep and hygiene: lists cost as many queries for 50 rows as for 1.

| List                                  | Kind | Where tested                                      |
|---------------------------------------|------|---------------------------------------------------|
| /accounts/                            | page | test_records_pages.py                             |
| /contacts/                            | page | test_records_pages.py                             |
| /accounts/<pk>/timeline/              | page | here (deals, calls, tasks, quotes; 25 a page)     |
| /contacts/<pk>/timeline/              | page | here (page of 25)                                 |
| /cadences/                            | page | here                                              |
| /upkeep/overdue/                      | page | here                                              |
| /hygiene/                             | page | test_hygiene_queue.py                             |
| /duplicates/                          | page | test_dedupe.py                                    |
| /api/v1/accounts                      | API  | test_api_records_endpoints.py                     |
| /api/v1/contacts                      | API  | test_api_records_endpoints.py                     |
| /api/v1/activities                    | API  | test_api_records_endpoints.py                     |
| /api/v1/cadences                      | API  | here                                              |
| /api/v1/upkeep (own; team=true)       | API  | here                                              |
| /api/v1/hygiene/contact-points        | API  | here                                              |
| /api/v1/duplicates                    | API  | test_hygiene_api.py                               |

/hygiene/bounces/ lists nothing on GET (only the outcome of an upload), so it has no count to guard.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from salesdesk.conftest import Personas
from salesdesk.customers.cadences import cadence_create
from salesdesk.customers.choices import CadenceKind
from salesdesk.customers.models import Account, CadenceRule, Segment
from salesdesk.customers.services import (
    account_create,
    activity_log,
    contact_create,
    contact_point_add,
    contact_point_set_status,
)
from salesdesk.orders.services import OrderLineInput, order_create
from salesdesk.pipeline.services import opportunity_create
from salesdesk.testing.query_counts import (
    NOT_ON_ANY_PAGE,
    RowMaker,
    assert_queries_constant,
    signed_in,
    with_token,
)
from salesdesk.worklist.services import task_create

pytestmark = pytest.mark.django_db


def _name(index: int) -> str:
    return f"Row {index:02d}"


def _add_cadence(personas: Personas) -> RowMaker:
    """Rules alternating between one account and one segment, so both joins are on the page."""
    segment = Segment.objects.create(business_unit=personas.unit, name="Key accounts")
    account = account_create(created_by=personas.rep, name="Acme GmbH")

    def add(index: int) -> None:
        target = {"account": account} if index % 2 else {"segment": segment}
        cadence_create(
            created_by=personas.coordinator,
            name=_name(index),
            kind=CadenceKind.PERIODIC_CALL,
            interval_days=30 + index,
            **target,
        )

    return add


def _add_overdue_account(personas: Personas) -> RowMaker:
    """An account in a segment whose monthly call was due ten days ago (never called)."""
    segment = Segment.objects.create(business_unit=personas.unit, name="Called monthly")
    rule = cadence_create(
        created_by=personas.coordinator,
        name="Monthly call",
        kind=CadenceKind.PERIODIC_CALL,
        segment=segment,
        interval_days=30,
    )
    CadenceRule.objects.filter(pk=rule.pk).update(created_at=timezone.now() - timedelta(days=10))

    def add(index: int) -> None:
        owner = personas.rep if index % 2 else personas.other_rep
        account = account_create(created_by=owner, name=_name(index))
        account.segments.add(segment)

    return add


AccountRows = Callable[[Personas, Account, list[str]], tuple[RowMaker, int]]


def _activities(personas: Personas, account: Account, _titles: list[str]) -> tuple[RowMaker, int]:
    """Calls in January 2026 by the rep or the manager; the account's newer "Created" takes one place."""

    def add(index: int) -> None:
        activity_log(
            logged_by=personas.rep if index % 2 else personas.manager,
            kind="call",
            subject=_name(index),
            account=account,
            occurred_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=index),
        )

    return add, 24


def _opportunities(personas: Personas, account: Account, _titles: list[str]) -> tuple[RowMaker, int]:
    def add(index: int) -> None:
        opportunity_create(
            created_by=personas.rep, account=account, name=_name(index), expected_close=date(2026, 6, 30)
        )

    return add, 25


def _tasks(personas: Personas, account: Account, _titles: list[str]) -> tuple[RowMaker, int]:
    def add(index: int) -> None:
        task_create(created_by=personas.rep, title=_name(index), subject=account)

    return add, 25


def _orders(personas: Personas, account: Account, titles: list[str]) -> tuple[RowMaker, int]:
    """Quotes, whose entries are titled by the number the quote gets."""

    def add(index: int) -> None:
        order = order_create(
            created_by=personas.rep,
            account=account,
            currency="EUR",
            lines=[OrderLineInput(description=_name(index), quantity=Decimal(1), unit_price=Decimal(10))],
        )
        titles.append(order.number)

    return add, 25


@pytest.mark.parametrize("rows", [_activities, _opportunities, _tasks, _orders])
def test_the_account_timeline_page(personas: Personas, rows: AccountRows) -> None:
    account = account_create(created_by=personas.rep, name="Acme GmbH")
    titles: list[str] = []
    add_row, page_rows = rows(personas, account, titles)

    def row_text(index: int) -> str:
        if titles:  # rows known by the number they got
            return f"{titles[index]}<" if index < len(titles) else NOT_ON_ANY_PAGE
        return f"{_name(index)}<"

    assert_queries_constant(
        signed_in(personas.rep),
        f"/accounts/{account.pk}/timeline/",
        add_row=add_row,
        row_text=row_text,
        expect_rows=page_rows,  # a page holds 25 entries
    )


def test_the_contact_timeline_page(personas: Personas) -> None:
    contact = contact_create(created_by=personas.rep, full_name="Anna Schmidt")

    def add_activity(index: int) -> None:
        activity_log(
            logged_by=personas.rep if index % 2 else personas.manager,
            kind="call",
            subject=_name(index),
            contact=contact,
            occurred_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=index),
        )

    assert_queries_constant(
        signed_in(personas.rep),
        f"/contacts/{contact.pk}/timeline/",
        add_row=add_activity,
        row_text=lambda index: f"{_name(index)}<",
        expect_rows=24,  # a page holds 25 entries; the newest is the contact's "Created"
    )


def test_the_cadence_page(personas: Personas) -> None:
    assert_queries_constant(
        signed_in(personas.coordinator),
        "/cadences/",
        add_row=_add_cadence(personas),
        row_text=lambda index: f"{_name(index)}<",
    )


def test_the_cadence_api(personas: Personas) -> None:
    assert_queries_constant(
        with_token(personas.coordinator), "/api/v1/cadences?limit=50", add_row=_add_cadence(personas)
    )


def test_the_overdue_upkeep_page(personas: Personas) -> None:
    assert_queries_constant(
        signed_in(personas.manager),
        "/upkeep/overdue/",
        add_row=_add_overdue_account(personas),
        row_text=lambda index: f"{_name(index)}<",
    )


@pytest.mark.parametrize("team", [False, True])
def test_the_upkeep_api(personas: Personas, team: bool) -> None:
    add_account = _add_overdue_account(personas)

    def add_rep_account(index: int) -> None:
        # the rep's own list holds only the rep's accounts: make every row theirs
        account_create(created_by=personas.rep, name=_name(index)).segments.add(
            Segment.objects.get(name="Called monthly")
        )

    assert_queries_constant(
        with_token(personas.manager if team else personas.rep),
        f"/api/v1/upkeep?team={str(team).lower()}&day={timezone.localdate().isoformat()}",
        add_row=add_account if team else add_rep_account,
        rows_key=None,
    )


def test_the_broken_contact_points_api(personas: Personas) -> None:
    def add_bounced_email(index: int) -> None:
        account = account_create(
            created_by=personas.rep if index % 2 else personas.other_rep, name=_name(index)
        )
        point = contact_point_add(
            added_by=personas.rep, kind="email", value=f"p{index}@acme.example", account=account
        )
        contact_point_set_status(contact_point=point, status="bounced", changed_by=personas.admin)

    assert_queries_constant(
        with_token(personas.coordinator),
        "/api/v1/hygiene/contact-points?limit=50",
        add_row=add_bounced_email,
    )
