"""Figures of the monthly report as people read them (money in the company currency, counts whole),
the same in the page, the PDF and the e-mail."""

from __future__ import annotations

from decimal import Decimal

from django import template

from salesdesk.planning.presentation import figure, percent_text, signed_figure

register = template.Library()


@register.simple_tag
def shown(value: Decimal | None, metric: str, currency: str) -> str:
    return figure(value, metric, currency) if value is not None else "—"


@register.simple_tag
def shown_signed(value: Decimal | None, metric: str, currency: str) -> str:
    return signed_figure(value, metric, currency) if value is not None else "—"


@register.filter
def shown_percent(value: Decimal | None) -> str:
    return percent_text(value).lstrip("+")


@register.filter
def figure_of(figures: dict[str, object], metric: str) -> object:
    return figures.get(metric)
