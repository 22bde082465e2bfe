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


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[Decimal]  # may be shorter than the labels (an actual that stops today)
    css_class: str  # e.g. "chart-line-plan": the colour comes from the style sheet


def line_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    shown_last: Sequence[str] = (),
    chart_id: str | None = None,
) -> SafeString:
    """Lines over the same x axis (e.g. cumulative plan and actual), scaled to the largest value, with a
    legend; `shown_last` are the readable last values written at the end of each line."""
    chart_id = chart_id or f"chart-{next(_ids)}"
    largest = max((Decimal(value) for line in series for value in line.values), default=Decimal(0))
    plot_height = HEIGHT - TOP - BOTTOM
    left, right = SIDE + 4, WIDTH - SIDE - 90
    step = (right - left) / max(len(labels) - 1, 1)

    def point(index: int, value: Decimal) -> tuple[float, float]:
        height = float(Decimal(value) / largest) * plot_height if largest > 0 else 0.0
        return left + index * step, TOP + plot_height - height

    lines = []
    for number, line in enumerate(series):
        points = [point(index, value) for index, value in enumerate(line.values)]
        if not points:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        last_x, last_y = points[-1]
        end_label = shown_last[number] if number < len(shown_last) else ""
        lines.append(
            format_html(
                '<g class="chart-series {}"><title>{}</title><polyline class="chart-line" points="{}" '
                'fill="none"></polyline><circle class="chart-dot" cx="{}" cy="{}" r="3"></circle>'
                '<text class="chart-value" x="{}" y="{}">{}</text></g>',
                line.css_class,
                line.name,
                path,
                f"{last_x:.1f}",
                f"{last_y:.1f}",
                f"{last_x + 6:.1f}",
                f"{last_y + 4:.1f}",
                end_label,
            )
        )
    every = max(1, len(labels) // 12)
    ticks = format_html_join(
        "",
        '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (f"{left + index * step:.1f}", f"{HEIGHT - BOTTOM + 16:.1f}", label)
            for index, label in enumerate(labels)
            if index % every == 0
        ),
    )
    legend = format_html_join(
        "",
        '<g class="chart-series {}"><line class="chart-line" x1="{}" y1="14" x2="{}" y2="14"></line>'
        '<text class="chart-label" x="{}" y="18">{}</text></g>',
        (
            (line.css_class, 12 + n * 170, 36 + n * 170, 42 + n * 170, line.name)
            for n, line in enumerate(series)
        ),
    )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {w} {h}" width="100%" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{legend}'
        '<line class="chart-axis" x1="{left}" y1="{base}" x2="{right}" y2="{base}"></line>'
        "{ticks}{body}</svg>",
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        title=title,
        desc=description,
        legend=legend,
        left=left,
        right=right,
        base=HEIGHT - BOTTOM,
        ticks=ticks,
        body=format_html_join("\n", "{}", ((item,) for item in lines)),
    )


# The colours of the chart classes, for renderers that do not apply the page's style sheet inside SVG
# (WeasyPrint draws SVG itself and reads only a <style> within it). Same colours as salesdesk.css.
PRINT_STYLE = (
    ".chart-bar{fill:#1d4ed8}.chart-axis{stroke:#5f6b7a}"
    ".chart-label,.chart-value{font-size:12px;fill:#1f2933}.chart-note{font-size:11px;fill:#5f6b7a}"
    ".chart-line{stroke-width:2.5;fill:none}"
    ".chart-line-plan .chart-line{stroke:#5f6b7a;stroke-dasharray:6 4}"
    ".chart-line-plan .chart-dot{fill:#5f6b7a}"
    ".chart-line-actual .chart-line{stroke:#1d4ed8}.chart-line-actual .chart-dot{fill:#1d4ed8}"
)


def for_print(chart: SafeString) -> SafeString:
    """The chart with its colours inside it, for a PDF; the page keeps the strict CSP and no <style>."""
    opening_end = chart.index(">") + 1
    return SafeString(f"{chart[:opening_end]}<style>{PRINT_STYLE}</style>{chart[opening_end:]}")
