"""Benchmark: import a multilingual contacts CSV on PostgreSQL, beside COPY of the same file.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sd_bench \
        .venv/bin/python bench/import_contacts.py --rows 100000

Generates a deterministic HubSpot-style contacts file (Chinese, Cyrillic, German, Italian, Bulgarian
names; about 2% bad e-mails or phones, 0.5% duplicates inside the file), then:
1. COPY of the file into an indexed temporary table: the reference figure;
2. the import as `salesdesk import contacts FILE --preset hubspot` runs it (validation, matching, writes);
3. the same import again: every row matched, nothing changes.
Records rows/s beside COPY's, the CPU time per row of this process, of the validation worker processes
and of the PostgreSQL backend serving the import (from /proc when the server runs on this host), and the
peak resident memory of this process plus its largest worker (the worker's own high-water mark). CPU per
row is the figure to compare on a shared host: the wall-clock rate depends on what else runs there.
`--in-process` validates in this process only (the fallback when no worker can start), for comparison.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measuring import Result, peak_rss_mb, record, setup_django

BENCHMARK = "import_contacts"
TARGET_ROWS_PER_SECOND = 20_000  # issue 3: a 1M-row contacts CSV at >= 20,000 rows/s
TARGET_PEAK_MB = 500  # issue 3: peak memory < 500 MB

FIRST = [
    "Anna",
    "Jürgen",
    "Niccolò",
    "Giulia",
    "Иван",
    "Мария",
    "Георги",
    "芳",
    "伟",
    "娜",
    "Lukas",
    "Chiara",
    "Петър",
]
LAST = [
    "Schmidt",
    "Müßig",
    "Bàrberi",
    "Rossi",
    "Петров",
    "Иванова",
    "Димитров",
    "王",
    "李",
    "张",
    "Weiß",
    "Esposito",
]
COUNTRIES = [
    ("DE", "+49 30 {:07d}"),
    ("IT", "+39 06 {:08d}"),
    ("BG", "+359 2 {:07d}"),
    ("CN", "+86 10 {:08d}"),
    ("RU", "+7 495 {:07d}"),
]
HEADER = [
    "Record ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone Number",
    "Job Title",
    "Company Name",
    "Country/Region",
    "City",
]


def generate(path: Path, rows: int, seed: int = 20261123) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(rows):
            country, phone_pattern = COUNTRIES[number % len(COUNTRIES)]
            email = f"person{number}@firma{number % 97}.de"
            phone = phone_pattern.format(rng.randrange(10**6, 10**7))
            roll = rng.random()
            if roll < 0.01:
                email = f"person{number}@@broken"
            elif roll < 0.02:
                phone = "call me"
            elif roll < 0.025 and number:
                email = f"person{number - 1}@firma{(number - 1) % 97}.de"  # duplicate inside the file
            writer.writerow(
                [
                    f"bench-{number}",
                    rng.choice(FIRST),
                    rng.choice(LAST),
                    email,
                    phone,
                    "Buyer",
                    "",
                    country,
                    "",
                ]
            )


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (the import's validation workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _backend_cpu(pid: int | None) -> float | None:
    """CPU seconds of the PostgreSQL backend serving this connection, when it runs on this host."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--in-process", action="store_true", help="validate in this process, without a worker process"
    )
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from salesdesk.org.choices import Role
    from salesdesk.org.models import BusinessUnit, User
    from salesdesk.testing.factories import make_user
    from salesdesk.transfer import validation_pool
    from salesdesk.transfer.importing import ImportOptions, import_run

    if args.in_process:
        validation_pool.WORKERS = 0

    call_command("migrate", verbosity=0)
    unit, _created = BusinessUnit.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    user = User.objects.filter(username="bench-importer").first() or make_user(
        "bench-importer", roles=[Role.COORDINATOR], business_unit=unit
    )
    # Start from an empty slate so the first run creates every row. Plain SQL: deleting a million
    # contacts through the ORM would load them all and distort the peak memory figure.
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM customers_externalreference WHERE system = 'hubspot' AND entity = 'contact'"
            " AND value LIKE 'bench-%%'"
        )
        cursor.execute(
            "DELETE FROM customers_contactpoint WHERE contact_id IN"
            " (SELECT id FROM customers_contact WHERE owner_id = %s)",
            [user.pk],
        )
        cursor.execute("DELETE FROM customers_contact WHERE owner_id = %s", [user.pk])
        cursor.execute("DELETE FROM customers_historicalcontact WHERE owner_id = %s", [user.pk])
        # Autovacuum is off on the benchmark server: clear the deleted rows and refresh the statistics
        # by hand, as autovacuum would between two imports.
        cursor.execute(
            "VACUUM ANALYZE customers_contact, customers_historicalcontact, customers_contactpoint,"
            " customers_externalreference"
        )

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.csv"
        started = time.perf_counter()
        generate(path, args.rows)
        size_mb = path.stat().st_size / 1e6
        print(f"generated {args.rows} rows ({size_mb:.1f} MB) in {time.perf_counter() - started:.1f}s")

        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE bench_copy (record_id text, first_name text, last_name text,"
                " email text, phone text, title text, company text, country text, city text)"
            )
            cursor.execute("CREATE INDEX ON bench_copy (email)")
            cursor.execute("CREATE INDEX ON bench_copy (record_id)")
            started = time.perf_counter()
            with (
                cursor.copy("COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
                path.open("rb") as f,
            ):
                while block := f.read(1 << 20):
                    copy.write(block)
            copy_seconds = time.perf_counter() - started
            cursor.execute("DROP TABLE bench_copy")
        copy_rate = args.rows / copy_seconds

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend_pid = cursor.fetchone()[0] if cursor.rowcount else None
        results = []
        WORKER_MEMORY.start()
        for label in ("import (new records)", "re-import (all matched, unchanged)"):
            started = time.perf_counter()
            cpu = (time.process_time(), _children_cpu(), _backend_cpu(backend_pid))
            with path.open("rb") as stream:
                report = import_run(
                    user=user, stream=stream, options=ImportOptions(entity="contacts", preset="hubspot")
                )
            seconds = time.perf_counter() - started
            backend_after = _backend_cpu(backend_pid)
            per_row = {
                "CPU µs/row, this process": (time.process_time() - cpu[0]) * 1e6 / args.rows,
                "CPU µs/row, workers": (_children_cpu() - cpu[1]) * 1e6 / args.rows,
            }
            if cpu[2] is not None and backend_after is not None:
                per_row["CPU µs/row, PostgreSQL"] = (backend_after - cpu[2]) * 1e6 / args.rows
            results.append((label, seconds, report, per_row))
        WORKER_MEMORY.stop()

    print(f"COPY into an indexed table: {copy_seconds:.2f}s, {copy_rate:,.0f} rows/s")
    for label, seconds, report, per_row in results:
        rate = args.rows / seconds
        record(
            Result(
                benchmark=BENCHMARK,
                measure=f"contacts {label}, {args.rows:,} rows",
                unit="rows/s",
                median=rate,
                reference=copy_rate,
                reference_label="COPY of the file into an indexed table",
                target=f"≥ {TARGET_ROWS_PER_SECOND:,} rows/s",
                met=rate >= TARGET_ROWS_PER_SECOND,
                note=(
                    f"{seconds:.1f} s; created {report.created}, updated {report.updated}, "
                    f"unchanged {report.unchanged}, failed {report.failed}"
                ),
                extra={name: round(value, 1) for name, value in per_row.items()},
            )
        )
        print("    " + ", ".join(f"{name} {value:.1f}" for name, value in per_row.items()))
    # The import's memory is this process's and its worker's: both count against the bar. The worker's
    # own high-water mark (VmHWM, sampled while it ran), not getrusage's: that one also counts the
    # parent's pages a child shares for the moment between fork and exec.
    worker_peak = WORKER_MEMORY.peak_mb
    peak = peak_rss_mb() + worker_peak
    record(
        Result(
            benchmark=BENCHMARK,
            measure=f"contacts import, peak RSS ({args.rows:,} rows)",
            unit="MB",
            median=peak,
            target=f"< {TARGET_PEAK_MB} MB",
            met=peak < TARGET_PEAK_MB,
            note=f"this process {peak - worker_peak:.0f} MB + largest worker {worker_peak:.0f} MB",
        )
    )


class WorkerMemory:
    """The largest VmHWM of this process's children, read from /proc every half second while it runs."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="worker-memory", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        parent = str(os.getpid())
        while not self._stop.wait(0.5):
            for status in Path("/proc").glob("[0-9]*/status"):
                try:
                    fields = dict(
                        line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
                    )
                except OSError:  # the process ended meanwhile
                    continue
                if fields.get("PPid", "").strip() == parent and "VmHWM" in fields:
                    self.peak_mb = max(self.peak_mb, int(fields["VmHWM"].split()[0]) / 1024)


WORKER_MEMORY = WorkerMemory()


if __name__ == "__main__":
    main()
