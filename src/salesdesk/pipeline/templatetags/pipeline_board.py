"""The board's "Move to" choices, written in one pass: every card of a column offers the same stages, and
a board of 150 cards would otherwise render 900 option tags through the template engine."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from salesdesk.pipeline.models import Stage

register = template.Library()

SELECTED = mark_safe(" selected")  # a constant attribute, nothing to escape


@register.filter
def stage_options(stages: Sequence[Stage], current_stage_id: int) -> SafeString:
    """`<option>`s of `stages` (labels in the reader's language, escaped), the current one selected."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((stage.pk, SELECTED if stage.pk == current_stage_id else "", stage.label) for stage in stages),
    )
