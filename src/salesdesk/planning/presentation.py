"""Figures as people read them, the same in the page, the PDF and the spreadsheet's labels."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format

from salesdesk.core.money import Money
from salesdesk.planning.choices import MONEY_METRICS


def figure(value: Decimal | None, metric: str, currency: str) -> str:
    if value is None:
        return ""
    if metric in MONEY_METRICS:
        return Money(value.quantize(Decimal("0.01")), currency).format(translation.get_language() or "en")
    return number_format(value.quantize(Decimal(1)), 0, use_l10n=True, force_grouping=True)


def signed_figure(value: Decimal, metric: str, currency: str) -> str:
    text = figure(abs(value), metric, currency)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


def percent_text(value: Decimal | None) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{number_format(abs(value), 1, use_l10n=True)} %"
