"""The catalogue's list pages and API lists cost as many queries for 50 rows as for 1.

| List                                 | Kind | Where tested                                             |
|--------------------------------------|------|----------------------------------------------------------|
| /catalogue/                          | page | here                                                     |
| /catalogue/categories/               | page | here                                                     |
| /catalogue/price-lists/              | page | here                                                     |
| /catalogue/price-lists/<pk>/ (items) | page | here                                                     |
| /catalogue/stock/                    | page | here                                                     |
| /catalogue/stock/movements/          | page | here                                                     |
| /catalogue/stock/locations/          | page | here                                                     |
| /api/v1/products                     | API  | here                                                     |
| /api/v1/stock-levels                 | API  | here                                                     |
| /api/v1/product-categories           | API  | here                                                     |
| /api/v1/price-lists                  | API  | here                                                     |
| /api/v1/price-lists/<id> (prices)    | API  | here                                                     |
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from salesdesk.catalog.models import PriceListItem, ProductCategory
from salesdesk.catalog.stock import stock_move
from salesdesk.conftest import Personas
from salesdesk.testing.catalog_factories import (
    DeliverableTemplateFactory,
    PriceListFactory,
    ProductCategoryFactory,
    ProductFactory,
    StockLevelFactory,
    StockLocationFactory,
)
from salesdesk.testing.query_counts import RowMaker, assert_queries_constant, signed_in, with_token

pytestmark = pytest.mark.django_db


def _name(index: int) -> str:
    return f"Row {index:02d}"


def _add_category(personas: Personas) -> RowMaker:
    made: list[ProductCategory] = []

    def add(index: int) -> None:
        parent = made[index // 2] if made else None
        category = ProductCategoryFactory(business_unit=personas.unit, name=_name(index), parent=parent)
        ProductFactory(business_unit=personas.unit, category=category)
        made.append(category)

    return add


def _add_price_list(personas: Personas) -> RowMaker:
    def add(index: int) -> None:
        product = ProductFactory(business_unit=personas.unit)
        PriceListFactory(business_unit=personas.unit, name=_name(index), items={product: Decimal(9)})

    return add


def _add_stocked_product(personas: Personas) -> RowMaker:
    """A stocked product with two implied deliverables, low on stock in one warehouse."""
    location = StockLocationFactory(business_unit=personas.unit)

    def add(index: int) -> None:
        product = ProductFactory(business_unit=personas.unit, is_stocked=True, name=_name(index))
        DeliverableTemplateFactory(product=product)
        DeliverableTemplateFactory(product=product)
        StockLevelFactory(product=product, location=location, on_hand=Decimal(1), reorder_level=Decimal(2))

    return add


def _add_location(personas: Personas) -> RowMaker:
    return lambda index: StockLocationFactory(business_unit=personas.unit, name=_name(index))


def test_the_product_page(personas: Personas) -> None:
    assert_queries_constant(
        signed_in(personas.rep),
        "/catalogue/",
        add_row=_add_stocked_product(personas),
        row_text=lambda index: f"{_name(index)}</a>",
    )


@pytest.mark.parametrize("path", ["/api/v1/products?limit=50", "/api/v1/stock-levels?limit=50"])
def test_the_product_and_stock_level_apis(personas: Personas, path: str) -> None:
    assert_queries_constant(with_token(personas.rep), path, add_row=_add_stocked_product(personas))


def test_the_category_page(personas: Personas) -> None:
    assert_queries_constant(
        signed_in(personas.coordinator),
        "/catalogue/categories/",
        add_row=_add_category(personas),
        row_text=lambda index: f"{_name(index)}</a>",
    )


def test_the_category_api(personas: Personas) -> None:
    assert_queries_constant(
        with_token(personas.rep),
        "/api/v1/product-categories",
        add_row=_add_category(personas),
        rows_key=None,
    )


def test_the_price_list_page(personas: Personas) -> None:
    assert_queries_constant(
        signed_in(personas.coordinator),
        "/catalogue/price-lists/",
        add_row=_add_price_list(personas),
        row_text=lambda index: f"{_name(index)}</a>",
    )


def test_the_price_list_api(personas: Personas) -> None:
    assert_queries_constant(
        with_token(personas.rep),
        "/api/v1/price-lists?limit=50",
        add_row=_add_price_list(personas),
    )


@pytest.mark.parametrize("api", [False, True])
def test_the_prices_of_one_price_list(personas: Personas, api: bool) -> None:
    price_list = PriceListFactory(business_unit=personas.unit)

    def add_price(index: int) -> None:
        product = ProductFactory(business_unit=personas.unit, name=_name(index))
        PriceListItem.objects.create(price_list=price_list, product=product, unit_price=Decimal(index + 1))

    if api:
        assert_queries_constant(
            with_token(personas.rep),
            f"/api/v1/price-lists/{price_list.pk}",
            add_row=add_price,
            rows_key="items",
        )
    else:
        assert_queries_constant(
            signed_in(personas.rep),
            f"/catalogue/price-lists/{price_list.pk}/",
            add_row=add_price,
            row_text=lambda index: f"{_name(index)}</a>",
        )


def test_the_stock_page(personas: Personas) -> None:
    location = StockLocationFactory(business_unit=personas.unit)

    def add_level(index: int) -> None:
        product = ProductFactory(business_unit=personas.unit, is_stocked=True, name=_name(index))
        StockLevelFactory(product=product, location=location, on_hand=Decimal(1), reorder_level=Decimal(2))

    assert_queries_constant(
        signed_in(personas.rep),
        "/catalogue/stock/",
        add_row=add_level,
        row_text=lambda index: f"{_name(index)}</a>",
    )


def test_the_movement_page(personas: Personas) -> None:
    location = StockLocationFactory(business_unit=personas.unit)
    movers = [personas.coordinator, personas.rep, None]

    def add_movement(index: int) -> None:
        product = ProductFactory(business_unit=personas.unit, is_stocked=True, name=_name(index))
        stock_move(
            product=product, location=location, quantity=Decimal(3), kind="receipt", by=movers[index % 3]
        )

    assert_queries_constant(
        signed_in(personas.coordinator),
        "/catalogue/stock/movements/",
        add_row=add_movement,
        row_text=lambda index: f"{_name(index)}</a>",
    )


def test_the_location_page(personas: Personas) -> None:
    assert_queries_constant(
        signed_in(personas.coordinator),
        "/catalogue/stock/locations/",
        add_row=_add_location(personas),
        row_text=lambda index: f"{_name(index)}</a>",
    )
