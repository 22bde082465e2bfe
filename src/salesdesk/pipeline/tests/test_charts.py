"""The server-side SVG bar chart."""

from __future__ import annotations

from decimal import Decimal

from salesdesk.pipeline.charts import Bar, bar_chart


def test_it_draws_one_bar_per_value_scaled_to_the_largest_with_escaped_text() -> None:
    svg = bar_chart(
        title="Weighted <forecast>",
        description="By month",
        bars=[
            Bar(label="May", value=Decimal(50), shown_value="€50.00"),
            Bar(label="June", value=Decimal(100), shown_value="€100.00"),
        ],
    )

    assert svg.startswith('<svg class="chart" role="img"')
    assert "Weighted &lt;forecast&gt;</title>" in svg
    assert svg.count('<rect class="chart-bar"') == 2
    assert 'height="98.0"><title>May: €50.00</title>' in svg
    assert 'height="196.0"><title>June: €100.00</title>' in svg
    assert "style=" not in svg


def test_it_draws_an_empty_axis_when_everything_is_zero() -> None:
    svg = bar_chart(title="t", description="d", bars=[Bar(label="May", value=Decimal(0), shown_value="0")])

    assert 'height="0.0"' in svg
