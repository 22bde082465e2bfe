"""Server-side SVG bar charts: the same markup in the page, a PDF and an e-mail; no JavaScript.

Screen readers get the chart's title and description and each bar's label and value. Colours come from
CSS classes (`chart-bar`, `chart-label`, `chart-value`, `chart-note`, `chart-axis`), so the markup carries
no style attribute and the strict CSP holds. Long labels wrap onto a second line under their bar.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 720
HEIGHT = 300
TOP = 40  # room above the bars for the value and a note
BOTTOM = 50  # room under the axis for two lines of label
SIDE = 8
LINE_HEIGHT = 14
_ids = count(1)


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: Decimal | int
    shown_value: str = ""  # the value as people read it ("€12,000.00"); the plain number when empty
    note: str = ""  # a second, smaller figure above the value, e.g. the rate from the previous step


def _text_width(text: str) -> float:
    """Rough width in pixels at the chart's 12px font: wide (CJK) characters take about twice the room."""
    return sum(12 if unicodedata.east_asian_width(char) in "WF" else 6.6 for char in text)


def _label_lines(label: str, room: float) -> list[str]:
    """The label on one line if it fits, else split at the space nearest its middle (two lines at most)."""
    if _text_width(label) <= room or " " not in label.strip():
        return [label]
    words = label.split()
    best = min(
        range(1, len(words)),
        key=lambda cut: max(_text_width(" ".join(words[:cut])), _text_width(" ".join(words[cut:]))),
    )
    return [" ".join(words[:best]), " ".join(words[best:])]


def bar_chart(
    *, title: str, description: str, bars: Sequence[Bar], chart_id: str | None = None
) -> SafeString:
    """One bar per entry, scaled to the largest value: label under the bar, value (and note) over it."""
    chart_id = chart_id or f"chart-{next(_ids)}"
    largest = max((Decimal(bar.value) for bar in bars), default=Decimal(0))
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - SIDE * 2) / max(len(bars), 1)
    bar_width = max(slot * 0.7, 1)
    items = []
    for index, bar in enumerate(bars):
        height = float(Decimal(bar.value) / largest) * plot_height if largest > 0 else 0.0
        x = SIDE + index * slot + (slot - bar_width) / 2
        y = TOP + plot_height - height
        centre = f"{x + bar_width / 2:.1f}"
        shown = bar.shown_value or str(bar.value)
        lines = _label_lines(bar.label, slot - 4)
        label = format_html_join(
            "",
            '<tspan x="{}" dy="{}">{}</tspan>',
            ((centre, 0 if number == 0 else LINE_HEIGHT, line) for number, line in enumerate(lines)),
        )
        note = (
            format_html(
                '<text class="chart-note" x="{}" y="{}" text-anchor="middle">{}</text>',
                centre,
                f"{max(y - 22, 10):.1f}",
                bar.note,
            )
            if bar.note
            else ""
        )
        items.append(
            format_html(
                '<g class="chart-item"><rect class="chart-bar" x="{}" y="{}" width="{}" '
                'height="{}" rx="2"><title>{}: {}</title></rect>{}'
                '<text class="chart-value" x="{}" y="{}" text-anchor="middle">{}</text>'
                '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text></g>',
                f"{x:.1f}",
                f"{y:.1f}",
                f"{bar_width:.1f}",
                f"{height:.1f}",
                bar.label,
                shown,
                note,
                centre,
                f"{max(y - 6, 24):.1f}",
                shown,
                centre,
                f"{HEIGHT - BOTTOM + 16:.1f}",
                label,
            )
        )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {w} {h}" width="100%" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line class="chart-axis" x1="{side}" y1="{base}" x2="{right}" y2="{base}"></line>{body}</svg>',
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        title=title,
        desc=description,
        side=SIDE,
        right=WIDTH - SIDE,
        base=HEIGHT - BOTTOM,
        body=format_html_join("\n", "{}", ((item,) for item in items)),
    )
