"""The forecast's sums are remembered between page views, and any change to a deal, a stage's probability
or an exchange rate shows at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from salesdesk.conftest import Personas
from salesdesk.core.fx import fx_rate_set
from salesdesk.pipeline.models import Pipeline, Stage
from salesdesk.pipeline.selectors import forecast
from salesdesk.pipeline.services import opportunity_update
from salesdesk.pipeline.tests.conftest import MakeOpportunity

TODAY = date(2030, 1, 10)
MAY = date(2030, 5, 1)


def _may(personas: Personas) -> tuple[int, Decimal, Decimal]:
    month = next(row for row in forecast(user=personas.rep, today=TODAY) if row.month == MAY)
    return month.count, month.amount.total.amount, month.weighted.total.amount


def _deal_sums_read(personas: Personas) -> int:
    with CaptureQueriesContext(connection) as queries:
        forecast(user=personas.rep, today=TODAY)
    return sum(1 for query in queries.captured_queries if "GROUP BY" in query["sql"].upper())


def test_a_second_reading_is_remembered_and_every_kind_of_change_is_seen(
    personas: Personas, pipeline: Pipeline, make_opportunity: MakeOpportunity
) -> None:
    fx_rate_set(currency="USD", valid_on=date(2029, 12, 1), rate=Decimal("2"))
    deal = make_opportunity("Ovens", amount=Decimal("1000"), expected_close=date(2030, 5, 20))
    first = _may(personas)
    assert first[:2] == (1, Decimal("1000"))
    assert _deal_sums_read(personas) == 0  # nothing changed: the sums come from the cache

    # A new deal
    make_opportunity("Mixers", amount=Decimal("400"), currency="USD", expected_close=date(2030, 5, 25))
    assert _may(personas)[:2] == (2, Decimal("1200"))

    # An edited amount
    opportunity_update(opportunity=deal, changed_by=personas.rep, expected_version=deal.version, amount=3000)
    assert _may(personas)[:2] == (2, Decimal("3200"))

    # A corrected exchange rate (same row, new value)
    fx_rate_set(currency="USD", valid_on=date(2029, 12, 1), rate=Decimal("4"))
    assert _may(personas)[:2] == (2, Decimal("3100"))

    # A stage's probability, which weighs every deal in it that has none of its own
    stage = Stage.objects.get(pk=deal.stage_id)
    before = _may(personas)[2]
    stage.probability = stage.probability + 10
    stage.save()
    assert _may(personas)[2] > before
