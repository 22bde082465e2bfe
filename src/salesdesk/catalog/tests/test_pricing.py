"""price_for: the price of a product in a currency on a day, used by orders and contracts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from salesdesk.catalog.pricing import PriceNotFoundError, price_for, price_lists_valid_on
from salesdesk.conftest import Personas
from salesdesk.testing.catalog_factories import PriceListFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_the_most_recently_started_valid_list_in_the_currency_wins(personas: Personas) -> None:
    product = ProductFactory(business_unit=personas.unit, name="Print advert")
    PriceListFactory(
        business_unit=personas.unit,
        name="2024",
        valid_from=date(2024, 1, 1),
        items={product: Decimal("1000")},
    )
    PriceListFactory(
        business_unit=personas.unit,
        name="2025",
        valid_from=date(2025, 1, 1),
        valid_until=date(2025, 12, 31),
        items={product: Decimal("1100")},
    )
    PriceListFactory(
        business_unit=personas.unit, currency="USD", valid_from=date(2025, 1, 1), items={product: 9}
    )
    # another unit's list never counts, however recent
    PriceListFactory(
        business_unit=personas.other_unit, valid_from=date(2025, 6, 1), items={product: Decimal(1)}
    )

    assert price_for(product=product, currency="EUR", on=date(2024, 6, 1)) == Decimal("1000")
    assert price_for(product=product, currency="EUR", on=date(2025, 6, 1)) == Decimal("1100")
    # after the 2025 list ends, the open-ended 2024 list applies again
    assert price_for(product=product, currency="EUR", on=date(2026, 1, 1)) == Decimal("1000")
    assert price_for(product=product, currency="USD", on=date(2025, 6, 1)) == Decimal(9)


def test_a_newer_list_without_the_product_falls_back_to_an_older_one(personas: Personas) -> None:
    product = ProductFactory(business_unit=personas.unit)
    other = ProductFactory(business_unit=personas.unit)
    PriceListFactory(business_unit=personas.unit, valid_from=date(2024, 1, 1), items={product: Decimal(5)})
    PriceListFactory(business_unit=personas.unit, valid_from=date(2025, 1, 1), items={other: Decimal(6)})

    assert price_for(product=product, currency="EUR", on=date(2025, 3, 1)) == Decimal(5)


def test_a_given_price_list_is_the_only_one_that_counts(personas: Personas) -> None:
    product = ProductFactory(business_unit=personas.unit)
    special = PriceListFactory(
        business_unit=personas.unit,
        valid_from=date(2024, 1, 1),
        valid_until=date(2024, 12, 31),
        items={product: 3},
    )
    PriceListFactory(business_unit=personas.unit, valid_from=date(2024, 6, 1), items={product: Decimal(4)})

    assert price_for(product=product, currency="EUR", on=date(2024, 8, 1), price_list=special) == Decimal(3)
    with pytest.raises(PriceNotFoundError):
        price_for(product=product, currency="EUR", on=date(2025, 1, 1), price_list=special)
    with pytest.raises(PriceNotFoundError):
        price_for(product=product, currency="USD", on=date(2024, 8, 1), price_list=special)


def test_a_clear_error_when_the_currencys_list_lacks_the_product(personas: Personas) -> None:
    product = ProductFactory(business_unit=personas.unit, name="Trade-show stand")
    PriceListFactory(business_unit=personas.unit, currency="EUR", items={product: Decimal(100)})
    PriceListFactory(business_unit=personas.unit, currency="CHF", items={})

    with pytest.raises(PriceNotFoundError) as exc:
        price_for(product=product, currency="CHF", on=date(2025, 1, 1))

    assert exc.value.code == "no_price"
    assert exc.value.messages == [
        "No price list in CHF valid on 2025-01-01 has a price for Trade-show stand."
    ]


def test_a_day_before_every_list_has_no_price(personas: Personas) -> None:
    product = ProductFactory(business_unit=personas.unit)
    PriceListFactory(business_unit=personas.unit, valid_from=date(2025, 1, 1), items={product: Decimal(1)})

    assert (
        price_lists_valid_on(business_unit_id=personas.unit.pk, currency="EUR", on=date(2024, 12, 31)) == []
    )
    with pytest.raises(PriceNotFoundError):
        price_for(product=product, currency="EUR", on=date(2024, 12, 31))
