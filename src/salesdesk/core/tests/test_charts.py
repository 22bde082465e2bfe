"""The shared server-side SVG bar chart."""

from __future__ import annotations

from decimal import Decimal

from salesdesk.core.charts import Bar, bar_chart


def test_it_draws_one_bar_per_value_scaled_to_the_largest_with_escaped_text() -> None:
    svg = bar_chart(
        title="Weighted <forecast>",
        description="By month",
        bars=[
            Bar(label="May", value=Decimal(50), shown_value="€50.00"),
            Bar(label="June & July", value=Decimal(100), shown_value="€100.00"),
        ],
        chart_id="c",
    )

    assert svg.startswith('<svg class="chart" role="img"')
    assert '<title id="c-title">Weighted &lt;forecast&gt;</title>' in svg
    assert svg.count('<rect class="chart-bar"') == 2
    # the plot is 210 units high: the largest bar fills it, half the value fills half
    assert 'height="105.0" rx="2"><title>May: €50.00</title>' in svg
    assert 'height="210.0" rx="2"><title>June &amp; July: €100.00</title>' in svg
    assert "style=" not in svg


def test_a_bar_without_a_shown_value_shows_its_number_and_its_note() -> None:
    svg = bar_chart(title="t", description="d", bars=[Bar("Attempted", 396, note="10.1%"), Bar("Won", 4)])

    assert ">396</text>" in svg
    assert '<text class="chart-note"' in svg
    assert ">10.1%</text>" in svg
    assert svg.count('<text class="chart-note"') == 1


def test_long_labels_wrap_onto_a_second_line_under_their_bar() -> None:
    labels = [
        "Опит за контакт",
        "Осъществен контакт",
        "Квалифициран",
        "Предаден на представител",
        "Превърнат в клиент",
    ]
    svg = bar_chart(title="t", description="d", bars=[Bar(label, 1) for label in labels])

    assert ">Предаден на</tspan>" in svg
    assert ">представител</tspan>" in svg
    assert ">Квалифициран</tspan>" in svg  # one word stays whole


def test_it_draws_an_empty_axis_when_everything_is_zero() -> None:
    svg = bar_chart(title="t", description="d", bars=[Bar(label="May", value=Decimal(0), shown_value="0")])

    assert 'height="0.0"' in svg
