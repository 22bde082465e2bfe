"""Money: Decimal amounts in one currency, rounded to the currency's minor unit at the edges."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from salesdesk.core.money import Money


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("10.005", "EUR", "10.01"),
        ("10.004", "EUR", "10.00"),
        ("1234.5", "JPY", "1235"),
        ("1234.4999", "JPY", "1234"),
        ("1.2345", "KWD", "1.235"),
        ("-2.0005", "KWD", "-2.001"),
    ],
)
def test_quantized_rounds_half_up_to_the_currency_minor_unit(
    amount: str, currency: str, expected: str
) -> None:
    # given an amount held with storage precision
    money = Money(Decimal(amount), currency)

    # when it is rounded for showing or billing
    rounded = money.quantized()

    # then it has exactly the currency's decimal places
    assert str(rounded.amount) == expected
    assert rounded.currency == currency


def test_str_shows_the_rounded_amount_and_the_code() -> None:
    assert str(Money(Decimal("1234.5"), "JPY")) == "1235 JPY"
    assert str(Money(Decimal("7"), "KWD")) == "7.000 KWD"


def test_arithmetic_keeps_full_precision_until_rounded() -> None:
    # given three thirds of a euro cent each
    third = Money(Decimal("0.0033"), "EUR")

    # when they are added
    total = third + third + third

    # then nothing was lost on the way; rounding happens only when asked
    assert total.amount == Decimal("0.0099")
    assert str(total.quantized().amount) == "0.01"


def test_a_float_amount_is_refused() -> None:
    with pytest.raises(TypeError, match="never float"):
        Money(0.1, "EUR")  # type: ignore[arg-type]


def test_multiplying_by_a_float_is_refused() -> None:
    with pytest.raises(TypeError, match="never float"):
        Money(Decimal("10"), "EUR") * 1.1  # type: ignore[operator]


def test_an_unknown_currency_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Money(Decimal("1"), "XYZ1")
    assert caught.value.messages == ["XYZ1 is not an ISO 4217 currency code."]


def test_adding_another_currency_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^Cannot combine EUR and USD without converting\.$"):
        Money(Decimal("10"), "EUR") + Money(Decimal("10"), "USD")


def test_subtracting_another_currency_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^Cannot combine JPY and EUR without converting\.$"):
        Money(Decimal("10"), "JPY") - Money(Decimal("10"), "EUR")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "€1,234.56"),
        ("de", "1.234,56\xa0€"),
        ("it", "1.234,56\xa0€"),
        ("zh-hans", "€1,234.56"),
        ("bg", "1\xa0234,56\xa0€"),
    ],
)
def test_format_in_euros_follows_the_reader_language(language: str, expected: str) -> None:
    assert Money(Decimal("1234.5649"), "EUR").format(language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "¥1,235"),
        ("de", "1.235\xa0¥"),
        ("it", "1.235\xa0JPY"),
        ("zh-hans", "JP¥1,235"),
        ("bg", "1\xa0235\xa0JPY"),
    ],
)
def test_format_in_yen_shows_no_decimals(language: str, expected: str) -> None:
    assert Money(Decimal("1234.5"), "JPY").format(language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "KWD1,234.568"),
        ("de", "1.234,568\xa0KWD"),
        ("zh-hans", "KWD1,234.568"),
        ("bg", "1\xa0234,568\xa0KWD"),
    ],
)
def test_format_in_dinars_shows_three_decimals(language: str, expected: str) -> None:
    assert Money(Decimal("1234.5675"), "KWD").format(language) == expected


def test_format_rounds_half_up_before_formatting() -> None:
    # Babel alone would round 0.125 half-even to 0.12; the currency edge rounds half up.
    assert Money(Decimal("0.125"), "EUR").format("en") == "€0.13"


def test_format_of_a_negative_amount_in_german() -> None:
    assert Money(Decimal("-1234.56"), "USD").format("de") == "-1.234,56\xa0$"


def test_format_without_a_language_uses_english() -> None:
    assert Money(Decimal("5"), "EUR").format("") == "€5.00"
