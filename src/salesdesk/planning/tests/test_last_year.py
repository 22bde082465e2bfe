"""G5: this year against last: per-product prices and volumes, the quota, and the verdict's reasons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from salesdesk.catalog.models import Product
from salesdesk.conftest import Personas
from salesdesk.core.periods import FiscalCalendar
from salesdesk.customers.models import Account
from salesdesk.customers.services import account_create
from salesdesk.orders.choices import OrderStatus
from salesdesk.orders.services import OrderLineInput, order_create, order_transition
from salesdesk.org.models import User
from salesdesk.planning import subjects
from salesdesk.planning.choices import GoalScope, Metric
from salesdesk.planning.last_year import compare_with_last_year
from salesdesk.planning.services import GoalInput, goal_create
from salesdesk.testing.catalog_factories import ProductFactory

pytestmark = pytest.mark.django_db


def sell_product(rep: User, account: Account, product: Product, day: date, *, units: int, price: str) -> None:
    """An order of `units` of `product` at `price`, ordered on `day`."""
    order = order_create(
        created_by=rep,
        account=account,
        currency="EUR",
        quoted_on=day,
        lines=[
            OrderLineInput(
                product=product,
                description="Stand",
                quantity=Decimal(units),
                unit_price=Decimal(price),
                tax_rate=Decimal(0),
            )
        ],
    )
    order_transition(order=order, to_status=OrderStatus.ORDERED, by=rep, on=day)


def test_revenue_change_is_split_into_volume_and_price_and_the_verdict_follows_the_quota(
    personas: Personas,
) -> None:
    stand = ProductFactory(business_unit=personas.unit, name="Messestand")
    account = account_create(created_by=personas.rep, name="Messe AG", is_shared=True)
    sell_product(personas.rep, account, stand, date(2025, 3, 10), units=10, price="100")
    sell_product(personas.rep, account, stand, date(2026, 3, 10), units=12, price="90")
    goal_create(
        created_by=personas.manager,
        data=GoalInput(
            scope=GoalScope.PERSON,
            person=personas.rep,
            metric=Metric.REVENUE,
            period_kind="year",
            period_day=date(2026, 1, 1),
            target=Decimal(1200),
            title="Umsatz",
            owner=personas.rep,
        ),
    )
    calendar = FiscalCalendar(1)
    comparison = compare_with_last_year(
        subject=subjects.of_person(personas.rep),
        period=calendar.period(date(2026, 6, 1), "year"),
        calendar=calendar,
        today=date(2026, 12, 3),
    )
    (product,) = comparison.products
    assert (product.now.units, product.before.units) == (Decimal(12), Decimal(10))
    assert product.now.average_price == Decimal(90)
    assert product.price_change == Decimal("-10.0")
    reasons = {reason.text.split(":")[0]: reason.amount for reason in comparison.reasons()}
    assert reasons["Volume"] == Decimal(200)  # two more units at last year's 100
    assert reasons["Price"] == Decimal(-120)  # twelve units at 10 less
    assert comparison.revenue_now - comparison.revenue_before == Decimal(80)
    # The quota to date (Jan–Dec of a 1,200 goal) is 1,200; 1,080 sold: behind.
    assert comparison.target_now == Decimal(1200)
    assert not comparison.on_track
