"""The price of a product in a currency on a day, from the business unit's valid price lists."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from salesdesk.catalog.models import PriceList, PriceListItem, Product


class PriceNotFoundError(ValidationError):
    """No valid price list in that currency holds the product."""


def price_lists_valid_on(*, business_unit_id: int, currency: str, on: date) -> list[PriceList]:
    """The unit's price lists in `currency` valid on `on`, the most recently started first."""
    return list(
        PriceList.objects.filter(business_unit_id=business_unit_id, currency=currency, valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("-valid_from", "-pk")
    )


def price_for(*, product: Product, currency: str, on: date, price_list: PriceList | None = None) -> Decimal:
    """The unit price of `product` in `currency` on `on`.

    With `price_list` given, only that list counts (and it must be in `currency` and valid on `on`);
    otherwise the most recently started valid list in that currency that holds the product wins.
    Raises PriceNotFoundError, naming the product and the currency, when there is none.
    """
    if price_list is not None:
        lists = [price_list] if price_list.currency == currency and price_list.is_valid_on(on) else []
    else:
        lists = price_lists_valid_on(business_unit_id=product.business_unit_id, currency=currency, on=on)
    prices = dict(
        PriceListItem.objects.filter(price_list__in=lists, product=product).values_list(
            "price_list_id", "unit_price"
        )
    )
    for candidate in lists:
        if candidate.pk in prices:
            return prices[candidate.pk]
    raise PriceNotFoundError(
        _("No price list in %(currency)s valid on %(day)s has a price for %(product)s.")
        % {"currency": currency, "day": on.isoformat(), "product": product.label()},
        code="no_price",
    )
