"""A small server-side SVG bar chart: no JavaScript, readable by screen readers through title and desc.

Colours come from CSS classes (`chart-bar`, `chart-label`, ...), so the markup carries no style.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 720
HEIGHT = 260
LEFT = 8
BOTTOM = 40  # room for the labels under the bars
TOP = 24  # room for the values above the bars
_ids = count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    shown_value: str  # the value as people read it, e.g. "€12,000.00"


def bar_chart(*, title: str, description: str, bars: Sequence[Bar]) -> SafeString:
    """An SVG with one bar per entry, scaled to the largest value; labels under, values over the bars."""
    chart_id = f"chart-{next(_ids)}"
    largest = max((bar.value for bar in bars), default=Decimal(0))
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT * 2) / max(len(bars), 1)
    bar_width = max(slot * 0.7, 1)
    shapes = []
    for index, bar in enumerate(bars):
        height = float(bar.value / largest) * plot_height if largest > 0 else 0.0
        x = LEFT + index * slot + (slot - bar_width) / 2
        y = TOP + plot_height - height
        shapes.append(
            (
                f"{x:.1f}",
                f"{y:.1f}",
                f"{bar_width:.1f}",
                f"{height:.1f}",
                f"{bar.label}: {bar.shown_value}",
                f"{x + bar_width / 2:.1f}",
                f"{HEIGHT - BOTTOM + 16:.1f}",
                bar.label,
                f"{max(y - 6, 12):.1f}",
                bar.shown_value,
            )
        )
    body = format_html_join(
        "\n",
        '<g class="chart-item"><rect class="chart-bar" x="{0}" y="{1}" width="{2}" height="{3}">'
        "<title>{4}</title></rect>"
        '<text class="chart-label" x="{5}" y="{6}" text-anchor="middle">{7}</text>'
        '<text class="chart-value" x="{5}" y="{8}" text-anchor="middle">{9}</text></g>',
        shapes,
    )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" aria-labelledby="{}-title {}-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}"/>{}</svg>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        LEFT,
        HEIGHT - BOTTOM,
        WIDTH - LEFT,
        HEIGHT - BOTTOM,
        body,
    )
