"""Benchmark: the department queue, the expiry calendar and a rep's calendar feed on a large contract base.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_benchcontracts \
        .venv/bin/python bench/contracts_pages.py

Needs a database filled by bench/generate_contracts.py. Each measure is a full request through Django
(django.test.Client: middleware, session, view, selectors, template or feed rendering):

- the queue page of `bench-staff-design` (design department; about a fifth of all deliverables), the
  department tab with every open item, due this week, and overdue;
- the expiry calendar for next month as the rep `bench-rep-001` and as the coordinator, who sees every
  contract of the business unit;
- the iCal feed of `bench-rep-ical` (1,500 contracts ending within a year: their ends and notice
  deadlines, and 500 open deliverables assigned to them), read through a feed made for the run.

Every measure: 5 warm-up runs, then 30 timed runs; prints median and p95 (nearest rank) in milliseconds
and the number of SQL queries of one run. Beside each, the best hand-written SQL for the same rows (one
statement per list, no count) is timed the same way: the reference figure.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

WARM_UP = 5
RUNS = 30


def _setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salesdesk.config.settings.local")
    os.environ.setdefault("SALESDESK_DEBUG", "0")
    import django

    django.setup()
    from django.conf import settings

    # The manifest storage needs a fresh collectstatic for every new stylesheet; the plain storage gives
    # the same pages without one (a manifest lookup is a dictionary read, nothing to measure).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., object], sql: str, *rest: object) -> object:
        self.count += 1
        return execute(sql, *rest)


def timed(action: Callable[[], object], *, warm_up: int = WARM_UP, runs: int = RUNS) -> list[float]:
    for _n in range(warm_up):
        action()
    samples = []
    for _n in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


# The queue's first page: the columns a row shows, the department and open statuses, oldest due first. Each
# status is read in index order (department, status, due_on, id) and the two streams merged, which is the
# best plan PostgreSQL has for "IN (two statuses) ORDER BY due_on LIMIT 50" (one scan sorts every row).
QUEUE_SQL = """
SELECT q.id, q.title, q.due_on, q.status, q.assignee_id, c.number, c.title, a.name, u.full_name
FROM (
    (SELECT id, title, due_on, status, assignee_id, contract_id FROM contracts_deliverable d
     WHERE d.department_id = %(department)s AND d.status = 'open' {due}
     ORDER BY d.due_on, d.id LIMIT 50)
    UNION ALL
    (SELECT id, title, due_on, status, assignee_id, contract_id FROM contracts_deliverable d
     WHERE d.department_id = %(department)s AND d.status = 'in_progress' {due}
     ORDER BY d.due_on, d.id LIMIT 50)
) q
JOIN contracts_contract c ON c.id = q.contract_id
JOIN customers_account a ON a.id = c.account_id
LEFT JOIN org_user u ON u.id = q.assignee_id
ORDER BY q.due_on, q.id
LIMIT 50
"""
# The calendar's first page: signed contracts ending in the month, in the reader's scope.
EXPIRY_SQL = """
SELECT c.id, c.number, c.title, c.end_on, c.value, c.currency, c.auto_renew, c.notice_days, a.name,
       u.full_name
FROM contracts_contract c
JOIN customers_account a ON a.id = c.account_id
JOIN org_user u ON u.id = c.owner_id
WHERE c.status = 'signed' AND c.end_on BETWEEN %s AND %s AND ({scope})
ORDER BY c.end_on, c.id
LIMIT 100
"""
# The feed's two reads: the rep's signed contracts near the window, their open assigned deliverables.
FEED_SQL = [
    """
SELECT c.id, c.number, c.title, a.name, c.end_on, c.notice_days, c.auto_renew, c.renewal_months, c.value,
       c.currency
FROM contracts_contract c JOIN customers_account a ON a.id = c.account_id
WHERE c.owner_id = %s AND c.status = 'signed' AND c.end_on >= %s AND c.end_on <= %s
ORDER BY c.end_on, c.id
""",
    """
