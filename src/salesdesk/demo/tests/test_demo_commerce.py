"""The demo catalogue, orders and contracts (issue 4), loaded at the small scale."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from salesdesk.catalog.models import DeliverableTemplate, PriceList, Product, ProductionCost, StockLevel
from salesdesk.contracts.choices import OPEN_DELIVERABLE_STATUSES, ContractStatus, DeliverableStatus
from salesdesk.contracts.models import Contract, Deliverable
from salesdesk.contracts.selectors import queue
from salesdesk.core.scoping import visible_to
from salesdesk.demo.commerce import COMMERCE_LOADERS
from salesdesk.demo.commerce.common import month_start
from salesdesk.demo.commerce.data import FAIR_STAND, PRINT_ADVERT, WEB_BANNER, WORK_DEPARTMENTS
from salesdesk.demo.customers import CUSTOMER_LOADERS
from salesdesk.demo.services import DEMO_LOADERS, demo_load
from salesdesk.orders.choices import DeliveryStatus, IncidentKind, IncidentStatus, OrderStatus
from salesdesk.orders.models import BillingEntry, Incident, Order
from salesdesk.org.models import Department, User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def digests(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[str, str]]:
    """The small demo loaded twice with the same seed: the first load's digest, rolled back, then the
    second load's, kept for this module's tests and rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        first = _load_and_roll_back(42)
        demo_load(scale="small", seed=42)
        yield first, _digest()
        transaction.set_rollback(True)


@pytest.fixture
def demo(digests: tuple[str, str]) -> None:
    """The small demo (loaded once for the module)."""


def test_it_registers_one_progress_step_per_commerce_loader_after_the_customers() -> None:
    # given the demo command's loaders / then the three commerce loaders run together, after the
    # customers' and before planning's, whose goals and reports read the orders they make
    first = DEMO_LOADERS.index(COMMERCE_LOADERS[0])
    assert DEMO_LOADERS[first : first + len(COMMERCE_LOADERS)] == COMMERCE_LOADERS
    assert first > DEMO_LOADERS.index(CUSTOMER_LOADERS[-1])
    assert [loader.__name__ for loader in DEMO_LOADERS[first + len(COMMERCE_LOADERS) :]] == [
        "demo_planning",
        "demo_performance",
        "demo_reports",
    ]
    assert [loader.__name__ for loader in COMMERCE_LOADERS] == [
        "demo_catalog",
        "demo_orders",
        "demo_contracts",
    ]


def test_it_names_every_product_in_five_languages_and_routes_its_work(demo: None) -> None:
    # given the small demo / then products speak five languages and imply work for existing departments
    products = list(Product.objects.all())
    assert len(products) >= 10
    for product in products:
        assert {"de", "it", "zh-hans", "bg"} <= set(product.names), product.sku
    assert Product.objects.get(sku=PRINT_ADVERT).label("zh-hans") == "杂志整版广告"
    kinds = set(DeliverableTemplate.objects.values_list("department_kind", flat=True))
    assert kinds == set(WORK_DEPARTMENTS)
    unit_kinds = set(Department.objects.values_list("kind", flat=True))
    assert kinds <= unit_kinds
    assert {WEB_BANNER, FAIR_STAND} <= set(Product.objects.values_list("sku", flat=True))


def test_it_prices_in_four_currencies_from_two_years_back_to_next_year(demo: None) -> None:
    # given the small demo / then each currency has one list a year, for every year a contract starts in
    year = timezone.localdate().year
    lists = Counter(PriceList.objects.values_list("currency", "valid_from__year"))
    years = (year - 2, year - 1, year, year + 1)
    assert lists == {(currency, y): 1 for currency in ("EUR", "USD", "CNY", "BGN") for y in years}
    for price_list in PriceList.objects.all():
        assert price_list.items.count() == Product.objects.count()


def test_it_keeps_production_costs_per_quarter_and_stock_running_low(demo: None) -> None:
    # given the small demo / then two years of quarterly costs, and a few stocked items at or below reorder
    for product in Product.objects.all():
        costs = list(ProductionCost.objects.filter(product=product).order_by("period_start"))
        assert len(costs) == 8
        assert all(cost.period_start.day == 1 and cost.period_start.month in (1, 4, 7, 10) for cost in costs)
    coordinator = User.objects.get(username="giulia.rossi")
    low = [level for level in StockLevel.objects.select_related("product") if level.is_low]
    assert 1 <= len(low) <= 6
    assert all(level.product.stock_watcher_id == coordinator.pk for level in low)


def test_it_has_orders_in_every_status_over_two_years(demo: None) -> None:
    # given the small demo / then every status, two years of history, and totals equal to their lines
    today = timezone.localdate()
    assert set(Order.objects.values_list("status", flat=True)) == set(OrderStatus.values)
    assert Order.objects.count() >= 200
    assert Order.objects.order_by("quoted_on").first().quoted_on <= today - timedelta(days=690)  # type: ignore[union-attr]
    for order in Order.objects.prefetch_related("lines")[:60]:
        assert order.net_total == sum((line.net_amount for line in order.lines.all()), Decimal(0))
        assert order.gross_total == order.net_total + order.tax_total
    delivered = Order.objects.filter(status__in=[OrderStatus.DELIVERED, OrderStatus.FOLLOWED_UP])
    for order in delivered[:40]:
        delivery = order.deliveries.get()
        assert delivery.status == DeliveryStatus.DELIVERED
        assert delivery.tracking_number
    assert Order.objects.filter(
        status=OrderStatus.ORDERED, deliveries__status=DeliveryStatus.SHIPPED
    ).exists()


