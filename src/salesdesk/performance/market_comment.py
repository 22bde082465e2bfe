"""K2: the trend comment drafted from the figures, one translatable sentence per finding.

Each sentence is whole in the catalogue (direction included), so every language can order it its own
way; only numbers are put in. The comparison is year over year, with one sentence on the previous period.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from salesdesk.core.money import Money
from salesdesk.core.periods import PeriodKind
from salesdesk.performance.market_analysis import Change, Indicator, MarketAnalysis


def _percent(value: Decimal) -> str:
    return f"{number_format(abs(value), 1, use_l10n=True)} %"


def _points(value: Decimal) -> str:
    return number_format(abs(value), 1, use_l10n=True)


def _direction(value: Decimal) -> int:
    return (value > 0) - (value < 0)


def _sales(analysis: MarketAnalysis, change: Change, money: str) -> str:
    if change.relative is None:
        return _(
            "Sales were %(amount)s; there are no sales in the same period last year to compare with."
        ) % {"amount": money}
    texts = {
        1: _("Sales rose %(change)s year over year to %(amount)s."),
        -1: _("Sales fell %(change)s year over year to %(amount)s."),
        0: _("Sales were flat year over year at %(amount)s."),
    }
    return texts[_direction(change.relative)] % {"change": _percent(change.relative), "amount": money}


def _market(change: Change) -> str:
    if change.now is None:
        return _("No market size has been entered for this period, so the market share is not known.")
    if change.relative is None:
        return ""
    texts = {
        1: _("The market grew %(change)s."),
        -1: _("The market shrank %(change)s."),
        0: _("The market stayed the same size."),
    }
    return texts[_direction(change.relative)] % {"change": _percent(change.relative)}


def _share(change: Change) -> str:
    if change.now is None:
        return ""
    share = _percent(change.now)
    if change.absolute is None:
        return _("Our market share is %(share)s.") % {"share": share}
    texts = {
        1: _("Market share rose %(points)s points to %(share)s."),
        -1: _("Market share fell %(points)s points to %(share)s."),
        0: _("Market share held at %(share)s."),
    }
    return texts[_direction(change.absolute)] % {"points": _points(change.absolute), "share": share}


def _satisfaction(change: Change) -> str:
    if change.now is None:
        return ""
    score = _points(change.now)
    if change.absolute is None:
        return _("Customer satisfaction stands at %(score)s of 100.") % {"score": score}
    texts = {
        1: _("Customer satisfaction rose %(points)s points to %(score)s of 100."),
        -1: _("Customer satisfaction fell %(points)s points to %(score)s of 100."),
        0: _("Customer satisfaction held at %(score)s of 100."),
    }
    return texts[_direction(change.absolute)] % {"points": _points(change.absolute), "score": score}


def _previous_period(analysis: MarketAnalysis, change: Change) -> str:
    if change.relative is None:
        return ""
    monthly = analysis.period.kind == PeriodKind.MONTH
    texts = {
        (True, 1): _("Against last month, sales rose %(change)s."),
        (True, -1): _("Against last month, sales fell %(change)s."),
        (True, 0): _("Sales were the same as last month."),
        (False, 1): _("Against last quarter, sales rose %(change)s."),
        (False, -1): _("Against last quarter, sales fell %(change)s."),
        (False, 0): _("Sales were the same as last quarter."),
    }
    return texts[(monthly, _direction(change.relative))] % {"change": _percent(change.relative)}


def draft_comment(analysis: MarketAnalysis) -> str:
    money = Money(analysis.current.sales, analysis.currency).format(translation.get_language() or "en")
    sentences = [
        _sales(analysis, analysis.change(Indicator.SALES, against="last_year"), money),
        _market(analysis.change(Indicator.MARKET_SIZE, against="last_year")),
        _share(analysis.change(Indicator.SHARE, against="last_year")),
        _satisfaction(analysis.change(Indicator.SATISFACTION, against="last_year")),
        _previous_period(analysis, analysis.change(Indicator.SALES, against="previous")),
    ]
    return " ".join(sentence for sentence in sentences if sentence)


def shown_comment(analysis: MarketAnalysis) -> str:
    """What the report prints: the edited comment when someone wrote one, else the draft."""
    if analysis.comment is not None and analysis.comment.text.strip():
        return analysis.comment.text
    return draft_comment(analysis)
