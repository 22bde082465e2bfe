"""Planning benchmarks (issue 5) on the database bench/generate_orders.py fills (10M order lines).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_benchplan .venv/bin/python bench/planning_pages.py

Measured through the Django test client (the whole request: selection, rollup queries, rendering),
after a warm-up: the plan-vs-actual page for the company and for one rep, per month and per week, the
last-year comparison, and the market analysis page when that app is installed. Beside each page, the
reference: the best hand-written SQL aggregate over the raw order lines for the same numbers (monthly
revenue in the company currency for the fiscal year, at each day's exchange rate). Then the time one
order change takes to move the rollups (`planning.actuals.tracking` around a status change, rolled
back each run), and a full rollup rebuild.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from contracts_pages import QueryCounter, _setup_django, p95, timed

RUNS = 30
WARM_UP = 5

# Monthly revenue in the company currency over the raw lines: what the rollups answer for the page.
REFERENCE_SQL = """
WITH counted AS (
    SELECT o.id, o.currency, o.ordered_on AS day FROM orders_order o
    WHERE o.status NOT IN ('quote', 'cancelled') AND o.ordered_on BETWEEN %(first)s AND %(last)s {owner}
),
rates AS (
    SELECT pair.currency, pair.day, CASE WHEN pair.currency = %(company)s THEN 1::numeric ELSE (
        SELECT r.rate FROM core_fxrate r WHERE r.currency = pair.currency AND r.valid_on <= pair.day
        ORDER BY r.valid_on DESC LIMIT 1) END AS rate
    FROM (SELECT DISTINCT currency, day FROM counted) pair
)
SELECT date_trunc('month', c.day) AS month, SUM(ROUND(l.net_amount / rt.rate, 4))
FROM orders_orderline l
JOIN counted c ON c.id = l.order_id
JOIN rates rt ON rt.currency = c.currency AND rt.day = c.day
GROUP BY 1 ORDER BY 1
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rep", default="bench-rep-001")
    parser.add_argument("--manager", default="bench-coordinator")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--warm-up", type=int, default=WARM_UP)
    parser.add_argument("--rebuilds", type=int, default=1, help="full rollup rebuilds to time")
    parser.add_argument("--skip-reference", action="store_true", help="leave out the raw-line SQL")
    args = parser.parse_args()
    _setup_django()

    from django.conf import settings
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from salesdesk.core.models import CompanySettings
    from salesdesk.core.periods import company_calendar
    from salesdesk.orders.models import Order, OrderLine
    from salesdesk.org.models import User
    from salesdesk.planning import actuals
    from salesdesk.planning.models import SalesActual

    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL (set DATABASE_URL).")
    rep = User.objects.get(username=args.rep)
    manager = User.objects.get(username=args.manager)
    today = timezone.localdate()
    year = company_calendar().period(today, "year")
    print(
        f"order lines {OrderLine.objects.count():,}, orders {Order.objects.count():,}, "
        f"rollup rows {SalesActual.objects.count():,}; fiscal year {year.fiscal_year}"
    )
    print(f"{'measure':<58} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")

    def report(name: str, samples: list[float], queries: int | str) -> None:
        print(
            f"{name:<58} {statistics.median(samples):>10.1f} {p95(samples):>8.1f} {queries!s:>8}", flush=True
        )

    def page(name: str, client: Client, url: str) -> None:
        def get() -> object:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            return response

        counted = QueryCounter()
        with connection.execute_wrapper(counted):
            get()
        report(name, timed(get, warm_up=args.warm_up, runs=args.runs), counted.count)

    def reference(name: str, owner_id: int | None) -> None:
        if args.skip_reference:
            return
        sql = REFERENCE_SQL.format(owner="AND o.owner_id = %(owner)s" if owner_id else "")
        params = {"first": year.start, "last": year.end, "company": CompanySettings.current().currency}
        if owner_id:
            params["owner"] = owner_id

        def run() -> object:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        report(name, timed(run, warm_up=1, runs=min(args.runs, 5)), 1)

    manager_client = Client(HTTP_HOST="localhost")
    manager_client.force_login(manager)
    rep_client = Client(HTTP_HOST="localhost")
    rep_client.force_login(rep)
    page(
        "plan vs actual, company, per month",
        manager_client,
        f"/planning/?subject=company-0&year={year.fiscal_year}",
    )
    reference("  reference SQL over raw lines, company, per month", None)
    page(
        "plan vs actual, company, per week",
        manager_client,
        f"/planning/?subject=company-0&grain=week&year={year.fiscal_year}",
    )
    page("plan vs actual, one rep, per month", rep_client, f"/planning/?year={year.fiscal_year}")
    reference("  reference SQL over raw lines, one rep, per month", rep.pk)
    page("this year against last, company", manager_client, "/planning/last-year/?subject=company-0")
    if "salesdesk.performance" in settings.INSTALLED_APPS:
        page("market analysis, company, month", manager_client, "/performance/market/")

    order = Order.objects.filter(owner=rep, status="followed_up").order_by("-ordered_on").first()
    assert order is not None

    class _Undo(Exception):
        pass

    def change() -> float:
        """One order cancelled (its lines leave the rollups), timed, then rolled back."""
        elapsed = 0.0
        try:
            with transaction.atomic():
                started = time.perf_counter()
                with actuals.tracking(order.pk):
                    Order.objects.filter(pk=order.pk).update(status="cancelled")
                elapsed = (time.perf_counter() - started) * 1000
                raise _Undo
        except _Undo:
            return elapsed

    for _n in range(args.warm_up):
        change()
    report("one order change moves the rollups", [change() for _n in range(args.runs)], "-")

    durations: list[float] = []
    for _n in range(args.rebuilds):
        started = time.perf_counter()
        actuals.rebuild()
        durations.append((time.perf_counter() - started) * 1000)
    if durations:
        report("full rollup rebuild", durations, "-")


if __name__ == "__main__":
    main()
