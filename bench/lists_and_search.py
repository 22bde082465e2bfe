"""Benchmark: the account list page, the accounts API page and the search box on a large customer base.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_benchlists \
        .venv/bin/python bench/lists_and_search.py

Needs a database filled by bench/generate_customers.py. Each measure is a full request through Django
(django.test.Client: middleware, session, view, selector, template or JSON) as (a) a sales rep who owns
about 500 accounts and (b) the coordinator, who sees every account of the business unit. Every measure:
5 warm-up runs, then 30 timed runs; prints median and p95 (nearest rank) in milliseconds and the number
of SQL queries of one run. Beside the list measures, the best hand-written SQL for the same first page
(the same rows and columns, one statement, no count) is timed the same way: the reference figure.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

WARM_UP = 5
RUNS = 30


def _setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salesdesk.config.settings.local")
    os.environ.setdefault("SALESDESK_DEBUG", "0")
    import django

    django.setup()


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


# The hand-written reference for the first list page: the columns the page shows, the scope as a plain
# predicate, the same order and page size. {scope} is filled per persona.
REFERENCE_SQL = """
SELECT a.id, a.name, a.legal_name, a.country, a.status, u.full_name, u.username, t.name, p.name
FROM customers_account a
JOIN org_user u ON u.id = a.owner_id
LEFT JOIN org_territory t ON t.id = a.territory_id
LEFT JOIN customers_account p ON p.id = a.parent_id
WHERE a.merged_into_id IS NULL AND ({scope})
ORDER BY a.name, a.id
LIMIT 50
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rep", default="bench-rep-001")
    parser.add_argument("--coordinator", default="bench-coordinator")
    parser.add_argument("--runs", type=int, default=RUNS, help="timed runs per measure")
    parser.add_argument("--warm-up", type=int, default=WARM_UP, help="untimed runs before them")
    parser.add_argument("--only", default="", help="run only measures whose name contains this text")
    args = parser.parse_args()
    _setup_django()

    from django.db import connection
    from django.test import Client

    from salesdesk.core.scoping import visible_to
    from salesdesk.customers.models import Account
    from salesdesk.org.models import User

    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL (set DATABASE_URL).")

    rep = User.objects.get(username=args.rep)
    coordinator = User.objects.get(username=args.coordinator)
    searches = {
        "typo": "Schmitd",
        "Chinese": "王芳",
        "Cyrillic": "Петров",
        "e-mail fragment": "george.taylor2",
    }

    print(
        f"accounts {Account.objects.count():,}; {rep.username} sees "
        f"{visible_to(rep, Account).count():,}, {coordinator.username} sees "
        f"{visible_to(coordinator, Account).count():,}"
    )
    print(f"{'measure':<58} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")

    def report(name: str, samples: list[float], queries: int | str) -> None:
        print(
            f"{name:<58} {statistics.median(samples):>10.1f} {p95(samples):>8.1f} {queries!s:>8}", flush=True
        )

    for label, user in (("rep", rep), ("coordinator", coordinator)):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)

        def get(url: str, client: Client = client) -> object:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            return response

        first = client.get("/api/v1/accounts").json()
        cursor = first["next_cursor"]
        urls = [
            ("account list, first page", "/accounts/"),
            ("account list, ?q=Müller", "/accounts/?q=M%C3%BCller"),
            ("API accounts, first page", "/api/v1/accounts"),
            ("API accounts, cursor page 2", f"/api/v1/accounts?cursor={cursor}"),
        ]
        urls += [(f"search, {kind} ({query})", f"/search/?q={query}") for kind, query in searches.items()]
        for name, url in urls:
            full_name = f"{label}: {name}"
            if args.only and args.only not in full_name:
                continue
            counted = QueryCounter()
            # Not CaptureQueriesContext: each request resets the connection's query log when it starts.
            with connection.execute_wrapper(counted):
                get(url)
            samples = timed(lambda url=url: get(url), warm_up=args.warm_up, runs=args.runs)
            report(full_name, samples, counted.count)

        if user.pk == rep.pk:
            scope = f"a.owner_id = {rep.pk} OR (a.is_shared AND u.business_unit_id = {rep.business_unit_id})"
        else:
            scope = f"u.business_unit_id = {coordinator.business_unit_id}"
        sql = REFERENCE_SQL.format(scope=scope)

        def reference(sql: str = sql) -> object:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()

        if not args.only or "reference" in args.only:
            report(
                f"{label}: reference SQL, first page (50 rows)",
                timed(reference, warm_up=args.warm_up, runs=args.runs),
                1,
            )


if __name__ == "__main__":
    main()
