"""factory-boy factories for the catalogue (products, prices, implied deliverables, stock).

Every factory defaults to a fresh business unit from `BusinessUnitFactory`; pass `business_unit=`
(or a `product=` / `price_list=` that already has one) to keep records together in one unit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, cast

import factory

from salesdesk.catalog.choices import DeliverableAction, ProductKind, Unit
from salesdesk.catalog.models import (
    DeliverableTemplate,
    PriceList,
    PriceListItem,
    Product,
    ProductCategory,
    ProductionCost,
    StockLevel,
    StockLocation,
)
from salesdesk.org.choices import DepartmentKind
from salesdesk.testing.factories import BusinessUnitFactory


class ProductCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductCategory

    business_unit = factory.SubFactory(BusinessUnitFactory)
    name = factory.Sequence(lambda n: f"Category {n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    business_unit = factory.SubFactory(BusinessUnitFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Sequence(lambda n: f"Product {n}")
    kind = ProductKind.GOODS
    unit = Unit.PIECE
    tax_rate = Decimal("22.00")
    is_active = True


class DeliverableTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliverableTemplate

    product = factory.SubFactory(ProductFactory)
    department_kind = DepartmentKind.DESIGN
    action = DeliverableAction.PLACE_IN_ISSUES
    title = factory.Sequence(lambda n: f"Deliverable {n}")
    due_offset_days = 0
    position = factory.Sequence(lambda n: n)


class PriceListFactory(factory.django.DjangoModelFactory):
    """A EUR price list valid from 2000 onwards; `items={product: Decimal("9.50"), ...}` adds prices."""

    class Meta:
        model = PriceList
        skip_postgeneration_save = True

    business_unit = factory.SubFactory(BusinessUnitFactory)
    name = factory.Sequence(lambda n: f"Price list {n}")
    currency = "EUR"
    valid_from = date(2000, 1, 1)
    valid_until = None

    @factory.post_generation
    def items(self, create: bool, extracted: dict[Product, Decimal] | None, **kwargs: Any) -> None:
        if not create or not extracted:
            return
        price_list = cast(PriceList, self)  # factory-boy hands the created list to post-generation hooks
        for product, price in extracted.items():
            PriceListItem.objects.create(price_list=price_list, product=product, unit_price=Decimal(price))


class PriceListItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceListItem

    price_list = factory.SubFactory(PriceListFactory)
    product = factory.SubFactory(
        ProductFactory, business_unit=factory.SelfAttribute("..price_list.business_unit")
    )
    unit_price = Decimal("100.00")


class ProductionCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductionCost

    product = factory.SubFactory(ProductFactory)
    period_start = date(2000, 1, 1)
    period_end = date(2000, 12, 31)
    unit_cost = Decimal("40.00")
    currency = "EUR"


class StockLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockLocation

    business_unit = factory.SubFactory(BusinessUnitFactory)
    code = factory.Sequence(lambda n: f"loc-{n}")
    name = factory.Sequence(lambda n: f"Warehouse {n}")


class StockLevelFactory(factory.django.DjangoModelFactory):
    """A level set directly (no movement); use `catalog.stock.stock_move` when the history matters."""

    class Meta:
        model = StockLevel
        django_get_or_create = ("product", "location")

    product = factory.SubFactory(ProductFactory, is_stocked=True)
    location = factory.SubFactory(
        StockLocationFactory, business_unit=factory.SelfAttribute("..product.business_unit")
    )
    on_hand = Decimal("0")
    reorder_level = Decimal("0")
