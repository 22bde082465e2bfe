"""The demo catalogue, made by the coordinator through the catalogue services: categories, products in
five languages with the work they imply, price lists in four currencies for this year and last,
production costs per quarter for two years, and stock in three places (a few items below their
reorder level, watched by the coordinator)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from salesdesk.catalog.services import (
    category_create,
    deliverable_add,
    price_list_create,
    product_create,
    production_cost_set,
    reorder_level_set,
    stock_location_create,
    stock_receive,
)
from salesdesk.demo.commerce.common import COORDINATOR, departments_of
from salesdesk.demo.commerce.data import (
    CATEGORIES,
    LAST_YEAR_FACTOR,
    NEXT_YEAR_FACTOR,
    PRICE_LIST_NAMES,
    PRICE_LIST_RATES,
    PRODUCTS,
    STOCK_LOCATIONS,
    WORK_DEPARTMENTS,
)
from salesdesk.demo.customers.common import users_of
from salesdesk.org.models import Department

if TYPE_CHECKING:
    from salesdesk.catalog.models import Product
    from salesdesk.demo.services import DemoContext

QUARTERS = 8
# (units received, reorder level) per stocked product and place; the last ones are running low.
STOCK = {
    "BROCHURE-A4": ((400, 80), (150, 40), (35, 50)),
    "ROLLUP-85": ((60, 15), (12, 15), (30, 10)),
    "SALES-KIT": ((800, 200), (120, 150), (500, 100)),
    "COUNTER-STAND": ((90, 20), (45, 10), (8, 10)),
}


def demo_catalog(ctx: DemoContext) -> None:
    """Everything a rep sells and a department delivers, as the coordinator would enter it."""
    coordinator = users_of(ctx)[COORDINATOR]
    _work_departments(ctx)
    categories = {
        spec.key: category_create(created_by=coordinator, name=spec.name, names=spec.names)
        for spec in CATEGORIES
    }
    products: list[Product] = []
    for spec in PRODUCTS:
        product = product_create(
            created_by=coordinator,
            sku=spec.sku,
            name=spec.name,
            names=spec.names,
            category=categories[spec.category],
            kind=spec.kind,
            unit=spec.unit,
            tax_rate=spec.tax_rate,
            is_stocked=spec.stocked,
            stock_watcher=coordinator if spec.stocked else None,
        )
        for work in spec.work:
            deliverable_add(
                product=product,
                changed_by=coordinator,
                department_kind=work.department,
                action=work.action,
                title=work.title,
                due_offset_days=work.days,
            )
        products.append(product)
    _price_lists(ctx, products)
    _production_costs(ctx, products)
    _stock(ctx, products)


def _work_departments(ctx: DemoContext) -> None:
    """The departments the products send work to (the organisation loader makes every kind; a unit
    set up without one gets it here, so signing a demo contract never stops at a missing queue)."""
    departments = departments_of(ctx)
    for kind in WORK_DEPARTMENTS:
        if kind not in departments:
            departments[kind] = Department.objects.create(
                business_unit=ctx.business_unit, kind=kind, name=str(kind.label)
            )


def _price(eur: Decimal, currency: str, factor: Decimal = Decimal(1)) -> Decimal:
    """A list price in `currency`: converted, then rounded to whole units as price lists are."""
    return (eur * PRICE_LIST_RATES[currency] * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _price_lists(ctx: DemoContext, products: list[Product]) -> None:
    coordinator = users_of(ctx)[COORDINATOR]
    this_year = ctx.today.year
    specs = {spec.sku: spec for spec in PRODUCTS}
    for currency in PRICE_LIST_RATES:
        # Contracts reach from two years back to next year, and each is priced on its start date.
        years = (
            (this_year - 2, LAST_YEAR_FACTOR * LAST_YEAR_FACTOR),
            (this_year - 1, LAST_YEAR_FACTOR),
            (this_year, Decimal(1)),
            (this_year + 1, NEXT_YEAR_FACTOR),
        )
        for year, factor in years:
            price_list_create(
                created_by=coordinator,
                name=PRICE_LIST_NAMES[currency].format(year=year),
                currency=currency,
                valid_from=date(year, 1, 1),
                valid_until=date(year, 12, 31),
                items=[
                    {"product": product, "unit_price": _price(specs[product.sku].price_eur, currency, factor)}
                    for product in products
                ],
            )


def _quarter_start(day: date, back: int) -> date:
    index = day.year * 4 + (day.month - 1) // 3 - back
    return date(index // 4, index % 4 * 3 + 1, 1)


def _production_costs(ctx: DemoContext, products: list[Product]) -> None:
    """Eight quarters of unit costs in euros; costs creep up a little each quarter, with some noise."""
    coordinator = users_of(ctx)[COORDINATOR]
    specs = {spec.sku: spec for spec in PRODUCTS}
    for product in products:
        base = specs[product.sku].cost_eur
        for back in range(QUARTERS - 1, -1, -1):
            start = _quarter_start(ctx.today, back)
            end = _quarter_start(start + timedelta(days=100), 0) - timedelta(days=1)
            drift = Decimal(100 - 2 * back + ctx.rng.randint(-2, 2)) / 100
            production_cost_set(
                product=product,
                changed_by=coordinator,
                period_start=start,
                period_end=end,
                unit_cost=(base * drift).quantize(Decimal("0.01")),
                currency="EUR",
            )


def _stock(ctx: DemoContext, products: list[Product]) -> None:
    coordinator = users_of(ctx)[COORDINATOR]
    locations = [
        stock_location_create(created_by=coordinator, code=code, name=name) for code, name in STOCK_LOCATIONS
    ]
    for product in products:
        for location, (received, reorder) in zip(locations, STOCK.get(product.sku, ()), strict=False):
            stock_receive(
                product=product,
                location=location,
                quantity=Decimal(received),
                received_by=coordinator,
                note="Opening stock",
            )
            reorder_level_set(
                product=product, location=location, reorder_level=Decimal(reorder), changed_by=coordinator
            )