SELECT d.id, d.title, d.detail, d.due_on, c.number, a.name, dep.name
FROM contracts_deliverable d
JOIN contracts_contract c ON c.id = d.contract_id
JOIN customers_account a ON a.id = c.account_id
JOIN org_department dep ON dep.id = d.department_id
WHERE d.assignee_id = %s AND d.status IN ('open', 'in_progress') AND d.due_on BETWEEN %s AND %s
ORDER BY d.due_on, d.id
""",
]


def next_month(today: date) -> date:
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--staff", default="bench-staff-design")
    parser.add_argument("--rep", default="bench-rep-001")
    parser.add_argument("--coordinator", default="bench-coordinator")
    parser.add_argument("--feed-rep", default="bench-rep-ical")
    parser.add_argument("--runs", type=int, default=RUNS, help="timed runs per measure")
    parser.add_argument("--warm-up", type=int, default=WARM_UP, help="untimed runs before them")
    parser.add_argument("--only", default="", help="run only measures whose name contains this text")
    args = parser.parse_args()
    _setup_django()

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from salesdesk.contracts.models import Contract, Deliverable
    from salesdesk.core.calendar_feeds import calendar_feed_create, calendar_feed_revoke
    from salesdesk.org.models import Department, User

    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL (set DATABASE_URL).")

    staff = User.objects.get(username=args.staff)
    rep = User.objects.get(username=args.rep)
    coordinator = User.objects.get(username=args.coordinator)
    feed_rep = User.objects.get(username=args.feed_rep)
    department = Department.objects.get(pk=min(staff.department_ids))
    today = timezone.localdate()
    month = next_month(today)
    month_end = next_month(month) - timedelta(days=1)
    sunday = today + timedelta(days=6 - today.weekday())
    print(
        f"contracts {Contract.objects.count():,}, deliverables {Deliverable.objects.count():,}; "
        f"{department.name} queue holds "
        f"{Deliverable.objects.filter(department=department, status__in=['open', 'in_progress']).count():,} "
        f"open items; {month:%Y-%m} ends "
        f"{Contract.objects.filter(status='signed', end_on__range=(month, month_end)).count():,} contracts "
        f"({Contract.objects.filter(owner=rep, status='signed', end_on__range=(month, month_end)).count()} "
        f"of {rep.username})"
    )
    print(f"{'measure':<62} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")

    def report(name: str, samples: list[float], queries: int | str) -> None:
        print(
            f"{name:<62} {statistics.median(samples):>10.1f} {p95(samples):>8.1f} {queries!s:>8}", flush=True
        )

    def measure(name: str, client: Client, url: str) -> None:
        if args.only and args.only not in name:
            return

        def get() -> object:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            return response

        counted = QueryCounter()
        # Not CaptureQueriesContext: each request resets the connection's query log when it starts.
        with connection.execute_wrapper(counted):
            get()
        report(name, timed(get, warm_up=args.warm_up, runs=args.runs), counted.count)

    def reference(name: str, statements: list[tuple[str, Any]]) -> None:
        if args.only and args.only not in name:
            return

        def run() -> object:
            with connection.cursor() as cursor:
                for sql, params in statements:
                    cursor.execute(sql, params)
                    cursor.fetchall()
            return None

        report(name, timed(run, warm_up=args.warm_up, runs=args.runs), len(statements))

    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    dues = {
        "all": ("", {}),
        "week": ("AND d.due_on BETWEEN %(today)s AND %(sunday)s", {"today": today, "sunday": sunday}),
        "overdue": ("AND d.due_on < %(today)s", {"today": today}),
    }
    for due, (clause, params) in dues.items():
        measure(f"staff: queue, department, due={due}", client, f"/queue/?scope=department&due={due}")
        reference(
            f"staff: reference SQL, queue due={due} (50 rows)",
            [(QUEUE_SQL.format(due=clause), {"department": department.pk, **params})],
        )

    calendar_url = f"/contracts/expiry/?period=month&start={month:%Y-%m}"
    for label, user, scope in (
        ("rep", rep, f"c.owner_id = {rep.pk}"),
        ("coordinator", coordinator, f"u.business_unit_id = {coordinator.business_unit_id}"),
    ):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        measure(f"{label}: expiry calendar, {month:%Y-%m}", client, calendar_url)
        reference(
            f"{label}: reference SQL, expiry {month:%Y-%m} (first 100)",
            [(EXPIRY_SQL.format(scope=scope), [month, month_end])],
        )

    feed, secret = calendar_feed_create(owner=feed_rep)
    try:
        client = Client(HTTP_HOST="localhost")
        events = client.get(f"/calendar/{secret}.ics").content.count(b"BEGIN:VEVENT")
        measure(f"feed rep: iCal feed ({events:,} events)", client, f"/calendar/{secret}.ics")
        start, end = today - timedelta(days=90), today + timedelta(days=730)
        reference(
            "feed rep: reference SQL, the feed's rows",
            [
                (FEED_SQL[0], [feed_rep.pk, start, end + timedelta(days=3 * 366)]),
                (FEED_SQL[1], [feed_rep.pk, start, end]),
            ],
        )
    finally:
        calendar_feed_revoke(feed=feed, revoked_by=feed_rep)


if __name__ == "__main__":
    main()
