"""Reports: the monthly report and one's own numbers cost as many queries for 50 reps or versions as for 1.

| List                                              | Kind | Where tested                          |
|---------------------------------------------------|------|---------------------------------------|
| /reports/monthly/ (one line per rep)              | page | here                                  |
| /reports/my-numbers/ (the versions handed in)     | page | here                                  |
| /api/v1/reports/monthly (one line per rep)        | API  | here                                  |
| /api/v1/reports/monthly/submissions/mine          | API  | here (the latest of 50 versions)      |
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from salesdesk.conftest import Personas
from salesdesk.customers.services import account_create
from salesdesk.org.choices import Role
from salesdesk.pipeline.services import opportunity_create
from salesdesk.reports.services import submission_save
from salesdesk.reports.tests.scenario import DEADLINE, OCTOBER, give_goal, sell
from salesdesk.reports.tests.test_api import FIGURES
from salesdesk.testing.factories import make_user
from salesdesk.testing.query_counts import RowMaker, assert_queries_constant, signed_in, with_token

pytestmark = pytest.mark.django_db

# The unit's report also has a line for each of the two persona reps.
PERSONA_REPS = 2


def _add_rep(personas: Personas) -> RowMaker:
    """A rep of the unit with a yearly goal, an order in October 2026 and an open deal; every other rep
    has handed in October's numbers, so the report has both comments and reps missing."""

    def add(index: int) -> None:
        rep = make_user(
            f"seller{index:02d}",
            roles=[Role.SALES_REP],
            business_unit=personas.unit,
            manager=personas.manager,
            full_name=f"Seller {index:02d}",
        )
        give_goal(personas, rep, "24000")
        sell(rep, date(2026, 10, 5), 1, "100", name=f"Kunde {index:02d}")
        opportunity_create(
            created_by=rep,
            account=account_create(created_by=rep, name=f"Deal {index:02d}"),
            name="Jahresanzeigen",
            expected_close=date(2026, 12, 20),
            amount=Decimal(1000),
            probability=10,
        )
        if index % 2 == 0:
            submission_save(
                person=rep,
                month=OCTOBER,
                figures=FIGURES,
                comment="Guter Monat",
                submitted_by=rep,
                expected_version=None,
                today=DEADLINE,
            )

    return add


def _hand_in_again(personas: Personas) -> RowMaker:
    """The rep hands October's numbers in once more: version `index + 1`, commented with its number."""

    def add(index: int) -> None:
        submission_save(
            person=personas.rep,
            month=OCTOBER,
            figures=FIGURES,
            comment=f"Version {index:02d}",
            submitted_by=personas.rep,
            expected_version=index or None,
            today=DEADLINE,
        )

    return add


def test_the_monthly_report_page(personas: Personas) -> None:
    assert_queries_constant(
        signed_in(personas.coordinator),
        "/reports/monthly/?month=2026-10",
        add_row=_add_rep(personas),
        row_text=lambda index: f"Seller {index:02d}<",
    )


def test_the_monthly_report_api(personas: Personas) -> None:
    assert_queries_constant(
        with_token(personas.coordinator),
        "/api/v1/reports/monthly?month=2026-10",
        add_row=_add_rep(personas),
        rows_key="lines",
        expect_rows=50 + PERSONA_REPS,
    )


def test_my_numbers_page_lists_every_version(personas: Personas) -> None:
    assert_queries_constant(
        signed_in(personas.rep),
        "/reports/my-numbers/?month=2026-10",
        add_row=_hand_in_again(personas),
        row_text=lambda index: f"Version {index:02d}<",
    )


def test_my_submission_api_after_many_versions(personas: Personas) -> None:
    def versions(response: Any) -> int:
        body = response.json()
        assert body["comment"] == f"Version {body['version'] - 1:02d}"
        return int(body["version"])

    assert_queries_constant(
        with_token(personas.rep),
        "/api/v1/reports/monthly/submissions/mine?month=2026-10",
        add_row=_hand_in_again(personas),
        count_rows=versions,
    )
