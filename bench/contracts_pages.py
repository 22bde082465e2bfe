"""Benchmark: the department queue, the expiry calendar and a rep's calendar feed on a large contract base.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/salesdesk_bench .venv/bin/python bench/contracts_pages.py

Needs a database filled by `salesdesk demo --scale large` (or medium); bench/run.py runs it. Each measure
is a full request through Django (django.test.Client: middleware, session, view, selectors, template or
feed rendering), as the people of `salesdesk.demo.bulk.personas`:

- the queue page of the department staffer (design department; about a fifth of all deliverables), the
  department tab with every open item, due this week, and overdue;
- the expiry calendar for next month as a rep and as the coordinator, who sees every contract of the
  business unit;
- the iCal feed of the feed rep (1,500 contracts ending within a year at the large scale: their ends and
  notice deadlines, and 500 open deliverables assigned to them), read through a feed made for the run.

Every measure: warm-up runs, then timed runs; median and p95 (nearest rank) in milliseconds
and the number of SQL queries of one run. Beside each, the best hand-written SQL for the same rows (one
statement per list, no count) is timed the same way: the reference figure.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measuring import common_arguments, page_timings, record_times, setup_django, sql_timings

BENCHMARK = "contracts_pages"
TARGET_MS = {"queue": 100, "calendar": 100, "feed": 200}  # issue 4's bars (the feed: renders < 200 ms)

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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    common_arguments(parser)
    args = parser.parse_args()
    setup_django()

    from django.test import Client
    from django.utils import timezone

    from salesdesk.contracts.models import Contract, Deliverable
    from salesdesk.core.calendar_feeds import calendar_feed_create, calendar_feed_revoke
    from salesdesk.core.periods import next_month
    from salesdesk.demo.bulk.personas import (
        BENCH_COORDINATOR,
        BENCH_DEPARTMENT_STAFF,
        BENCH_ICAL_REP,
        BENCH_REP,
    )
    from salesdesk.org.models import Department, User

    staff = User.objects.get(username=BENCH_DEPARTMENT_STAFF)
    rep = User.objects.get(username=BENCH_REP)
    coordinator = User.objects.get(username=BENCH_COORDINATOR)
    feed_rep = User.objects.get(username=BENCH_ICAL_REP)
    department = Department.objects.get(pk=min(staff.department_ids))
    today = timezone.localdate()
    month = next_month(today)
    month_end = next_month(month) - timedelta(days=1)
    sunday = today + timedelta(days=6 - today.weekday())
    open_items = Deliverable.objects.filter(department=department, status__in=["open", "in_progress"])
    ending = Contract.objects.filter(status="signed", end_on__range=(month, month_end))
    print(
        f"contracts {Contract.objects.count():,}, deliverables {Deliverable.objects.count():,}; "
        f"{department.name} queue holds {open_items.count():,} open items; {month:%Y-%m} ends "
        f"{ending.count():,} contracts ({ending.filter(owner=rep).count()} of {rep.username})"
    )

    def measure(name: str, target: str, client: Client, url: str, reference: list[tuple[str, Any]]) -> None:
        if args.only and args.only not in name:
            return
        samples, queries = page_timings(client, url, warm_up=args.warm_up, runs=args.runs)
        record_times(
            BENCHMARK,
            name,
            samples,
            reference=sql_timings(reference, warm_up=args.warm_up, runs=args.runs),
            reference_label="hand-written SQL, same rows",
            target_p95_ms=TARGET_MS[target],
            queries=queries,
        )

    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    dues = {
        "all": ("", {}),
        "week": ("AND d.due_on BETWEEN %(today)s AND %(sunday)s", {"today": today, "sunday": sunday}),
        "overdue": ("AND d.due_on < %(today)s", {"today": today}),
    }
    for due, (clause, params) in dues.items():
        measure(
            f"staff: queue, department, due={due}",
            "queue",
            client,
            f"/queue/?scope=department&due={due}",
            [(QUEUE_SQL.format(due=clause), {"department": department.pk, **params})],
        )

    calendar_url = f"/contracts/expiry/?period=month&start={month:%Y-%m}"
    for label, user, scope in (
        ("rep", rep, f"c.owner_id = {rep.pk}"),
        ("coordinator", coordinator, f"u.business_unit_id = {coordinator.business_unit_id}"),
    ):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        measure(
            f"{label}: expiry calendar, {month:%Y-%m}",
            "calendar",
            client,
            calendar_url,
            [(EXPIRY_SQL.format(scope=scope), [month, month_end])],
        )

    feed, secret = calendar_feed_create(owner=feed_rep)
    try:
        client = Client(HTTP_HOST="localhost")
        events = client.get(f"/calendar/{secret}.ics").content.count(b"BEGIN:VEVENT")
        start, end = today - timedelta(days=90), today + timedelta(days=730)
        measure(
            f"feed rep: iCal feed ({events:,} events)",
            "feed",
            client,
            f"/calendar/{secret}.ics",
            [
                (FEED_SQL[0], [feed_rep.pk, start, end + timedelta(days=3 * 366)]),
                (FEED_SQL[1], [feed_rep.pk, start, end]),
            ],
        )
    finally:
        calendar_feed_revoke(feed=feed, revoked_by=feed_rep)


if __name__ == "__main__":
    main()
