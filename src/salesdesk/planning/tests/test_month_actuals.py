"""A month's actual for many goals at once equals what each goal's own query would give."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from salesdesk.conftest import Personas
from salesdesk.customers.choices import ActivityKind
from salesdesk.customers.services import account_create, activity_log
from salesdesk.planning.choices import Grain, Metric
from salesdesk.planning.measures import WHOLE, Narrowing, actual_by_period, month_actuals
from salesdesk.planning.tests.test_last_year import sell_product
from salesdesk.testing.catalog_factories import ProductCategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db
MARCH = date(2025, 3, 1)


def test_each_goal_gets_the_slice_its_own_query_would_read(personas: Personas) -> None:
    stands = ProductCategoryFactory(business_unit=personas.unit, name="Stands")
    stand = ProductFactory(business_unit=personas.unit, category=stands)
    other_stand = ProductFactory(business_unit=personas.unit, category=stands)
    advert = ProductFactory(business_unit=personas.unit)
    account = account_create(created_by=personas.rep, name="Messe AG", is_shared=True)
    sell_product(personas.rep, account, stand, date(2025, 3, 10), units=2, price="100")
    sell_product(personas.rep, account, other_stand, date(2025, 3, 11), units=1, price="50")
    sell_product(personas.rep, account, advert, date(2025, 3, 12), units=4, price="25")
    sell_product(personas.rep, account, advert, date(2025, 4, 2), units=9, price="25")  # April: not counted
    sell_product(personas.other_rep, account, stand, date(2025, 3, 10), units=7, price="100")  # not the rep's
    activity_log(
        logged_by=personas.rep,
        kind=ActivityKind.CALL,
        subject="Call",
        account=account,
        occurred_at=datetime(2025, 3, 5, 10, tzinfo=UTC),
    )
    asked = {
        (Metric.REVENUE, WHOLE),
        (Metric.REVENUE, Narrowing(product_id=stand.pk)),
        (Metric.UNITS, Narrowing(category_id=stands.pk)),
        (Metric.GROSS_MARGIN, Narrowing(product_id=advert.pk)),
        (Metric.CALLS, WHOLE),
        (Metric.CALLS, Narrowing(product_id=stand.pk)),
    }

    actuals = month_actuals(owner_ids=[personas.rep.pk], month=MARCH, asked=asked)

    one_by_one = {
        (metric, narrowing): actual_by_period(
            owner_ids=[personas.rep.pk],
            metric=metric,
            grain=Grain.MONTH,
            first=MARCH,
            last=MARCH,
            narrowing=narrowing,
        ).get(MARCH, Decimal(0))
        for metric, narrowing in asked
    }
    assert actuals == one_by_one
    assert actuals[(Metric.REVENUE, WHOLE)] == Decimal(350)
    assert actuals[(Metric.REVENUE, Narrowing(product_id=stand.pk))] == Decimal(200)
    assert actuals[(Metric.UNITS, Narrowing(category_id=stands.pk))] == Decimal(3)
    assert actuals[(Metric.CALLS, WHOLE)] == Decimal(1)


def test_nobody_to_count_means_zero_for_every_goal(personas: Personas) -> None:
    asked = {(Metric.REVENUE, WHOLE), (Metric.CALLS, WHOLE)}
    assert month_actuals(owner_ids=[], month=MARCH, asked=asked) == dict.fromkeys(asked, Decimal(0))
