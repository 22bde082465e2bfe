"""A small server-side SVG bar chart: no JavaScript, readable by screen readers (title and desc).

Colours come from the stylesheet through class names, so the strict CSP (no inline styles) holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    note: str = ""  # shown above the value, e.g. the rate from the previous step


def bar_chart_svg(
    *,
    title: str,
    description: str,
    bars: Sequence[Bar],
    chart_id: str = "chart",
    width: int = 640,
    height: int = 280,
) -> SafeString:
    """Vertical bars scaled to the largest value, each with its label below and its value above."""
    top, bottom, gap = 40, 40, 16
    plot_height = height - top - bottom
    count = max(1, len(bars))
    bar_width = (width - gap * (count + 1)) / count
    largest = max((bar.value for bar in bars), default=0) or 1
    shapes = []
    for index, bar in enumerate(bars):
        x = gap + index * (bar_width + gap)
        bar_height = plot_height * bar.value / largest
        y = top + plot_height - bar_height
        centre = x + bar_width / 2
        shapes.append(
            (
                f"{x:.1f}",
                f"{y:.1f}",
                f"{bar_width:.1f}",
                f"{bar_height:.1f}",
                f"{centre:.1f}",
                f"{y - 6:.1f}",
                bar.value,
                f"{y - 22:.1f}",
                bar.note,
                f"{top + plot_height + 20:.1f}",
                bar.label,
            )
        )
    body = format_html_join(
        "\n",
        '<g class="chart-bar"><rect x="{}" y="{}" width="{}" height="{}" rx="2"></rect>'
        '<text class="chart-value" x="{}" y="{}" text-anchor="middle">{}</text>'
        '<text class="chart-note" x="{}" y="{}" text-anchor="middle">{}</text>'
        '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text></g>',
        ((s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[4], s[7], s[8], s[4], s[9], s[10]) for s in shapes),
    )
    baseline = top + plot_height
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {w} {h}" width="100%" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line class="chart-axis" x1="0" y1="{base}" x2="{w}" y2="{base}"></line>{body}</svg>',
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=description,
        base=baseline,
        body=body,
    )
