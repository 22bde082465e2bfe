"""Fill a PostgreSQL database with three years of orders and order lines for the planning benchmarks.

    createdb -h 127.0.0.1 -U postgres sd_benchplan
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_benchplan .venv/bin/salesdesk migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_benchplan \
        .venv/bin/python bench/generate_orders.py --lines 10000000 --seed 1

Accounts and reps come from bench/generate_customers.py (run first, with no contacts, when the database
holds no accounts). Through the ORM, a few rows: a catalogue of --products products in three categories
with a production cost per product and half-year, daily exchange rates for USD and GBP over the three
years, and for every rep a yearly revenue goal per fiscal year (split by the real service, evenly), plus
a company goal each year.

Then with COPY: orders spread evenly over the three years before --today, four lines each on average
(one to seven), 85 % of them ordered (and mostly delivered and invoiced), 10 % cancelled, 5 % still quotes.
Orders are in EUR (80 %), USD or GBP. Order totals equal the sum of their lines. Secondary indexes of the
two tables are dropped first and rebuilt afterwards, then VACUUM ANALYZE; foreign-key triggers are off
during the load (the generator makes consistent ids itself). Finally the rollups are rebuilt with the
product's own `planning.actuals.rebuild()` and its time printed (the issue's bar: under two minutes).
Deterministic for a given --seed and --today. Refuses to run on a database that already holds orders.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_contracts import DayText, _setup_django, copy_text, ensure_accounts, timed

TABLES = ["orders_order", "orders_orderline"]
ORDER_COLUMNS = [
    "id", "created_at", "updated_at", "version", "number", "account_id", "contact_id", "owner_id",
    "opportunity_id", "contract_id", "territory_id", "status", "currency", "price_list_id", "quoted_on",
    "ordered_on", "delivered_on", "invoiced_on", "net_total", "tax_total", "gross_total", "notes",
]  # fmt: skip
LINE_COLUMNS = [
    "id", "order_id", "position", "product_id", "description", "quantity", "unit_price",
    "discount_percent", "tax_rate", "net_amount", "tax_amount",
]  # fmt: skip
CURRENCIES = ["EUR"] * 8 + ["USD", "GBP"]
RATES = {"USD": 1.08, "GBP": 0.86}
YEARS = 3
TAX_RATE = 19
NULL = "\\N"  # COPY text format


def prepare(*, products: int, today: date, rng: random.Random) -> tuple[list[int], list[int], dict[int, int]]:
    """Catalogue, production costs, exchange rates and goals; returns rep ids, product ids, list prices."""
    from django.db import transaction

    from salesdesk.catalog.models import Product, ProductCategory, ProductionCost
    from salesdesk.core.models import FxRate
    from salesdesk.core.periods import company_calendar
    from salesdesk.org.choices import Role
    from salesdesk.org.models import BusinessUnit, User
    from salesdesk.planning.choices import GoalScope, Metric
    from salesdesk.planning.services import GoalInput, goal_create

    unit = BusinessUnit.objects.get(code="BENCH")
    first_day = today.replace(year=today.year - YEARS)
    with transaction.atomic():
        categories = [
            ProductCategory.objects.create(business_unit=unit, name=name)
            for name in ("Print", "Web", "Events")
        ]
        made = Product.objects.bulk_create(
            Product(
                business_unit=unit, sku=f"BENCH-P{n:03d}", name=f"Bench product {n:03d}",
                category=categories[n % 3], tax_rate=Decimal(TAX_RATE),
            )
            for n in range(1, products + 1)
        )  # fmt: skip
        prices = {product.pk: rng.randrange(2_000, 200_000) for product in made}  # cents
        costs = []
        for product in made:
            start = first_day.replace(month=1, day=1)
            while start <= today:
                end = start.replace(month=6, day=30) if start.month == 1 else start.replace(month=12, day=31)
                cents = int(prices[product.pk] * rng.uniform(0.35, 0.6))
                costs.append(
                    ProductionCost(
                        product=product, period_start=start, period_end=end,
                        unit_cost=Decimal(cents) / 100, currency="EUR",
                    )
                )  # fmt: skip
                start = end + timedelta(days=1)
        ProductionCost.objects.bulk_create(costs)
        rates = []
        day = first_day - timedelta(days=7)
        while day <= today:
            for currency, centre in RATES.items():
                rates.append(
                    FxRate(
                        currency=currency,
                        valid_on=day,
                        rate=Decimal(f"{centre * rng.uniform(0.97, 1.03):.6f}"),
                    )
                )
            day += timedelta(days=1)
        FxRate.objects.bulk_create(rates)
    reps = list(
        User.objects.filter(business_unit=unit, role_grants__role=Role.SALES_REP)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    planner = User.objects.get(username="bench-coordinator")
    calendar = company_calendar()
    started = time.perf_counter()
    for back in range(YEARS):
        period = calendar.period(today.replace(year=today.year - back), "year")
        total = Decimal(0)
        for rep in User.objects.filter(pk__in=reps).order_by("pk"):
            target = Decimal(rng.randrange(900, 1600) * 1000)
            total += target
            goal_create(
                created_by=planner,
                data=GoalInput(
                    scope=GoalScope.PERSON, person=rep, metric=Metric.REVENUE, period_kind="year",
                    period_day=period.start, target=target, owner=rep,
                    title=f"Revenue FY {period.fiscal_year}",
                ),
            )  # fmt: skip
        goal_create(
            created_by=planner,
            data=GoalInput(
                scope=GoalScope.COMPANY, metric=Metric.REVENUE, period_kind="year", period_day=period.start,
                target=total, title=f"Revenue FY {period.fiscal_year}", owner=planner,
            ),
        )  # fmt: skip
    print(
        f"goals for {len(reps)} reps over {YEARS} years in {time.perf_counter() - started:.1f} s", flush=True
    )
    return reps, [product.pk for product in made], prices


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def generate(*, lines: int, products: int, seed: int, today: date) -> dict[str, int]:
    from django.db import connection, transaction

    from salesdesk.customers.models import Account
    from salesdesk.orders.models import Order

    if Order.objects.exists():
        sys.exit("The database already holds orders; generate into a freshly migrated database.")
    rng = random.Random(seed)
    reps, product_ids, prices = timed(
        "catalogue, rates, goals", lambda: prepare(products=products, today=today, rng=rng)
    )
    accounts: dict[int, list[tuple[int, int]]] = {rep: [] for rep in reps}
    for pk, owner, territory in Account.objects.values_list("pk", "owner_id", "territory_id").iterator():
        if owner in accounts:
            accounts[owner].append((pk, territory or 0))
    reps = [rep for rep in reps if accounts[rep]]
    first = today.toordinal() - 365 * YEARS
    span = today.toordinal() - first
    day = DayText()
    orders_needed = lines // 4
    order_lines: list[str] = []
    counts = {"orders": 0, "lines": 0}

    def order_rows():  # type: ignore[no-untyped-def]
        line_id = 0
        for pk in range(1, orders_needed + 1):
            rep = reps[pk % len(reps)]
            account, territory = rng.choice(accounts[rep])
            quoted = first + rng.randrange(span)
            fate = rng.random()
            status = "quote" if fate < 0.05 else "cancelled" if fate < 0.15 else "followed_up"
            ordered = quoted + rng.randrange(1, 10)
            delivered = ordered + rng.randrange(3, 20)
            invoiced = delivered + rng.randrange(0, 5)
            if status == "quote":
                ordered_text = delivered_text = invoiced_text = NULL
            elif status == "cancelled":
                ordered_text, delivered_text, invoiced_text = day(ordered), NULL, NULL
            else:
                ordered_text = day(ordered)
                delivered_text = day(delivered) if delivered <= today.toordinal() else NULL
                invoiced_text = (
                    day(invoiced) if invoiced <= today.toordinal() and delivered_text != NULL else NULL
                )
            currency = rng.choice(CURRENCIES)
            net = tax = 0
            for position in range(1, rng.randint(1, 7) + 1):
                line_id += 1
                product = rng.choice(product_ids)
                quantity = rng.choice((1, 1, 2, 3, 5, 10))
                price = prices[product]
                discount = rng.choice((0, 0, 0, 5, 10))
                line_net = quantity * price * (100 - discount) // 100
                line_tax = line_net * TAX_RATE // 100
                net += line_net
                tax += line_tax
                order_lines.append(
                    f"{line_id}\t{pk}\t{position}\t{product}\tBench product\t{quantity}\t{money(price)}\t"
                    f"{discount}\t{TAX_RATE}\t{money(line_net)}\t{money(line_tax)}\n"
                )
            stamp = f"{day(quoted)} 09:00:00+00"
            yield (
                f"{pk}\t{stamp}\t{stamp}\t1\tB-{pk:08d}\t{account}\t\\N\t{rep}\t\\N\t\\N\t"
                f"{territory or NULL}\t{status}\t{currency}\t\\N\t{day(quoted)}\t"
                f"{ordered_text}\t{delivered_text}\t{invoiced_text}\t{money(net)}\t{money(tax)}\t"
                f"{money(net + tax)}\t\n"
            )

    def line_rows():  # type: ignore[no-untyped-def]
        # Lines are made with their order; they are flushed in order-sized batches by copy_text's caller.
        yield from order_lines

    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))",
            [TABLES],
        )
        index_definitions = cursor.fetchall()
        with transaction.atomic():
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for name, _definition in index_definitions:
                cursor.execute(f'DROP INDEX "{name}"')
            started = time.perf_counter()
            batch = 200_000
            rows = order_rows()
            while True:
                chunk = [row for _n, row in zip(range(batch), rows, strict=False)]
                if not chunk:
                    break
                counts["orders"] += copy_text(cursor, TABLES[0], ORDER_COLUMNS, iter(chunk))
                counts["lines"] += copy_text(cursor, TABLES[1], LINE_COLUMNS, line_rows())
                order_lines.clear()
                print(f"  {counts['orders']:,} orders, {counts['lines']:,} lines", flush=True)
            print(f"COPY orders and lines in {time.perf_counter() - started:.1f} s", flush=True)

            def rebuild_indexes() -> None:
                for _name, definition in index_definitions:
                    cursor.execute(definition)

            timed(f"{len(index_definitions)} indexes rebuilt", rebuild_indexes)
            for table in TABLES:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
        for table in TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
    from salesdesk.planning import actuals

    counted = timed("rollups rebuilt (planning.actuals.rebuild)", actuals.rebuild)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE planning_salesactual")
    print(f"{counted:,} order lines counted in the rollups", flush=True)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--products", type=int, default=60)
    parser.add_argument("--accounts", type=int, default=100_000, help="when the database has none yet")
    parser.add_argument("--reps", type=int, default=200, help="when the database has no accounts yet")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 1))
    args = parser.parse_args()
    _setup_django()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("This generator needs PostgreSQL (set DATABASE_URL).")
    started = time.perf_counter()
    ensure_accounts(accounts=args.accounts, reps=args.reps, seed=args.seed)
    counts = generate(lines=args.lines, products=args.products, seed=args.seed, today=args.today)
    print(f"{counts['orders']:,} orders, {counts['lines']:,} lines in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
