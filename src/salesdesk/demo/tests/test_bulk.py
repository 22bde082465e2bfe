"""The bulk demo (issue 6): after the demo and a tiny bulk load every row is consistent, the rollups equal
the order lines, the benchmarks' people can log in; the load refuses SQLite and a second load, and the
same seed gives the same rows."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from salesdesk.contracts.models import Contract, ContractLine, Deliverable
from salesdesk.customers.models import Account, Contact, ContactPoint
from salesdesk.customers.normalize import normalize_email, normalize_phone
from salesdesk.demo import services
from salesdesk.demo.bulk import catalogue, contracts, customers, opportunities, orders, personas
from salesdesk.demo.bulk.context import BulkContext, OrderProduct, WorkProduct
from salesdesk.demo.bulk.copying import raw_cursor, secondary_indexes
from salesdesk.demo.bulk.goals import fiscal_years
from salesdesk.demo.bulk.load import bulk_load
from salesdesk.demo.bulk.opportunities import PipelineStages
from salesdesk.demo.bulk.people import BulkLoadRefused
from salesdesk.demo.bulk.sizes import SIZES, BulkSizes, tiny_sizes
from salesdesk.orders.models import Order, OrderLine
from salesdesk.org.models import BusinessUnit, User
from salesdesk.pipeline.choices import StageKind
from salesdesk.pipeline.models import Opportunity, StageChange
from salesdesk.planning.choices import GoalScope, Metric
from salesdesk.planning.models import Goal
from salesdesk.planning.tests.test_actuals import _reference, _rollups

SIZES_UNDER_TEST = tiny_sizes()
ALL_TABLES = customers.TABLES + opportunities.TABLES + contracts.TABLES + orders.TABLES
ZERO = Value(0, output_field=DecimalField(max_digits=20, decimal_places=4))


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the bulk demo writes with PostgreSQL's COPY (DATABASE_URL=postgres://...)")


def _sum_of_lines(model: type[OrderLine] | type[ContractLine], parent: str, field: str) -> Subquery:
    lines = (
        model.objects.filter(**{parent: OuterRef("pk")}).order_by().values(parent).annotate(total=Sum(field))
    )
    return Subquery(lines.values("total"))


@pytest.mark.django_db(transaction=True)
def test_it_adds_consistent_data_to_the_demo_and_refuses_a_second_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _postgresql_only()
    # given the demo with a crowd of five reps
    monkeypatch.setitem(services.CROWD_SIZE, "medium", 5)
    services.demo_load(scale="medium", seed=7)
    cursor = raw_cursor()
    indexes_before = {index.name for index in secondary_indexes(cursor, ALL_TABLES)}
    today = timezone.localdate()
    # when a tiny bulk load goes in
    timings = bulk_load(SIZES_UNDER_TEST, seed=7, today=today)
    # then it reports its phases, background work included
    foreground = [timing.name for timing in timings if not timing.background]
    assert foreground == [
        "people and catalogue", "customers", "orders", "opportunities", "contracts", "goals",
        "waiting for indexes and rollups", "vacuum analyze",
    ]  # fmt: skip
    background = {timing.name for timing in timings if timing.background}
    assert background == {"customers: indexes", "orders: indexes", "opportunities: indexes",
                          "contracts: indexes", "rollups"}  # fmt: skip
    # and the dropped indexes are all back, and new ids continue after the bulk rows
    assert {index.name for index in secondary_indexes(cursor, ALL_TABLES)} == indexes_before
    for table in ALL_TABLES:
        cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) > max(id) FROM {table}")  # noqa: S608
        assert cursor.fetchone()[0], table
    _assert_customers()
    _assert_orders()
    _assert_contracts(today)
    _assert_opportunities()
    _assert_goals(today)
    _assert_people()
    # and the rollups equal a direct aggregation of the order lines
    assert _rollups() == _reference()
    # and a second load is refused, by the service and by the command
    with pytest.raises(BulkLoadRefused, match="loaded already"):
        bulk_load(SIZES_UNDER_TEST, seed=7, today=today)
    with pytest.raises(CommandError, match="loaded already"):
        call_command("demo", "--scale", "medium", "--seed", "7")


def _assert_customers() -> None:
    bulk = Account.objects.filter(owner__username__regex=r"^rep[0-9]{5}$")
    assert bulk.count() == SIZES_UNDER_TEST.accounts
    assert set(bulk.values_list("language", flat=True)) == {"de", "it", "zh-hans", "bg", "en"}
    contacts = Contact.objects.filter(account__in=bulk)
    assert contacts.count() == SIZES_UNDER_TEST.accounts * SIZES_UNDER_TEST.contacts_per_account
    assert not contacts.exclude(owner=F("account__owner")).exists()
    points = ContactPoint.objects.filter(contact__in=contacts)
    assert points.count() == 2 * contacts.count()
    for point in points:
        normalize = normalize_email if point.kind == "email" else normalize_phone
        assert point.normalized == normalize(point.value), point.value


def _assert_orders() -> None:
    bulk = Order.objects.filter(number__startswith="BO-")
    assert OrderLine.objects.filter(order__in=bulk).count() == SIZES_UNDER_TEST.order_lines
    # every order has an account, belongs to its owner, and its totals are the sum of its lines
    assert not bulk.exclude(account_id__in=Account.objects.values("pk")).exists()
    assert not bulk.exclude(owner=F("account__owner")).exists()
    totals = bulk.annotate(line_total=Coalesce(_sum_of_lines(OrderLine, "order", "net_amount"), ZERO))
    assert not totals.exclude(net_total=F("line_total")).exists()
    assert not bulk.exclude(gross_total=F("net_total") + F("tax_total")).exists()
    assert not OrderLine.objects.exclude(order_id__in=Order.objects.values("pk")).exists()
    assert set(bulk.values_list("currency", flat=True)) == {"EUR", "USD", "GBP"}


def _assert_contracts(today: date) -> None:
    bulk = Contract.objects.filter(number__startswith="BC-")
    assert bulk.count() == SIZES_UNDER_TEST.contracts
    values = bulk.annotate(line_total=Coalesce(_sum_of_lines(ContractLine, "contract", "net_amount"), ZERO))
    assert not values.exclude(value=F("line_total")).exists()
    # every signed contract has its deliverables, in its departments, due within its term
    signed = bulk.exclude(status="draft")
    assert not signed.filter(deliverables__isnull=True).exists()
    assert not bulk.filter(status="draft", deliverables__isnull=False).exists()
    work = Deliverable.objects.filter(contract__in=bulk)
    assert work.count() == signed.count() * SIZES_UNDER_TEST.deliverables_per_contract
    assert not work.exclude(due_on__gte=F("contract__start_on"), due_on__lte=F("contract__end_on")).exists()
    assert not work.exclude(line__contract=F("contract")).exists()
    assert set(work.values_list("status", flat=True)) == {"open", "in_progress", "done", "cancelled"}
    done = work.filter(status="done")
    assert not done.filter(confirmed_by__isnull=True).exists()
    assert not done.filter(completed_at__isnull=True).exists()
    assert not done.filter(evidence_note="").exists()
    # the calendar-feed rep owns their contracts ending within the year and colleagues' open work
    ical = bulk.filter(owner__username=personas.BENCH_ICAL_REP)
    assert ical.count() == SIZES_UNDER_TEST.ical_contracts
    assert not ical.exclude(end_on__gt=today, end_on__lte=date.fromordinal(today.toordinal() + 365)).exists()
    assigned = work.filter(assignee__username=personas.BENCH_ICAL_REP, status="open")
    assert assigned.count() == SIZES_UNDER_TEST.ical_deliverables
    assert not assigned.filter(contract__owner__username=personas.BENCH_ICAL_REP).exists()


def _assert_opportunities() -> None:
    bulk = Opportunity.objects.filter(owner__username__regex=r"^rep[0-9]{5}$")
    assert bulk.count() == SIZES_UNDER_TEST.opportunities
    assert not bulk.exclude(stage__pipeline=F("pipeline")).exists()
    assert not bulk.exclude(owner=F("account__owner")).exists()
    assert set(bulk.values_list("stage__kind", flat=True)) == {StageKind.OPEN, StageKind.WON, StageKind.LOST}
    assert not bulk.filter(stage__kind=StageKind.LOST, loss_reason__isnull=True).exists()
    assert not bulk.filter(stage__kind=StageKind.OPEN, closed_on__isnull=False).exists()
    assert not bulk.exclude(stage__kind=StageKind.OPEN).filter(closed_on__isnull=True).exists()
    changes = StageChange.objects.filter(opportunity__in=bulk)
    assert not changes.exclude(to_stage__pipeline=F("opportunity__pipeline")).exists()
    # the history starts from no stage and ends in the current one, at the moment it was entered
    assert changes.filter(from_stage__isnull=True).count() == bulk.count()
    for opportunity in bulk[:20]:
        last = opportunity.stage_changes.order_by("changed_at", "pk").last()
        assert last is not None
        assert (last.to_stage_id, last.changed_at) == (opportunity.stage_id, opportunity.stage_entered_at)


def _assert_goals(today: date) -> None:
    crowd = User.objects.filter(username__regex=r"^rep[0-9]{5}$")
    starts = fiscal_years(today, SIZES_UNDER_TEST.years)
    assert len(starts) >= SIZES_UNDER_TEST.years
    yearly = Goal.objects.filter(metric=Metric.REVENUE, period_kind="year", product__isnull=True)
    for rep in crowd:
        assert set(yearly.filter(person=rep).values_list("period_start", flat=True)) >= set(starts), rep
    assert set(yearly.filter(scope=GoalScope.COMPANY).values_list("period_start", flat=True)) >= set(starts)


def _assert_people() -> None:
    fixed = [
        personas.BENCH_REP,
        personas.BENCH_ICAL_REP,
        personas.BENCH_COORDINATOR,
        personas.BENCH_MANAGER,
        personas.BENCH_DEPARTMENT_STAFF,
        personas.BENCH_FINANCE,
    ]
    staff = list(User.objects.filter(username__startswith="staff.").values_list("username", flat=True))
    assert staff
    for username in fixed + staff:
        assert User.objects.get(username=username).check_password(services.DEMO_PASSWORD), username
    design_staff = User.objects.get(username=personas.BENCH_DEPARTMENT_STAFF)
    assert design_staff.departments.filter(kind="design").exists()
    rep = User.objects.get(username=personas.BENCH_REP)
    per_rep = SIZES_UNDER_TEST.accounts // 5
    assert Account.objects.filter(owner=rep).count() == per_rep
    assert Contact.objects.filter(owner=rep).count() == per_rep * SIZES_UNDER_TEST.contacts_per_account


@pytest.mark.django_db
def test_the_command_refuses_the_larger_scales_without_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    # given a database that is not PostgreSQL
    monkeypatch.setattr(connections["default"], "vendor", "sqlite")
    # when the medium scale is asked for, then the command stops before loading anything
    with pytest.raises(CommandError, match=r"The medium demo needs PostgreSQL \(set DATABASE_URL\)"):
        call_command("demo", "--scale", "medium")
    assert not User.objects.filter(username="anna.schmidt").exists()
    # and the service refuses too
    with pytest.raises(BulkLoadRefused, match="PostgreSQL"):
        bulk_load(SIZES_UNDER_TEST, seed=1, today=date(2026, 11, 1))


def test_the_large_scale_is_ten_times_the_medium() -> None:
    large, medium = SIZES["large"], SIZES["medium"]
    for field in (
        "accounts",
        "opportunities",
        "contracts",
        "order_lines",
        "ical_contracts",
        "ical_deliverables",
    ):
        assert getattr(large, field) == 10 * getattr(medium, field), field
    assert services.CROWD_SIZE == {"small": 0, "tiny": 3, "medium": 20, "large": 200}
    # about 500 accounts per crowd rep at both scales
    assert (
        large.accounts // services.CROWD_SIZE["large"]
        == medium.accounts // services.CROWD_SIZE["medium"]
        == 500
    )


def _streams_checksum(seed: int, sizes: BulkSizes) -> str:
    """A checksum of every row the generators make, without a database (ids and people made up)."""
    ctx = BulkContext(
        sizes=sizes,
        seed=seed,
        today=date(2026, 11, 1),
        unit=BusinessUnit(code="media"),
        admin=User(),
        coordinator=User(),
        rep_ids=[11, 12, 13, 14],
        ical_rep_id=13,
        password_hash="",
    )
    kinds = ("design", "web", "fairs", "logistics", "finance")
    ctx.department_ids = {kind: number for number, kind in enumerate(kinds, 1)}
    ctx.staff_ids = {kind: [100 + number, 200 + number] for number, kind in enumerate(kinds)}
    ctx.territory_ids = {"dach": 1, "south-east": 2, "china": 3}
    ctx.work_products = [
        WorkProduct(number, name, billing, price, work)
        for number, (_sku, name, _unit, billing, price, work) in enumerate(catalogue.WORK_PRODUCTS, 1)
    ]
    ctx.order_products = [OrderProduct(number, f"P{number}", 1000 * number) for number in range(1, 7)]
    ctx.first_account_id = ctx.first_contact_id = 1
    digest = hashlib.sha256()
    created = customers.plan_accounts(ctx)
    streams = [
        ([chunk] for chunk in customers.account_rows(ctx, created)),
        customers.contact_rows(ctx, created, 1),
        opportunities.opportunity_rows(ctx, PipelineStages(1, [1, 2, 3, 4], 5, 6), [1, 2, 3], 1, 1),
        contracts.contract_rows(ctx, 1, 1, 1),
        orders.order_rows(ctx, 1, 1),
    ]
    for stream in streams:
        for chunks in stream:
            for chunk in chunks:
                digest.update("".join(chunk).encode())
    return digest.hexdigest()


def test_the_same_seed_gives_the_same_rows() -> None:
    assert _streams_checksum(3, SIZES_UNDER_TEST) == _streams_checksum(3, SIZES_UNDER_TEST)
    assert _streams_checksum(3, SIZES_UNDER_TEST) != _streams_checksum(4, SIZES_UNDER_TEST)
