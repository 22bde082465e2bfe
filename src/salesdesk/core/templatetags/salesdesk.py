"""Template helpers shared by every app: money in the reader's language, durations, dates."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import translation

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
