"""Benchmark: signing many draft contracts as one job (deliverables and billing entries for each).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/salesdesk_bench \
        .venv/bin/python bench/sign_contracts.py --contracts 10000

Needs a database filled by `salesdesk demo --scale large` (or medium): its accounts, reps, departments and
the bulk catalogue. Creates --contracts DRAFT contracts of the crowd reps (two lines each, products that
imply one to three deliverables per line, starting in the next two months) with COPY, then runs the body
of the signing job, `contracts.signing.sign_contracts_bulk`, as the coordinator, and reports contracts per
second and the deliverables and billing entries it made. The reference is a plain COPY of the same number
of deliverable rows into the same table (same indexes, same foreign keys) in a transaction that is rolled
back. Both also report CPU time per contract, of this process and of its PostgreSQL backends (read from
/proc when the server runs on the same machine): on a busy machine wall time alone says little.
Afterwards the benchmark's contracts and everything signing made for them are deleted again, so the script
can run any number of times against the same database.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


from measuring import Result, record, setup_django

if TYPE_CHECKING:
    from salesdesk.demo.bulk.textformat import Days

BENCHMARK = "sign_contracts"
TARGET_CONTRACTS_PER_SECOND = 2_000  # issue 4: deliverables for 10,000 signed contracts >= 2,000/s
NUMBER_PREFIX = "BS-"


def create_drafts(*, count: int, today: int, days: Days) -> list[int]:
    """COPY `count` drafts with two lines each; returns their ids."""
    from django.db import connection, transaction

    from salesdesk.catalog.models import PriceList, Product
    from salesdesk.customers.models import Account
    from salesdesk.demo.bulk.catalogue import WORK_PRODUCTS
    from salesdesk.demo.bulk.contracts import CONTRACT_COLUMNS, LINE_COLUMNS
    from salesdesk.demo.bulk.personas import BENCH_ICAL_REP
    from salesdesk.demo.bulk.textformat import NULL, money
    from salesdesk.org.choices import Role
    from salesdesk.org.models import User

    skus = [sku for sku, *_rest in WORK_PRODUCTS]
    products = dict(Product.objects.filter(sku__in=skus).values_list("sku", "pk"))
    if len(products) != len(WORK_PRODUCTS):
        sys.exit("The bulk catalogue is missing: run `salesdesk demo --scale large` (or medium) first.")
    price_list = (
        PriceList.objects.filter(currency="EUR").order_by("-valid_from").values_list("pk", flat=True)[0]
    )
    reps = list(
        User.objects.filter(role_grants__role=Role.SALES_REP, username__startswith="rep")
        .exclude(username=BENCH_ICAL_REP)
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
        created = days.moment(today, 4)

        def contracts() -> Iterator[str]:
            for n in range(count):
                pk = first_contract + n
                owner = reps[n % len(reps)]
                start = today + 10 + n % 50
                yield (
                    f"{pk}\t{created}\t{created}\t1\t{NUMBER_PREFIX}{pk:08d}\tSigning bench {n}\tdraft\t"
                    f"{days.text[start]}\t{days.text[start + 364]}\tf\t90\t12\t{money(2 * 480_000)}\tEUR\t"
                    f"{NULL}\t\t\t{accounts[owner]}\t{NULL}\t{NULL}\t{owner}\t{price_list}\t{NULL}\t"
                    f"{NULL}\t{NULL}\n"
                )

        def lines() -> Iterator[str]:
            for n in range(count):
                for position in range(2):
                    sku, name, _unit, billing, price, _work = WORK_PRODUCTS[
                        (n + position * 2) % len(WORK_PRODUCTS)
                    ]
                    yield (
                        f"{first_line + 2 * n + position}\t{position}\t{name}\t1.000\t{money(price)}\t"
                        f"{money(price)}\t0.00\t{money(price)}\t{billing}\t[]\t\t\t{first_contract + n}\t"
                        f"{products[sku]}\n"
                    )

        with transaction.atomic():
            copy_lines(cursor, "contracts_contract", CONTRACT_COLUMNS, contracts())
            copy_lines(cursor, "contracts_contractline", LINE_COLUMNS, lines())
            for table in ("contracts_contract", "contracts_contractline"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
        cursor.execute("ANALYZE contracts_contract")
        cursor.execute("ANALYZE contracts_contractline")
    return list(range(first_contract, first_contract + count))


def copy_lines(cursor: Any, table: str, columns: Sequence[str], rows: Iterator[str]) -> None:
    """COPY rows already in COPY's text format, in chunks of 5,000."""
    from salesdesk.demo.bulk.copying import copy_chunks, uncounted

    chunks = (list(chunk) for chunk in iter(lambda: list(itertools.islice(rows, 5000)), []))
    copy_chunks(cursor, table, columns, chunks, uncounted)


