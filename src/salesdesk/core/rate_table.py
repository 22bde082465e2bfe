"""Exchange rates for many (currency, day) pairs read in one query, so converting a list of deals, a
board's columns or a period's sales never asks the database once per row. Same rule as `core.fx.rate_on`:
the latest rate known on the day, units of the currency per unit of company currency."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from salesdesk.core.fx import MissingRateError
from salesdesk.core.models import FxRate

FOUR_PLACES = Decimal("0.0001")


class RateTable:
    """Every rate of `currencies` valid up to `until`, kept sorted by day for a bisect per lookup."""

    def __init__(self, company_currency: str, currencies: Iterable[str], until: date) -> None:
        self.company_currency = company_currency
        foreign = sorted({code for code in currencies if code != company_currency})
        self._days: dict[str, list[date]] = defaultdict(list)
        self._rates: dict[str, list[Decimal]] = defaultdict(list)
        if foreign:
            rows = (
                FxRate.objects.filter(currency__in=foreign, valid_on__lte=until)
                .order_by("currency", "valid_on")
                .values_list("currency", "valid_on", "rate")
            )
            for code, valid_on, rate in rows:
                self._days[code].append(valid_on)
                self._rates[code].append(rate)

    def rate(self, currency: str, day: date) -> Decimal:
        if currency == self.company_currency:
            return Decimal(1)
        index = bisect_right(self._days[currency], day)
        if not index:
            raise MissingRateError(
                _("No exchange rate for %(currency)s on or before %(day)s."),
                params={"currency": currency, "day": day.isoformat()},
            )
        return self._rates[currency][index - 1]

    def to_company(self, amount: Decimal, currency: str, day: date) -> Decimal:
        """`amount` in company currency at the day's rate, unrounded (like `core.fx.convert`)."""
        return amount / self.rate(currency, day)

    def to_company_rounded(self, amount: Decimal, currency: str, day: date) -> Decimal:
        """`amount` in company currency rounded like the stored rollups (four places)."""
        return self.to_company(amount, currency, day).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
