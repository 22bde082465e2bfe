"""Exchange rates: conversion through the company currency at the rate valid on the document's date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from salesdesk.core.fx import MissingRateError, convert, fx_rate_set, rate_on, to_company_currency
from salesdesk.core.models import CompanySettings, FxRate
from salesdesk.core.money import Money

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates() -> None:
    """Company currency EUR; USD and GBP rates from January, USD changes on 1 February."""
    assert CompanySettings.current().currency == "EUR"
    fx_rate_set(currency="USD", valid_on=date(2026, 1, 1), rate=Decimal("1.10"))
    fx_rate_set(currency="USD", valid_on=date(2026, 2, 1), rate=Decimal("1.25"))
    fx_rate_set(currency="GBP", valid_on=date(2026, 1, 1), rate=Decimal("0.85"))


def test_it_converts_to_the_company_currency_at_the_dated_rate(rates: None) -> None:
    euros = to_company_currency(Money(Decimal("110"), "USD"), on=date(2026, 1, 15))

    assert euros.currency == "EUR"
    assert str(euros.quantized().amount) == "100.00"


def test_it_converts_between_two_foreign_currencies_through_the_company_currency(rates: None) -> None:
    # 110 USD = 100 EUR = 85 GBP on 15 January
    pounds = convert(Money(Decimal("110"), "USD"), "GBP", on=date(2026, 1, 15))

    assert pounds.currency == "GBP"
    assert str(pounds.quantized().amount) == "85.00"


def test_it_converts_from_the_company_currency(rates: None) -> None:
    dollars = convert(Money(Decimal("100"), "EUR"), "USD", on=date(2026, 2, 10))

    assert str(dollars.quantized().amount) == "125.00"


def test_it_uses_the_latest_rate_on_or_before_the_date(rates: None) -> None:
    assert rate_on("USD", date(2026, 1, 31)) == Decimal("1.10")
    assert rate_on("USD", date(2026, 2, 1)) == Decimal("1.25")
    assert rate_on("USD", date(2027, 6, 30)) == Decimal("1.25")


def test_a_rate_published_later_is_not_used_for_an_earlier_date(rates: None) -> None:
    euros = to_company_currency(Money(Decimal("125"), "USD"), on=date(2026, 1, 31))

    assert str(euros.quantized().amount) == "113.64"  # 125 / 1.10, not 125 / 1.25


def test_same_currency_is_returned_unchanged_without_any_rate() -> None:
    money = Money(Decimal("12.3456"), "JPY")

    assert convert(money, "JPY", on=date(2020, 1, 1)) is money


def test_a_missing_rate_names_the_currency_and_the_date(rates: None) -> None:
    with pytest.raises(MissingRateError) as caught:
        convert(Money(Decimal("10"), "USD"), "EUR", on=date(2025, 12, 31))

    assert caught.value.messages == ["No exchange rate for USD on or before 2025-12-31."]


def test_a_missing_rate_for_the_target_currency_is_reported_too(rates: None) -> None:
    with pytest.raises(MissingRateError) as caught:
        convert(Money(Decimal("10"), "USD"), "CHF", on=date(2026, 3, 1))

    assert caught.value.messages == ["No exchange rate for CHF on or before 2026-03-01."]


@pytest.mark.parametrize("rate", [Decimal("0"), Decimal("-1.5")])
def test_fx_rate_set_refuses_a_rate_that_is_not_positive(rate: Decimal) -> None:
    with pytest.raises(ValidationError) as caught:
        fx_rate_set(currency="USD", valid_on=date(2026, 1, 1), rate=rate)

    assert caught.value.message_dict == {"rate": ["A rate must be greater than zero."]}
    assert FxRate.objects.count() == 0


def test_fx_rate_set_refuses_the_company_currency() -> None:
    with pytest.raises(ValidationError) as caught:
        fx_rate_set(currency="EUR", valid_on=date(2026, 1, 1), rate=Decimal("1"))

    assert caught.value.message_dict == {"currency": ["The company currency has no rate against itself."]}
    assert FxRate.objects.count() == 0


def test_fx_rate_set_corrects_the_rate_of_the_same_day(rates: None) -> None:
    fx_rate_set(currency="USD", valid_on=date(2026, 1, 1), rate=Decimal("1.12"), source="ECB")

    stored = FxRate.objects.get(currency="USD", valid_on=date(2026, 1, 1))
    assert (stored.rate, stored.source) == (Decimal("1.12"), "ECB")
    assert FxRate.objects.filter(currency="USD").count() == 2
