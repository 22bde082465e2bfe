"""The rollups always equal a direct aggregation of the order lines: across currencies, recognition
bases, weeks that cross a year's end and fiscal years that do not start in January; after every service
call, and after a full or partial rebuild."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesdesk.catalog.models import ProductionCost
from salesdesk.conftest import Personas
from salesdesk.core.choices import RecognitionBasis
from salesdesk.core.models import CompanySettings, FxRate
from salesdesk.customers.services import account_create
from salesdesk.orders.choices import OrderStatus
from salesdesk.orders.models import Order, OrderLine
from salesdesk.orders.services import OrderLineInput, order_create, order_mark_invoiced, order_transition
from salesdesk.planning import actuals
from salesdesk.planning.models import SalesActual
from salesdesk.testing.catalog_factories import ProductFactory

pytestmark = pytest.mark.django_db

# Days around the awkward boundaries: ISO weeks spanning New Year, a fiscal year starting in April.
BOUNDARY_DAYS = [
    date(2025, 12, 28),
    date(2025, 12, 31),
    date(2026, 1, 1),
    date(2026, 1, 4),
    date(2026, 3, 31),
    date(2026, 4, 1),
    date(2026, 6, 30),
    date(2026, 7, 1),
]
FOUR = Decimal("0.0001")


class _Rollback(Exception):
    pass


def _reference() -> dict[tuple[str, date, int, int, int], tuple[Decimal, Decimal, Decimal, int]]:
    """What the rollups must hold, computed from the raw lines without the rollup code."""
    settings_row = CompanySettings.current()
    field = {"order": "ordered_on", "delivery": "delivered_on", "invoice": "invoiced_on"}[
        settings_row.revenue_recognition
    ]

    def rate(currency: str, day: date) -> Decimal:
        if currency == settings_row.currency:
            return Decimal(1)
        return FxRate.objects.filter(currency=currency, valid_on__lte=day).latest("valid_on").rate

    totals: dict[tuple[str, date, int, int, int], list[Decimal]] = defaultdict(
        lambda: [Decimal(0), Decimal(0), Decimal(0), Decimal(0)]
    )
    for line in OrderLine.objects.select_related("order"):
        order = line.order
        day = getattr(order, field)
        if order.status in (OrderStatus.QUOTE, OrderStatus.CANCELLED) or day is None:
            continue
        revenue = (line.net_amount / rate(order.currency, day)).quantize(FOUR, rounding=ROUND_HALF_UP)
        cost = Decimal(0)
        unit_cost = (
            ProductionCost.objects.filter(product=line.product_id, period_start__lte=day, period_end__gte=day)
            .order_by("-period_start")
            .first()
        )
        if unit_cost is not None:
            cost = (line.quantity * unit_cost.unit_cost / rate(unit_cost.currency, day)).quantize(
                FOUR, rounding=ROUND_HALF_UP
            )
        product, territory = line.product_id or -1, order.territory_id or -1
        monday = day - timedelta(days=day.weekday())
        for grain, start in (("week", monday), ("month", day.replace(day=1))):
            # The three slices: all lines, per product, per territory.
            for product_key, territory_key in ((0, 0), (product, 0), (0, territory)):
                key = (grain, start, order.owner_id, product_key, territory_key)
                totals[key][0] += revenue
                totals[key][1] += cost
                totals[key][2] += line.quantity
                totals[key][3] += 1
    return {key: (v[0], v[1], v[2], int(v[3])) for key, v in totals.items()}


def _rollups() -> dict[tuple[str, date, int, int, int], tuple[Decimal, Decimal, Decimal, int]]:
    return {
        (row.grain, row.period_start, row.owner_id, row.product_key, row.territory_key): (
            row.revenue,
            row.cost,
            row.units,
            row.lines,
        )
        for row in SalesActual.objects.all()
    }


order_plans = st.lists(
    st.fixed_dictionaries(
        {
            "currency": st.sampled_from(["EUR", "USD"]),
            "quantity": st.integers(min_value=1, max_value=40),
            "price": st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2),
            "discount": st.sampled_from([Decimal(0), Decimal("12.5"), Decimal(33)]),
            "ordered_on": st.sampled_from(BOUNDARY_DAYS),
            "fate": st.sampled_from(["quote", "ordered", "delivered", "invoiced", "cancelled"]),
            "delay": st.integers(min_value=0, max_value=9),
        }
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    plans=order_plans,
    fiscal_start=st.sampled_from([1, 4, 7]),
    basis=st.sampled_from(list(RecognitionBasis)),
)
def test_rollups_equal_the_lines_after_every_change_and_after_a_rebuild(
    personas: Personas, plans: list[dict[str, object]], fiscal_start: int, basis: str
) -> None:
    try:
        with transaction.atomic():
            CompanySettings.objects.update_or_create(
                pk=1,
                defaults={
                    "fiscal_year_start_month": fiscal_start,
                    "revenue_recognition": basis,
                    "currency": "EUR",
                },
            )
            FxRate.objects.create(currency="USD", valid_on=date(2025, 1, 1), rate=Decimal("1.0831"))
            FxRate.objects.create(currency="USD", valid_on=date(2026, 1, 1), rate=Decimal("1.1713"))
            product = ProductFactory(business_unit=personas.unit, name="Banner")
            ProductionCost.objects.create(
                product=product,
                period_start=date(2025, 1, 1),
                period_end=date(2026, 3, 31),
                unit_cost=Decimal("3.3333"),
                currency="USD",
            )
            account = account_create(created_by=personas.rep, name="Kunde GmbH", is_shared=True)
            for plan in plans:
                _follow(plan, personas, account, product)
                assert _rollups() == _reference()
            actuals.rebuild()
            assert _rollups() == _reference()
            actuals.rebuild(since=date(2026, 1, 1))
            assert _rollups() == _reference()
            raise _Rollback
    except _Rollback:
        pass


def _follow(plan: dict[str, object], personas: Personas, account: object, product: object) -> None:
    order = order_create(
        created_by=personas.rep,
        account=account,  # type: ignore[arg-type]
        currency=str(plan["currency"]),
        quoted_on=date(2025, 12, 1),
        lines=[
            OrderLineInput(
                product=product,  # type: ignore[arg-type]
                description="Banner",
                quantity=Decimal(plan["quantity"]),  # type: ignore[arg-type]
                unit_price=plan["price"],  # type: ignore[arg-type]
                discount_percent=plan["discount"],  # type: ignore[arg-type]
                tax_rate=Decimal(19),
            )
        ],
    )
    fate, day = plan["fate"], plan["ordered_on"]
    delay = timedelta(days=int(plan["delay"]))  # type: ignore[call-overload]
    assert isinstance(day, date)
    if fate == "quote":
        return
    if fate == "cancelled":
        order_transition(order=order, to_status=OrderStatus.ORDERED, by=personas.rep, on=day)
        order_transition(order=order, to_status=OrderStatus.CANCELLED, by=personas.rep, on=day + delay)
        return
    order_transition(order=order, to_status=OrderStatus.ORDERED, by=personas.rep, on=day)
    if fate in ("delivered", "invoiced"):
        order_transition(
            order=Order.objects.get(pk=order.pk),
            to_status=OrderStatus.DELIVERED,
            by=personas.rep,
            on=day + delay,
        )
    if fate == "invoiced":
        order_mark_invoiced(order=Order.objects.get(pk=order.pk), by=personas.rep, on=day + delay * 2)


def test_a_cancelled_order_leaves_no_rollup_rows(personas: Personas) -> None:
    product = ProductFactory(business_unit=personas.unit, name="Flyer")
    account = account_create(created_by=personas.rep, name="Kunde GmbH", is_shared=True)
    plan = {
        "currency": "EUR",
        "quantity": 3,
        "price": Decimal("10.00"),
        "discount": Decimal(0),
        "ordered_on": date(2026, 2, 3),
        "fate": "cancelled",
        "delay": 1,
    }
    _follow(plan, personas, account, product)
    assert SalesActual.objects.count() == 0


def test_the_rebuild_command_restores_rollups_that_were_lost(personas: Personas) -> None:
    from io import StringIO

    from django.core.management import call_command

    product = ProductFactory(business_unit=personas.unit, name="Flyer")
    account = account_create(created_by=personas.rep, name="Kunde GmbH", is_shared=True)
    plan = {
        "currency": "EUR",
        "quantity": 4,
        "price": Decimal("25.00"),
        "discount": Decimal(0),
        "ordered_on": date(2026, 2, 3),
        "fate": "ordered",
        "delay": 0,
    }
    _follow(plan, personas, account, product)
    expected = _rollups()
    SalesActual.objects.all().delete()
    out = StringIO()
    call_command("rebuild_actuals", stdout=out, stderr=StringIO())
    assert _rollups() == expected
    assert out.getvalue().startswith("1 order lines counted")
    totals = SalesActual.objects.get(grain="month", product_key=0, territory_key=0)
    assert (totals.revenue, totals.units, totals.lines) == (Decimal(100), Decimal(4), 1)
