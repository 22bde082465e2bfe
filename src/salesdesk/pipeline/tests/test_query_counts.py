"""Pipelines, opportunities and the forecast cost as many queries for 50 rows as for 1.

| List                          | Kind | Where tested                              |
|-------------------------------|------|-------------------------------------------|
| /opportunities/               | page | test_views.py                             |
| /pipeline/ (kanban board)     | page | test_views.py                             |
| /pipeline/forecast/           | page | here (50 months of expected close)        |
| /api/v1/opportunities         | API  | test_views.py                             |
| /api/v1/pipelines             | API  | here                                      |
| /api/v1/forecast              | API  | here (50 months of expected close)        |
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils.dateformat import format as date_format

from salesdesk.conftest import Personas
from salesdesk.pipeline.models import Pipeline, Stage
from salesdesk.pipeline.tests.conftest import MakeOpportunity
from salesdesk.testing.query_counts import RowMaker, assert_queries_constant, signed_in, with_token

pytestmark = pytest.mark.django_db


def _close_month(index: int) -> date:
    return date(2030 + index // 12, index % 12 + 1, 20)


def _add_deal(personas: Personas, make_opportunity: MakeOpportunity) -> RowMaker:
    """A deal closing in a month of its own; every third in US dollars, to be converted."""

    def add(index: int) -> None:
        make_opportunity(
            f"Deal {index:02d}",
            owner=personas.rep if index % 2 else personas.other_rep,
            currency="USD" if index % 3 == 0 else "EUR",
            amount=Decimal(1000 + index),
            expected_close=_close_month(index),
        )

    return add


def test_the_forecast_page(personas: Personas, make_opportunity: MakeOpportunity) -> None:
    assert_queries_constant(
        signed_in(personas.manager),
        "/pipeline/forecast/",
        add_row=_add_deal(personas, make_opportunity),
        row_text=lambda index: date_format(_close_month(index), "F Y"),
    )


def test_the_forecast_api(personas: Personas, make_opportunity: MakeOpportunity) -> None:
    assert_queries_constant(
        with_token(personas.manager),
        "/api/v1/forecast",
        add_row=_add_deal(personas, make_opportunity),
        rows_key=None,
    )


def test_the_pipeline_api(personas: Personas) -> None:
    def add_pipeline(index: int) -> None:
        pipeline = Pipeline.objects.create(business_unit=personas.unit, name=f"Pipeline {index:02d}")
        Stage.objects.bulk_create(
            Stage(pipeline=pipeline, name=f"Step {step}", position=step, probability=step * 20)
            for step in range(1, 4)
        )

    assert_queries_constant(
        with_token(personas.rep), "/api/v1/pipelines", add_row=add_pipeline, rows_key=None
    )