def reference_copy(*, rows: int, contract_ids: list[int], today: int, days: Days, clock: CpuClock) -> float:
    """Seconds for a plain COPY of `rows` deliverable rows into the real table (rolled back); `clock`
    measures its CPU time."""
    from django.db import connection, transaction

    from salesdesk.contracts.models import ContractLine
    from salesdesk.demo.bulk.contracts import DELIVERABLE_COLUMNS
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

        def deliverables() -> Iterator[str]:
            created = days.moment(today, 4)
            for n in range(rows):
                contract, line = keys[n % len(keys)]
                yield (
                    f"{first + n}\t{created}\t{created}\tproduce\tProduce the advert artwork\t"
                    f"Full-page print advert\\nQuantity: 1\t{days.text[today + 20]}\topen\t\t\t\t\t"
                    f"\\N\t\\N\t\\N\t\\N\t{contract}\t{department}\t{line}\n"
                )

        try:
            with transaction.atomic():
                clock.start()
                started = time.perf_counter()
                copy_lines(cursor, "contracts_deliverable", DELIVERABLE_COLUMNS, deliverables())
                seconds = time.perf_counter() - started
                clock.stop()
                raise _RollBack
        except _RollBack:
            pass
    return seconds


class _RollBack(Exception):
    pass


class CpuClock:
    """CPU seconds of this process and of the database backends serving it, between start() and stop().

    Signing uses more than one connection on PostgreSQL (`contracts.signing.SIGNING_CONNECTIONS`), each
    closed after its chunk: the CPU of a backend that has ended is added to its parent's, the
    postmaster's, "children" times (cutime, cstime), so the backends' CPU is this connection's own plus
    the growth of those. Other backends ending meanwhile would be counted too; the benchmark runs alone.
    """

    def __init__(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self._stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
        fields = self._fields(self._stat)
        self._postmaster = Path(f"/proc/{fields[1]}/stat") if fields else None
        self.python = self.backend = 0.0

    @staticmethod
    def _fields(stat: Path) -> list[str]:
        try:
            # after the command name in parentheses: state, ppid, ... utime (14), stime, cutime, cstime
            return stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the server runs elsewhere
            return []

    def _backend_seconds(self) -> float:
        own = self._fields(self._stat)
        ended = self._fields(self._postmaster) if self._postmaster else []
        if not own or not ended:
            return float("nan")
        ticks = int(own[11]) + int(own[12]) + int(ended[13]) + int(ended[14])
        return ticks / os.sysconf("SC_CLK_TCK")

    def start(self) -> CpuClock:
        self._python, self._backend = time.process_time(), self._backend_seconds()
        return self

    def stop(self) -> CpuClock:
        self.python = time.process_time() - self._python
        time.sleep(0.2)  # the postmaster reaps the backends that just closed
        self.backend = self._backend_seconds() - self._backend
        return self

    def per(self, count: int) -> str:
        """ "python 0.41 + db 0.12 ms": CPU milliseconds per item."""
        return f"python {self.python / count * 1000:.2f} + db {self.backend / count * 1000:.2f} ms"


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
    # The server may run without autovacuum: the next run would otherwise insert among these dead rows
    # and their index entries, and measure the leftovers of this one (seen: 1,850 to 3,200 contracts/s).
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM (ANALYZE) orders_billingentry, contracts_deliverable, contracts_historicalcontract, "
            "contracts_contractline, contracts_contract, core_auditevent"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contracts", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the signed contracts afterwards")
    args = parser.parse_args()
    setup_django()

    from django.utils import timezone

    from salesdesk.contracts.models import Deliverable
    from salesdesk.contracts.signing import sign_contracts_bulk
    from salesdesk.demo.bulk.personas import BENCH_COORDINATOR
    from salesdesk.demo.bulk.textformat import Days
    from salesdesk.orders.models import BillingEntry
    from salesdesk.org.models import User

    today = timezone.localdate()
    days = Days(today, today + timedelta(days=500))
    signer = User.objects.get(username=BENCH_COORDINATOR)
    started = time.perf_counter()
    ids = create_drafts(count=args.contracts, today=today.toordinal(), days=days)
    print(f"{len(ids):,} drafts with {2 * len(ids):,} lines copied in {time.perf_counter() - started:.1f} s")
    try:
        signing, copying = CpuClock(), CpuClock()
        signing.start()
        started = time.perf_counter()
        signed = sign_contracts_bulk(contract_ids=ids, signed_by=signer, signed_on=today)
        seconds = time.perf_counter() - started
        signing.stop()
        deliverables = Deliverable.objects.filter(contract_id__gte=ids[0], contract_id__lte=ids[-1]).count()
        entries = BillingEntry.objects.filter(contract_id__gte=ids[0], contract_id__lte=ids[-1]).count()
        reference = reference_copy(
            rows=deliverables, contract_ids=ids, today=today.toordinal(), days=days, clock=copying
        )
        rate = signed / seconds
        print(f"CPU per contract: signing {signing.per(signed)}; reference COPY {copying.per(signed)}")
        record(
            Result(
                benchmark=BENCHMARK,
                measure=f"sign {signed:,} contracts as one job",
                unit="contracts/s",
                median=rate,
                reference=signed / reference,
                reference_label=f"COPY of the same {deliverables:,} deliverable rows, in contracts' worth/s",
                target=f"≥ {TARGET_CONTRACTS_PER_SECOND:,} contracts/s",
                met=rate >= TARGET_CONTRACTS_PER_SECOND,
                note=(
                    f"{seconds:.2f} s; {deliverables:,} deliverables, {entries:,} billing entries; CPU per "
                    f"contract: {signing.per(signed)} (reference {copying.per(signed)})"
                ),
            )
        )
    finally:
        if not args.keep:
            remove(ids)


if __name__ == "__main__":
    main()