def test_it_has_incidents_of_every_cause_some_open(demo: None) -> None:
    # given the small demo / then each cause once, the newest still open, the others resolved
    incidents = list(Incident.objects.all())
    assert {incident.kind for incident in incidents} == set(IncidentKind.values)
    statuses = Counter(incident.status for incident in incidents)
    assert statuses[IncidentStatus.OPEN] >= 1
    assert statuses[IncidentStatus.CLOSED] >= 1
    assert all(incident.resolution for incident in incidents if incident.status == IncidentStatus.CLOSED)


def test_it_has_deliverables_in_every_state(demo: None) -> None:
    # given the small demo / then open, in progress, done with evidence, overdue and cancelled work
    today = timezone.localdate()
    statuses = set(Deliverable.objects.values_list("status", flat=True))
    assert statuses == set(DeliverableStatus.values)
    for done in Deliverable.objects.filter(status=DeliverableStatus.DONE):
        assert done.has_evidence
        assert done.confirmed_by_id is not None
    assert Deliverable.objects.filter(status__in=OPEN_DELIVERABLE_STATUSES, due_on__lt=today).exists()
    assert Deliverable.objects.filter(status=DeliverableStatus.OPEN, due_on__gte=today).exists()


def test_it_has_contracts_expiring_next_month_and_next_quarter(demo: None) -> None:
    # given the small demo / then signed contracts end next month and in the two months after it
    today = timezone.localdate()
    signed = Contract.objects.filter(status=ContractStatus.SIGNED)
    next_month = signed.filter(end_on__gte=month_start(today, -1), end_on__lt=month_start(today, -2))
    after = signed.filter(end_on__gte=month_start(today, -2), end_on__lt=month_start(today, -4))
    assert next_month.count() >= 3
    assert after.count() >= 3
    assert set(Contract.objects.values_list("status", flat=True)) >= {
        ContractStatus.DRAFT,
        ContractStatus.SIGNED,
        ContractStatus.CANCELLED,
        ContractStatus.TERMINATED,
    }


def test_it_holds_the_seeds_magazine_contract(demo: None) -> None:
    # given the small demo / then adverts in two issues, a free banner and a discounted stand, signed
    contract = Contract.objects.get(title__startswith="Anzeigen im Magazin", owner__username="anna.schmidt")
    lines = {line.product.sku: line for line in contract.lines.select_related("product")}
    assert len(lines[PRINT_ADVERT].issues) == 2
    assert lines[WEB_BANNER].discount_percent == 100
    assert lines[WEB_BANNER].net_amount == 0
    assert 0 < lines[FAIR_STAND].net_amount < lines[FAIR_STAND].quantity * lines[FAIR_STAND].list_price
    assert contract.status == ContractStatus.SIGNED
    departments = set(contract.deliverables.values_list("department__kind", flat=True))
    assert departments == {"design", "web", "fairs"}
    assert contract.billing_entries.exists()


def test_it_bills_every_signed_contract_and_ordered_order(demo: None) -> None:
    # given the small demo / then billing entries exist for contracts and orders; their sums match
    for contract in Contract.objects.filter(status=ContractStatus.SIGNED)[:10]:
        billed = contract.billing_entries.aggregate(total=Sum("amount"))["total"]
        assert billed == contract.value
    assert BillingEntry.objects.filter(order__isnull=False).exists()
    assert BillingEntry.objects.filter(status="exported").exists()
    assert BillingEntry.objects.filter(status="pending").exists()


def test_the_personas_see_meaningful_data(demo: None) -> None:
    # given the small demo / then the rep has contracts and orders, staff a queue, finance billing entries
    rep = User.objects.get(username="anna.schmidt")
    staff = User.objects.get(username="li.wei")
    finance = User.objects.get(username="emma.clark")
    assert visible_to(rep, Contract).count() >= 6
    assert visible_to(rep, Order).count() >= 20
    department = min(staff.department_ids)
    assert queue(user=staff, scope="department", department_id=department).exists()
    assert visible_to(staff, Contract).exists()
    assert visible_to(finance, BillingEntry).count() >= 50


class _Rollback(Exception):
    def __init__(self, digest: str) -> None:
        self.digest = digest


def _digest() -> str:
    """What a visitor reads of the commerce records, without keys or dates (they follow the load day)."""
    parts = [
        *(f"P|{row}" for row in Product.objects.order_by("sku").values_list("sku", "name", "names")),
        *(
            f"O|{row}"
            for row in Order.objects.order_by("pk").values_list(
                "number", "status", "account__name", "owner__username", "gross_total", "currency"
            )
        ),
        *(f"I|{row}" for row in Incident.objects.order_by("pk").values_list("kind", "status", "cost")),
        *(
            f"C|{row}"
            for row in Contract.objects.order_by("pk").values_list(
                "number", "title", "status", "account__name", "value", "currency"
            )
        ),
        *(
            f"D|{row}"
            for row in Deliverable.objects.order_by("pk").values_list("title", "status", "assignee__username")
        ),
        *(f"B|{row}" for row in BillingEntry.objects.order_by("pk").values_list("amount", "status", "kind")),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _load_and_roll_back(seed: int) -> str:
    try:
        with transaction.atomic():
            demo_load(scale="small", seed=seed)
            raise _Rollback(_digest())
    except _Rollback as done:
        return done.digest
    raise AssertionError("unreachable")


def test_the_same_seed_gives_the_same_commerce_data(digests: tuple[str, str]) -> None:
    # given an empty database / when the same seed loads twice (first rolled back) / then both read the same
    first, second = digests
    assert first == second
