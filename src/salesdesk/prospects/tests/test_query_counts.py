"""Prospecting lists and the funnel cost as many queries for 50 rows as for 1.

| List                              | Kind | Where tested                  |
|-----------------------------------|------|-------------------------------|
| /prospects/                       | page | test_prospect_views.py        |
| /prospects/questionnaires/        | page | here                          |
| /prospects/funnel/                | page | here (50 prospects, 5 years)  |
| /api/v1/prospects                 | API  | test_prospects_api.py         |
| /api/v1/prospects/funnel          | API  | here (50 prospects, 5 years)  |
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from salesdesk.conftest import Personas
from salesdesk.prospects.choices import ProspectSource
from salesdesk.prospects.models import Prospect
from salesdesk.prospects.services import questionnaire_create
from salesdesk.prospects.tests.conftest import MakeProspect
from salesdesk.testing.query_counts import RowMaker, assert_queries_constant, signed_in, with_token

pytestmark = pytest.mark.django_db

# Monthly funnel periods from 2022 to 2026: each prospect lands in a month of its own.
FUNNEL_QUERY = "kind=month&start=2022-01-01&end=2026-12-31"


def _add_attempted(make_prospect: MakeProspect) -> RowMaker:
    sources = list(ProspectSource)

    def add(index: int) -> None:
        prospect = make_prospect(f"Prospect {index:02d}", source=sources[index % len(sources)])
        attempted = datetime(2022 + index // 12, index % 12 + 1, 15, 12, tzinfo=UTC)
        reached = attempted if index % 3 == 0 else None
        Prospect.objects.filter(pk=prospect.pk).update(attempted_at=attempted, reached_at=reached)

    return add


def _attempted_on_page(response: Any) -> int:
    found = re.search(r'data-testid="funnel-attempted">(\d+)<', response.content.decode())
    assert found is not None
    return int(found.group(1))


def test_the_questionnaire_page(personas: Personas) -> None:
    def add_questionnaire(index: int) -> None:
        questionnaire_create(
            created_by=personas.coordinator, name=f"Questionnaire {index:02d}", qualifying_score=1
        )

    assert_queries_constant(
        signed_in(personas.coordinator),
        "/prospects/questionnaires/",
        add_row=add_questionnaire,
        row_text=lambda index: f"Questionnaire {index:02d}<",
    )


def test_the_funnel_page(personas: Personas, make_prospect: MakeProspect) -> None:
    assert_queries_constant(
        signed_in(personas.coordinator),
        f"/prospects/funnel/?{FUNNEL_QUERY}",
        add_row=_add_attempted(make_prospect),
        count_rows=_attempted_on_page,
    )


def test_the_funnel_api(personas: Personas, make_prospect: MakeProspect) -> None:
    assert_queries_constant(
        with_token(personas.coordinator),
        f"/api/v1/prospects/funnel?{FUNNEL_QUERY}",
        add_row=_add_attempted(make_prospect),
        count_rows=lambda response: response.json()["total"]["counts"]["attempted"],
    )
