"""What the bulk orders and contracts sell, added to the demo catalogue by its coordinator: products that
imply work for each department (the contracts), sixty products in three categories with production costs
(the orders), their prices in the demo's price lists, and daily exchange rates over the order history."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from salesdesk.catalog.models import PriceList, PriceListItem, ProductionCost
from salesdesk.catalog.services import category_create, deliverable_add, product_create
from salesdesk.core.models import FxRate
from salesdesk.demo.bulk.context import OrderProduct, WorkProduct
from salesdesk.org.models import BusinessUnit, User

# (sku, name, unit, billing, price in euro cents, work). Each line's deliverables cycle through its
# work; with these six, design gets a fifth of all deliverables (the department staff benchmark's).
WORK_PRODUCTS = (
    ("BULK-AD", "Full-page print advert", "issue", "per_issue", 480_000, (
        ("finance", "invoice_discounted", "Invoice the advert", 0),
        ("design", "produce", "Produce the advert artwork", -14),
    )),
    ("BULK-BANNER", "Web banner (4 weeks)", "month", "monthly", 120_000, (
        ("web", "put_live", "Put the banner live", 0),
        ("design", "produce", "Design the banner", -7),
    )),
    ("BULK-STAND", "Trade-show stand", "sqm", "one_off", 35_000, (
        ("fairs", "produce", "Build the stand", -10),
        ("logistics", "ship", "Ship the stand to the fair", -3),
        ("finance", "invoice_discounted", "Invoice the discounted stand", 0),
    )),
    ("BULK-BROCHURE", "Brochures (1,000)", "package", "one_off", 90_000, (
        ("logistics", "ship", "Ship the brochures", 0),
        ("design", "produce", "Lay out the brochure", -21),
    )),
    ("BULK-WEB", "Landing page", "piece", "one_off", 250_000, (
        ("web", "produce", "Build the landing page", -5),
    )),
    ("BULK-HOSTS", "Fair hosts (per day)", "day", "one_off", 60_000, (
        ("fairs", "produce", "Staff the stand", -2),
    )),
)  # fmt: skip
# Units of each currency per euro, times 100 (contract prices are converted with these).
CONTRACT_RATES = {"EUR": 100, "USD": 108, "CNY": 780, "BGN": 196}
ORDER_CATEGORIES = (
    ("Print", {"de": "Druck", "it": "Stampa", "zh-hans": "印刷", "bg": "Печат"}),
    ("Web", {"de": "Web", "it": "Web", "zh-hans": "网络", "bg": "Уеб"}),
    ("Events", {"de": "Veranstaltungen", "it": "Eventi", "zh-hans": "活动", "bg": "Събития"}),
)
# Daily rates of the order currencies drift around these (units per euro).
ORDER_RATE_CENTRES = {"USD": 1.08, "GBP": 0.86}
TAX_RATE = 19


def work_products(coordinator: User) -> list[WorkProduct]:
    """The contracts' products with the work they imply, priced in every demo price list."""
    made = []
    for sku, name, unit, billing, price, work in WORK_PRODUCTS:
        product = product_create(
            created_by=coordinator, sku=sku, name=name, kind="advertising", unit=unit, tax_rate=TAX_RATE
        )
        for kind, action, title, days in work:
            deliverable_add(
                product=product,
                changed_by=coordinator,
                department_kind=kind,
                action=action,
                title=title,
                due_offset_days=days,
            )
        made.append(WorkProduct(product.pk, name, billing, price, work))
    price_lists = PriceList.objects.filter(business_unit=coordinator.business_unit)
    PriceListItem.objects.bulk_create(
        PriceListItem(
            price_list=price_list,
            product_id=product.pk,
            unit_price=Decimal(product.price_cents * CONTRACT_RATES[price_list.currency] // 100) / 100,
        )
        for price_list in price_lists
        if price_list.currency in CONTRACT_RATES
        for product in made
    )
    return made


def price_list_ids(unit: BusinessUnit) -> dict[tuple[str, int], int]:
    """The demo's yearly price lists by (currency, year): a contract is priced on its start date."""
    return {
        (price_list.currency, price_list.valid_from.year): price_list.pk
        for price_list in PriceList.objects.filter(business_unit=unit, valid_until__isnull=False)
    }


def order_products(
    coordinator: User, *, count: int, rng: random.Random, first: date, today: date
) -> list[OrderProduct]:
    """`count` products in three categories, each with a production cost per half-year since `first`."""
    categories = [
        category_create(created_by=coordinator, name=name, names=names) for name, names in ORDER_CATEGORIES
    ]
    made = []
    for number in range(1, count + 1):
        category = categories[number % len(categories)]
        product = product_create(
            created_by=coordinator,
            sku=f"BULK-P{number:03d}",
            name=f"{category.name} {number:03d}",
            category=category,
            kind="service",
            tax_rate=TAX_RATE,
        )
        made.append(OrderProduct(product.pk, product.name, rng.randrange(2_000, 200_000)))
    # A few hundred rows that no service derives anything from: written in one go.
    ProductionCost.objects.bulk_create(
        ProductionCost(
            product_id=product.pk,
            period_start=start,
            period_end=end,
            unit_cost=Decimal(int(product.price_cents * rng.uniform(0.35, 0.6))) / 100,
            currency="EUR",
        )
        for product in made
        for start, end in _half_years(first, today)
    )
    return made


def _half_years(first: date, last: date) -> list[tuple[date, date]]:
    periods = []
    start = first.replace(month=1, day=1)
    while start <= last:
        end = start.replace(month=6, day=30) if start.month == 1 else start.replace(month=12, day=31)
        periods.append((start, end))
        start = end + timedelta(days=1)
    return periods


def daily_rates(*, rng: random.Random, first: date, today: date) -> None:
    """A rate per day for the order currencies, where the demo has none (it keeps monthly ones)."""
    taken = set(
        FxRate.objects.filter(currency__in=ORDER_RATE_CENTRES, valid_on__gte=first).values_list(
            "currency", "valid_on"
        )
    )
    rates = []
    day = first
    while day <= today:
        for currency, centre in ORDER_RATE_CENTRES.items():
            rate = Decimal(f"{centre * rng.uniform(0.97, 1.03):.6f}")
            if (currency, day) not in taken:
                rates.append(FxRate(currency=currency, valid_on=day, rate=rate, source="demo"))
        day += timedelta(days=1)
    FxRate.objects.bulk_create(rates)
