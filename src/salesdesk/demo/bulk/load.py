"""`bulk_load`: the tiny, medium and large demo's volume, added to the loaded demo in phases.

Phases: the people and catalogue the rows need (ORM and services, a few hundred rows), then customers,
orders, opportunities and contracts (COPY, each in one transaction with its tables' secondary indexes
dropped), goals (planning services), and one VACUUM ANALYZE. The indexes are rebuilt and the rollups
(`planning.actuals.rebuild()`) recomputed in background sessions while the next tables fill.

The rows are the same for the same seed and day. No simple-history rows are written for bulk rows: their
history starts with the first change a person makes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any, Protocol

from django.db import connection, transaction
from django.utils.translation import gettext as _

from salesdesk.customers.models import Account
from salesdesk.demo.bulk import catalogue, contracts, customers, goals, opportunities, orders, personas
from salesdesk.demo.bulk.background import Background
from salesdesk.demo.bulk.context import BulkContext
from salesdesk.demo.bulk.copying import build_index, move_sequences, raw_cursor, start_loading, vacuum_analyze
from salesdesk.demo.bulk.people import (
    WORK_DEPARTMENTS,
    BulkLoadRefused,
    crowd_rep_ids,
    demo_password_hash,
    work_staff,
)
from salesdesk.demo.bulk.sizes import BulkSizes
from salesdesk.org.models import BusinessUnit, Department, Territory, User
from salesdesk.planning import actuals

DEMO_UNIT = "media"
Loader = Callable[[BulkContext, Any, Callable[[int], None]], dict[str, int]]


class BulkProgress(Protocol):
    """What the caller shows: a phase starts (with the rows it will count, if known), rows go in."""

    def phase(self, name: str, total: int | None) -> None: ...

    def advance(self, rows: int) -> None: ...


@dataclass(frozen=True)
class PhaseTiming:
    name: str
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)
    background: bool = False  # overlapped the foreground phases


class _Quiet:
    def phase(self, name: str, total: int | None) -> None:
        pass

    def advance(self, rows: int) -> None:
        pass


class _Clock:
    def __init__(self, progress: BulkProgress) -> None:
        self.progress = progress
        self.timings: list[PhaseTiming] = []
        self._lock = threading.Lock()

    def background_done(self, name: str, seconds: float) -> None:
        """A background job finished (jobs of the same name add up, e.g. a table's indexes)."""
        with self._lock:
            for position, timing in enumerate(self.timings):
                if timing.background and timing.name == name:
                    rows = {"jobs": timing.rows["jobs"] + 1}
                    self.timings[position] = PhaseTiming(
                        name, timing.seconds + seconds, rows, background=True
                    )
                    return
            self.timings.append(PhaseTiming(name, seconds, {"jobs": 1}, background=True))

    @contextmanager
    def phase(self, name: str, total: int | None = None) -> Iterator[dict[str, int]]:
        """Times the block; the block puts its row counts into the dict it gets."""
        self.progress.phase(name, total)
        rows: dict[str, int] = {}
        started = time.perf_counter()
        yield rows
        self.timings.append(PhaseTiming(name, time.perf_counter() - started, rows))


def refuse_unless_loadable() -> BusinessUnit:
    """The demo's business unit, if a bulk load can go into this database."""
    if connection.vendor != "postgresql":
        raise BulkLoadRefused(_("The bulk demo data needs PostgreSQL (set DATABASE_URL)."))
    unit = BusinessUnit.objects.filter(code=DEMO_UNIT).first()
    if unit is None:
        raise BulkLoadRefused(_("Load the demo first: the bulk data goes into its business unit."))
    loaded = User.objects.filter(username__startswith="staff.", business_unit=unit).exists()
    if loaded or Account.objects.filter(owner__username=personas.BENCH_REP).exists():
        raise BulkLoadRefused(_("The bulk demo data is loaded already (or partly): use a fresh database."))
    return unit


def bulk_load(
    sizes: BulkSizes, *, seed: int, today: date, progress: BulkProgress | None = None
) -> list[PhaseTiming]:
    """Add `sizes` of generated data to the demo's business unit, owned by its crowd of reps.

    Needs PostgreSQL and a loaded demo with its crowd; refuses (BulkLoadRefused) a second load. Returns
    each phase's time and row counts, in order; phases run in the background (index builds, rollups)
    overlap the others, and the foreground phases add up to the whole time.
    """
    unit = refuse_unless_loadable()
    clock = _Clock(progress or _Quiet())
    background = Background(done=clock.background_done)
    with clock.phase("people and catalogue"), transaction.atomic():
        ctx = _prepare(unit, sizes, seed=seed, today=today)
    # Orders early: the rollups rebuild in the background while the other tables fill.
    loaders: list[tuple[str, tuple[str, ...], Loader, int]] = [
        ("customers", customers.TABLES, customers.load_customers, customers.counted_rows(sizes)),
        ("orders", orders.TABLES, orders.load_orders, sizes.order_lines),
        ("opportunities", opportunities.TABLES, opportunities.load_opportunities, sizes.opportunities),
        ("contracts", contracts.TABLES, contracts.load_contracts, contracts.counted_rows(sizes)),
    ]
    cursor = raw_cursor()
    try:
        for name, tables, load, counted in loaders:
            with clock.phase(name, counted) as rows, transaction.atomic():
                indexes = start_loading(cursor, tables)
                rows.update(load(ctx, cursor, clock.progress.advance))
                move_sequences(cursor, tables)
            for index in indexes:
                background.submit(f"{name}: indexes", partial(build_index, index))
            if name == "orders":
                background.submit("rollups", actuals.rebuild)
        with clock.phase("goals") as rows:
            rows["goals"] = goals.load_goals(ctx)
    finally:
        with clock.phase("waiting for indexes and rollups"):
            background.wait()
    with clock.phase("vacuum analyze"):
        vacuum_analyze(cursor)
    cursor.close()
    return clock.timings


def _prepare(unit: BusinessUnit, sizes: BulkSizes, *, seed: int, today: date) -> BulkContext:
    """The people, departments, catalogue and rates the generated rows refer to."""
    rep_ids = crowd_rep_ids(unit)
    if sizes.accounts < len(rep_ids):
        raise BulkLoadRefused(_("Every rep of the crowd needs an account: load more accounts than reps."))
    password_hash = demo_password_hash()
    ctx = BulkContext(
        sizes=sizes,
        seed=seed,
        today=today,
        unit=unit,
        admin=User.objects.get(username="admin"),
        coordinator=User.objects.get(username=personas.BENCH_COORDINATOR),
        rep_ids=rep_ids,
        ical_rep_id=User.objects.get(username=personas.BENCH_ICAL_REP).pk,
        password_hash=password_hash,
    )
    ctx.department_ids = {
        department.kind: department.pk
        for department in Department.objects.filter(business_unit=unit, kind__in=WORK_DEPARTMENTS)
    }
    ctx.staff_ids = work_staff(unit, password_hash=password_hash, seed=seed, today=today)
    ctx.territory_ids = dict(Territory.objects.filter(business_unit=unit).values_list("code", "pk"))
    ctx.price_list_ids = catalogue.price_list_ids(unit)
    ctx.work_products = catalogue.work_products(ctx.coordinator)
    first = today - timedelta(days=365 * sizes.years)
    rng = ctx.rng("catalogue")
    ctx.order_products = catalogue.order_products(
        ctx.coordinator, count=sizes.order_products, rng=rng, first=first, today=today
    )
    catalogue.daily_rates(rng=rng, first=first.replace(day=1), today=today)
    return ctx
