"""Amounts of money: a Decimal and an ISO 4217 currency, rounded per currency only at the edges.

Arithmetic keeps full precision (four decimal places in the database); `quantized()` rounds to the
currency's own minor unit (2 for EUR, 0 for JPY, 3 for KWD), which is what a user sees or is billed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from babel.numbers import get_currency_precision, list_currencies
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

from salesdesk.core.money_format import currency_formatter

_KNOWN_CURRENCIES = frozenset(list_currencies())
STORAGE_PLACES = Decimal("0.0001")


def is_currency(code: str) -> bool:
    return code in _KNOWN_CURRENCIES


def validate_currency(code: str) -> None:
    if not is_currency(code):
        raise ValidationError(_("%(code)s is not an ISO 4217 currency code."), params={"code": code})


@cache  # babel looks the code up in its locale data on every call; every amount shown asks
def currency_precision(code: str) -> int:
    return int(get_currency_precision(code))


def to_decimal(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):  # floats would carry binary rounding errors into money
        raise TypeError("Money amounts must be Decimal, int or str, never float.")
    try:
        return Decimal(value)
    except InvalidOperation as exc:
        raise ValidationError(_("%(value)s is not an amount."), params={"value": value}) from exc


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_decimal(self.amount))
        validate_currency(self.currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def quantized(self) -> Money:
        places = Decimal(1).scaleb(-currency_precision(self.currency))
        return Money(self.amount.quantize(places, rounding=ROUND_HALF_UP), self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"Cannot combine {self.currency} and {other.currency} without converting.")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        return Money(self.amount * to_decimal(factor), self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def format(self, language: str) -> str:
        """The amount as a person reading `language` expects it, rounded to the currency's minor unit."""
        rounded = self.quantized()
        return currency_formatter(babel_locale(language), rounded.currency)(rounded.amount)

    def __str__(self) -> str:
        return f"{self.quantized().amount} {self.currency}"


def babel_locale(language: str) -> str:
    # Django says zh-hans, Babel says zh_Hans_CN; both mean Simplified Chinese.
    locale = to_locale(language or "en")
    return {"zh_Hans": "zh_Hans_CN"}.get(locale, locale)
