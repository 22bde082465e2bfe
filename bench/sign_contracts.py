"""Benchmark: signing many draft contracts as one job (deliverables and billing entries for each).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_benchcontracts \
        .venv/bin/python bench/sign_contracts.py --contracts 10000

Needs a database filled by bench/generate_contracts.py (its accounts, reps, departments and catalogue).
Creates --contracts DRAFT contracts of the bench reps (two lines each, products that imply one to three
deliverables per line, starting in the next two months) with COPY, then runs the body of the signing job,
`contracts.signing.sign_contracts_bulk`, as the coordinator, and reports contracts per second and the
deliverables and billing entries it made. The reference is a plain COPY of the same number of deliverable
rows into the same table (same indexes, same foreign keys) in a transaction that is rolled back.
Afterwards the benchmark's contracts and everything signing made for them are deleted again, so the
script can run any number of times against the same database.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_contracts import (  # a sibling script, not a package
    CONTRACT_COLUMNS,
    DELIVERABLE_COLUMNS,
    LINE_COLUMNS,
    PRODUCTS,
    DayText,
    _setup_django,
    cents,
    copy_text,
)

NUMBER_PREFIX = "BS-"


def create_drafts(*, count: int, today: int, day: DayText) -> list[int]:
    """COPY `count` drafts with two lines each; returns their ids."""
    from django.db import connection, transaction

    from salesdesk.catalog.models import PriceList, Product
    from salesdesk.customers.models import Account
    from salesdesk.org.choices import Role
    from salesdesk.org.models import User

    products = {product.sku: product.pk for product in Product.objects.filter(sku__startswith="BENCH-")}
    if len(products) != len(PRODUCTS):
        sys.exit("The bench catalogue is missing: run bench/generate_contracts.py first.")
    price_list = PriceList.objects.filter(currency="EUR", name__startswith="Bench").values_list(
        "pk", flat=True
    )[0]
    reps = list(
        User.objects.filter(role_grants__role=Role.SALES_REP, username__startswith="bench-rep-")
        .exclude(username="bench-rep-ical")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    accounts: dict[int, int] = {}
    for account_id, owner_id in (
        Account.objects.filter(owner_id__in=reps).order_by("pk").values_list("pk", "owner_id")
    ):
        accounts.setdefault(owner_id, account_id)
    reps = [rep for rep in reps if rep in accounts]
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        cursor.execute("SELECT coalesce(max(id), 0) FROM contracts_contract")
        first_contract = cursor.fetchone()[0] + 1
        cursor.execute("SELECT coalesce(max(id), 0) FROM contracts_contractline")
        first_line = cursor.fetchone()[0] + 1

        def contracts() -> object:
            for n in range(count):
                pk = first_contract + n
                owner = reps[n % len(reps)]
                start = today + 10 + n % 50
                created = f"{day(today)} 09:00:00+00"
                yield (
                    f"{pk}\t{created}\t{created}\t1\t{NUMBER_PREFIX}{pk:08d}\tSigning bench {n}\tdraft\t"
                    f"{day(start)}\t{day(start + 364)}\tf\t90\t12\t{cents(2 * 480_000)}\tEUR\t\\N\t\t\t"
                    f"{accounts[owner]}\t\\N\t\\N\t{owner}\t{price_list}\t\\N\t\\N\t\\N\n"
                )

        def lines() -> object:
            for n in range(count):
                for position in range(2):
                    sku, name, _unit, billing, price, _work = PRODUCTS[(n + position * 2) % len(PRODUCTS)]
                    yield (
                        f"{first_line + 2 * n + position}\t{position}\t{name}\t1.000\t{cents(price)}\t"
                        f"{cents(price)}\t0.00\t{cents(price)}\t{billing}\t[]\t\t\t{first_contract + n}\t"
                        f"{products[sku]}\n"
                    )

        with transaction.atomic():
            copy_text(cursor, "contracts_contract", CONTRACT_COLUMNS, contracts())  # type: ignore[arg-type]
            copy_text(cursor, "contracts_contractline", LINE_COLUMNS, lines())  # type: ignore[arg-type]
            for table in ("contracts_contract", "contracts_contractline"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
        cursor.execute("ANALYZE contracts_contract")
        cursor.execute("ANALYZE contracts_contractline")
    return list(range(first_contract, first_contract + count))


def reference_copy(*, rows: int, contract_ids: list[int], today: int, day: DayText) -> float:
    """Seconds for a plain COPY of `rows` deliverable rows into the real table (rolled back)."""
    from django.db import connection, transaction

    from salesdesk.contracts.models import ContractLine
    from salesdesk.org.models import Department

    line_of = dict(
        ContractLine.objects.filter(contract_id__in=contract_ids[:1000]).values_list("contract_id", "pk")
    )
    department = Department.objects.filter(kind="design").order_by("pk").values_list("pk", flat=True)[0]
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        cursor.execute("SELECT coalesce(max(id), 0) FROM contracts_deliverable")
        first = cursor.fetchone()[0] + 1
        keys = list(line_of.items())

        def deliverables() -> object:
            created = f"{day(today)} 09:00:00+00"
            for n in range(rows):
                contract, line = keys[n % len(keys)]
                yield (
                    f"{first + n}\t{created}\t{created}\tproduce\tProduce the advert artwork\t"
                    f"Full-page print advert\\nQuantity: 1\t{day(today + 20)}\topen\t\t\t\t\t\\N\t\\N\t\\N\t"
                    f"\\N\t{contract}\t{department}\t{line}\n"
                )

        try:
            with transaction.atomic():
                started = time.perf_counter()
                copy_text(cursor, "contracts_deliverable", DELIVERABLE_COLUMNS, deliverables())  # type: ignore[arg-type]
                seconds = time.perf_counter() - started
                raise _RollBack
        except _RollBack:
            pass
    return seconds


class _RollBack(Exception):
    pass


def remove(contract_ids: list[int]) -> None:
    """Delete the benchmark's contracts and what signing made for them (plain SQL, ids known)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        first, last = contract_ids[0], contract_ids[-1]
        for statement in (
            "DELETE FROM orders_billingentry WHERE contract_id BETWEEN %s AND %s",
            "DELETE FROM contracts_deliverable WHERE contract_id BETWEEN %s AND %s",
            "DELETE FROM contracts_historicalcontract WHERE id BETWEEN %s AND %s",
            "DELETE FROM contracts_contractline WHERE contract_id BETWEEN %s AND %s",
            "DELETE FROM contracts_contract WHERE id BETWEEN %s AND %s",
        ):
            cursor.execute(statement, [first, last])
        cursor.execute(
            "DELETE FROM core_auditevent WHERE verb = 'contract.signed' AND object_id = ANY(%s)",
            [[str(pk) for pk in contract_ids]],
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contracts", type=int, default=10_000)
    parser.add_argument("--signer", default="bench-coordinator")
    parser.add_argument("--keep", action="store_true", help="keep the signed contracts afterwards")
    args = parser.parse_args()
    _setup_django()

    from django.db import connection
    from django.utils import timezone

    from salesdesk.contracts.models import Deliverable
    from salesdesk.contracts.signing import sign_contracts_bulk
    from salesdesk.orders.models import BillingEntry
    from salesdesk.org.models import User

    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL (set DATABASE_URL).")
    day = DayText()
    today = timezone.localdate()
    signer = User.objects.get(username=args.signer)
    started = time.perf_counter()
    ids = create_drafts(count=args.contracts, today=today.toordinal(), day=day)
    print(f"{len(ids):,} drafts with {2 * len(ids):,} lines copied in {time.perf_counter() - started:.1f} s")
    try:
        started = time.perf_counter()
        signed = sign_contracts_bulk(contract_ids=ids, signed_by=signer, signed_on=today)
        seconds = time.perf_counter() - started
        deliverables = Deliverable.objects.filter(contract_id__gte=ids[0], contract_id__lte=ids[-1]).count()
        entries = BillingEntry.objects.filter(contract_id__gte=ids[0], contract_id__lte=ids[-1]).count()
        print(
            f"signed {signed:,} contracts in {seconds:.2f} s: {signed / seconds:,.0f} contracts/s, "
            f"{deliverables:,} deliverables ({deliverables / seconds:,.0f}/s), {entries:,} billing entries"
        )
        reference = reference_copy(rows=deliverables, contract_ids=ids, today=today.toordinal(), day=day)
        print(
            f"reference: COPY of {deliverables:,} deliverable rows in {reference:.2f} s "
            f"({deliverables / reference:,.0f} rows/s, {signed / reference:,.0f} contracts' worth/s)"
        )
    finally:
        if not args.keep:
            remove(ids)


if __name__ == "__main__":
    main()
