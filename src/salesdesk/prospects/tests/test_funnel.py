"""The funnel report: counts by the period each step was reached, by source; rates, waste, CSV, chart."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.test import Client

from salesdesk.api.tests.conftest import ApiClientFor
from salesdesk.conftest import Personas
from salesdesk.core.charts import Bar, bar_chart
from salesdesk.prospects.models import Prospect
from salesdesk.prospects.selectors import funnel_report
from salesdesk.prospects.tests.conftest import MakeProspect

pytestmark = pytest.mark.django_db

STEPS = ("attempted_at", "reached_at", "qualified_at", "teed_up_at", "converted_at")


def _at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, 0, tzinfo=UTC)


@pytest.fixture
def history(make_prospect: MakeProspect) -> None:
    """Seven prospects whose steps fall in January and February 2026 (one in March, outside the range)."""
    rows = [
        ("cold_call", [(1, 5), (1, 6), (1, 7), (1, 8), (2, 3)]),
        ("cold_call", [(1, 10), (2, 1)]),
        ("cold_call", [(1, 11)]),
        ("cold_call", [(1, 12)]),
        ("trade_show", [(2, 2), (2, 2), (2, 3), (2, 4), (2, 5)]),
        ("trade_show", [(2, 9)]),
        ("trade_show", [(3, 1)]),
    ]
    for number, (source, steps) in enumerate(rows):
        prospect = make_prospect(f"Prospect {number}", source=source)
        Prospect.objects.filter(pk=prospect.pk).update(
            **{stamp: _at(*day) for stamp, day in zip(STEPS, steps, strict=False)}
        )


def test_it_counts_each_step_in_the_month_it_was_reached_by_source(personas: Personas, history: None) -> None:
    report = funnel_report(
        user=personas.coordinator, kind="month", start=date(2026, 1, 1), end=date(2026, 2, 28)
    )

    january, february = report.periods
    assert [(row.source, row.step_counts) for row in january.rows] == [("cold_call", [4, 1, 1, 1, 0])]
    assert [(row.source, row.step_counts) for row in february.rows] == [
        ("cold_call", [0, 1, 0, 0, 1]),
        ("trade_show", [2, 1, 1, 1, 1]),
    ]
    assert report.total.step_counts == [6, 3, 2, 2, 2]
    assert report.total.step_rates == [Decimal("50.0"), Decimal("66.7"), Decimal("100.0"), Decimal("100.0")]
    assert (report.total.conversion, report.total.waste) == (Decimal("33.3"), Decimal("66.7"))
    assert [(row.source, row.step_counts, row.conversion, row.waste) for row in report.by_source] == [
        ("cold_call", [4, 2, 1, 1, 1], Decimal("25.0"), Decimal("75.0")),
        ("trade_show", [2, 1, 1, 1, 1], Decimal("50.0"), Decimal("50.0")),
    ]


def test_it_sums_a_quarter_and_filters_by_source(personas: Personas, history: None) -> None:
    quarter = funnel_report(
        user=personas.coordinator, kind="quarter", start=date(2026, 1, 1), end=date(2026, 3, 31)
    )
    assert [(p.period.key, p.total.step_counts) for p in quarter.periods] == [("2026-Q1", [7, 3, 2, 2, 2])]

    fairs = funnel_report(
        user=personas.coordinator,
        kind="month",
        start=date(2026, 1, 1),
        end=date(2026, 2, 28),
        source="trade_show",
    )
    assert fairs.total.step_counts == [2, 1, 1, 1, 1]


def test_people_outside_the_unit_see_an_empty_funnel(personas: Personas, history: None) -> None:
    report = funnel_report(
        user=personas.outsider, kind="year", start=date(2026, 1, 1), end=date(2026, 12, 31)
    )
    assert report.total.step_counts == [0, 0, 0, 0, 0]
    assert (report.total.conversion, report.total.waste) == (None, None)


def test_the_funnel_page_shows_the_waste_and_an_accessible_chart(personas: Personas, history: None) -> None:
    client = Client()
    client.force_login(personas.coordinator)
    response = client.get("/prospects/funnel/?kind=month&start=2026-01-01&end=2026-02-28")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<p class="lead" data-testid="funnel-waste">66.7%</p>' in html
    assert '<title id="funnel-chart-title">Prospecting funnel</title>' in html
    assert "6 prospects attempted, 2 converted; 66.7% of the effort went to waste." in html
    assert "<script" not in html.split("<main", 1)[1]


def test_the_funnel_csv_has_a_row_per_period_and_source(personas: Personas, history: None) -> None:
    client = Client()
    client.force_login(personas.coordinator)
    response = client.get("/prospects/funnel.csv?kind=month&start=2026-01-01&end=2026-02-28")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0][:7] == ["Period", "Source", "Attempted", "Reached", "Qualified", "Teed up", "Converted"]
    assert rows[1:] == [
        ["2026-M01", "Cold call", "4", "1", "1", "1", "0", "25.0", "100.0", "100.0", "0.0", "0.0", "100.0"],
        ["2026-M01", "All sources", "4", "1", "1", "1", "0", "25.0", "100.0", "100.0", "0.0", "0.0", "100.0"],
        ["2026-M02", "Cold call", "0", "1", "0", "0", "1", "", "0.0", "", "", "", ""],
        [
            "2026-M02",
            "Trade show",
            "2",
            "1",
            "1",
            "1",
            "1",
            "50.0",
            "100.0",
            "100.0",
            "100.0",
            "50.0",
            "50.0",
        ],
        [
            "2026-M02",
            "All sources",
            "2",
            "2",
            "1",
            "1",
            "2",
            "100.0",
            "50.0",
            "100.0",
            "200.0",
            "100.0",
            "0.0",
        ],
        ["Total", "All sources", "6", "3", "2", "2", "2", "50.0", "66.7", "100.0", "100.0", "33.3", "66.7"],
    ]


def test_the_funnel_api_answers_the_same_numbers(
    personas: Personas, history: None, api_client_for: ApiClientFor
) -> None:
    body = (
        api_client_for(personas.coordinator)
        .get("/api/v1/prospects/funnel?kind=month&start=2026-01-01&end=2026-02-28")
        .json()
    )
    assert [p["key"] for p in body["periods"]] == ["2026-M01", "2026-M02"]
    assert body["total"]["counts"] == {
        "attempted": 6,
        "reached": 3,
        "qualified": 2,
        "teed_up": 2,
        "converted": 2,
    }
    assert (body["total"]["conversion"], body["total"]["waste"]) == ("33.3", "66.7")


def test_the_chart_escapes_labels_and_scales_bars_to_the_largest() -> None:
    svg = str(
        bar_chart(title="Funnel <1>", description="d", bars=[Bar("A&B", 100), Bar("C", 1)], chart_id="c")
    )
    assert '<title id="c-title">Funnel &lt;1&gt;</title>' in svg
    assert "A&amp;B" in svg
    assert 'height="210.0"' in svg
    assert 'height="2.1"' in svg
