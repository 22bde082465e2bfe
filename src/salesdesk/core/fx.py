"""Conversion between currencies at the rate valid on a document's date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from salesdesk.core.models import CompanySettings, FxRate
from salesdesk.core.money import Money


class MissingRateError(ValidationError):
    pass


def rate_on(currency: str, day: date) -> Decimal:
    """Units of `currency` per unit of company currency on `day` (the latest rate known on that day)."""
    if currency == CompanySettings.current().currency:
        return Decimal(1)
    rate = (
        FxRate.objects.filter(currency=currency, valid_on__lte=day)
        .order_by("-valid_on")
        .values_list("rate", flat=True)
        .first()
    )
    if rate is None:
        raise MissingRateError(
            _("No exchange rate for %(currency)s on or before %(day)s."),
            params={"currency": currency, "day": day.isoformat()},
        )
    return rate


def convert(money: Money, to_currency: str, *, on: date) -> Money:
    """Convert through the company currency, so every pair needs only the rates of its two ends."""
    if money.currency == to_currency:
        return money
    in_company = money.amount / rate_on(money.currency, on)
    return Money(in_company * rate_on(to_currency, on), to_currency)


def to_company_currency(money: Money, *, on: date) -> Money:
    return convert(money, CompanySettings.current().currency, on=on)


def fx_rate_set(*, currency: str, valid_on: date, rate: Decimal, source: str = "") -> FxRate:
    """Record (or correct) the rate of `currency` for a day."""
    if rate <= 0:
        raise ValidationError({"rate": _("A rate must be greater than zero.")})
    if currency == CompanySettings.current().currency:
        raise ValidationError({"currency": _("The company currency has no rate against itself.")})
    fx_rate, _created = FxRate.objects.update_or_create(
        currency=currency, valid_on=valid_on, defaults={"rate": rate, "source": source}
    )
    return fx_rate
