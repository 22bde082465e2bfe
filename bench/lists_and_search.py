"""Benchmark: the account list page, the accounts API page and the search box on a large customer base.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/salesdesk_bench .venv/bin/python bench/lists_and_search.py

Needs a database filled by `salesdesk demo --scale large` (or medium); bench/run.py runs it. Each
measure is a full request through Django (django.test.Client: middleware, session, view, selector,
template or JSON) as (a) a sales rep who owns about 500 accounts (`BENCH_REP`) and (b) the coordinator,
who sees every account of the business unit. Every measure: warm-up runs, then timed runs; median and p95
(nearest rank) in milliseconds and the number of SQL queries of one run. Beside the list measures, the
best hand-written SQL for the same first page (the same rows and columns, one statement, no count) is
timed the same way: the reference figure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measuring import common_arguments, page_timings, record_times, setup_django, sql_timings

BENCHMARK = "lists_and_search"
LIST_TARGET_MS = 100  # issue 3: account list page and API page p95 < 100 ms
SEARCH_TARGET_MS = 150  # issue 3: search p95 < 150 ms

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
SEARCHES = {"typo": "Schmitd", "Chinese": "王芳", "Cyrillic": "Петров", "e-mail fragment": "george.taylor2"}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    common_arguments(parser)
    args = parser.parse_args()
    setup_django()

    from django.test import Client

    from salesdesk.core.scoping import visible_to
    from salesdesk.customers.models import Account
    from salesdesk.demo.bulk.personas import BENCH_COORDINATOR, BENCH_REP
    from salesdesk.org.models import User

    rep = User.objects.get(username=BENCH_REP)
    coordinator = User.objects.get(username=BENCH_COORDINATOR)
    print(
        f"accounts {Account.objects.count():,}; {rep.username} sees "
        f"{visible_to(rep, Account).count():,}, {coordinator.username} sees "
        f"{visible_to(coordinator, Account).count():,}"
    )
    for label, user in (("rep", rep), ("coordinator", coordinator)):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        if user.pk == rep.pk:
            scope = f"a.owner_id = {rep.pk} OR (a.is_shared AND u.business_unit_id = {rep.business_unit_id})"
        else:
            scope = f"u.business_unit_id = {coordinator.business_unit_id}"
        reference = sql_timings(
            [(REFERENCE_SQL.format(scope=scope), None)], warm_up=args.warm_up, runs=args.runs
        )
        cursor = client.get("/api/v1/accounts").json()["next_cursor"]
        urls = [
            ("account list, first page", "/accounts/", LIST_TARGET_MS),
            ("account list, ?q=Müller", "/accounts/?q=M%C3%BCller", LIST_TARGET_MS),
            ("API accounts, first page", "/api/v1/accounts", LIST_TARGET_MS),
        ]
        if cursor:  # a small database may hold one page only
            urls.append(("API accounts, cursor page 2", f"/api/v1/accounts?cursor={cursor}", LIST_TARGET_MS))
        urls += [
            (f"search, {kind} ({query})", f"/search/?q={query}", SEARCH_TARGET_MS)
            for kind, query in SEARCHES.items()
        ]
        for name, url, target in urls:
            measure = f"{label}: {name}"
            if args.only and args.only not in measure:
                continue
            samples, queries = page_timings(client, url, warm_up=args.warm_up, runs=args.runs)
            is_list = not name.startswith("search")
            record_times(
                BENCHMARK,
                measure,
                samples,
                reference=reference if is_list else None,
                reference_label="hand-written SQL, same first page" if is_list else "",
                target_p95_ms=target,
                queries=queries,
            )


if __name__ == "__main__":
    main()
