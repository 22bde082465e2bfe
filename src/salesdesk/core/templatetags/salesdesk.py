"""Template helpers shared by every app: money in the reader's language, durations, dates."""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal

from django import template
from django.urls import get_script_prefix
from django.utils import translation

from salesdesk.core.links import record_link
from salesdesk.core.money import Money

register = template.Library()


@register.filter
def money(value: Money | None) -> str:
    if value is None:
        return ""
    return value.format(translation.get_language() or "en")


@register.simple_tag
def amount(value: Decimal | int | str | None, currency: str) -> str:
    if value is None or not currency:
        return ""
    return Money(Decimal(value), currency).format(translation.get_language() or "en")


@register.filter
def record_path(pk: int, url_name: str) -> str:
    """`{{ row.pk|record_path:"app:detail" }}`: the record's path, reversing the pattern once per page
    rather than once per row (lists of a hundred cards with several links each)."""
    return _record_link(url_name, get_script_prefix())(pk)


@functools.lru_cache(maxsize=256)
def _record_link(url_name: str, script_prefix: str) -> Callable[[int], str]:
    # Keyed by the script prefix too, which `reverse` puts in front of every path.
    return record_link(url_name)
