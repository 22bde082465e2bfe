"""The cached currency formatter writes exactly what Babel's format_currency writes."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency
from hypothesis import given, settings
from hypothesis import strategies as st

from salesdesk.core.money import Money, babel_locale
from salesdesk.core.money_format import currency_formatter

LOCALES = ["en", "en_GB", "de", "de_CH", "it", "zh_Hans_CN", "bg", "fr", "ja", "ar", "hi_IN"]
CURRENCIES = ["EUR", "USD", "CNY", "BGN", "JPY", "KWD", "GBP", "CHF", "INR"]


@settings(max_examples=300, deadline=None)
@given(
    locale=st.sampled_from(LOCALES),
    currency=st.sampled_from(CURRENCIES),
    amount=st.decimals(
        min_value=-(10**12), max_value=10**12, places=4, allow_nan=False, allow_infinity=False
    ),
)
def test_it_matches_babel_for_any_amount_locale_and_currency(
    locale: str, currency: str, amount: Decimal
) -> None:
    rounded = Money(amount, currency).quantized().amount

    assert currency_formatter(locale, currency)(rounded) == format_currency(rounded, currency, locale=locale)


def test_money_shows_as_each_language_writes_it() -> None:
    amount = Money(Decimal("12000"), "EUR")

    assert amount.format("de") == "12.000,00\xa0€"
    assert amount.format("en") == "€12,000.00"
    assert Money(Decimal("1234.5"), "CNY").format("zh-hans") == "¥1,234.50"
    assert Money(Decimal("99.999"), "BGN").format("bg") == "100,00\xa0лв."
    assert babel_locale("zh-hans") == "zh_Hans_CN"
