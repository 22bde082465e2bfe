"""Run every benchmark the issues name and write the results table into docs/benchmarks.md.

    make bench                      # the same as the line below, after installing what it needs
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/salesdesk_bench .venv/bin/python bench/run.py

Steps, each a separate process so that each has its own peak memory and nothing leaks between them:
1. the database of DATABASE_URL (PostgreSQL; created when missing) is migrated;
2. when it holds no bulk demo data yet, `salesdesk demo --scale SCALE` fills it (timed: the issue's bar is
   15 minutes for the large scale); then the whole database is VACUUMed and ANALYZEd, so earlier runs'
   dead rows and stale statistics do not weigh on the figures;
3. every benchmark script of this folder runs against it (warm-up runs, then timed runs), the load test
   last; each script reports its measures through bench/measuring.py into a JSON-lines file;
4. the table of medians, p95s, references and their ratio, with the machine, the date and the command,
   replaces the part of docs/benchmarks.md between the `bench:start` and `bench:end` markers. The
   analyses below the markers (how each figure was reached, earlier runs) stay as they are.

A benchmark that fails is reported in the table as failed and makes the run exit non-zero, after the
others have run.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measuring import RESULTS_ENV, Result, record
from report import (
    Machine,
    Measured,
    Run,
    load_results,
    render_results,
    replace_section,
    save_results,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/salesdesk_bench"
DEMO_TARGET_S = 15 * 60  # issue 6: the large demo data in under 15 minutes on 2 cores


@dataclass(frozen=True)
class Step:
    """One benchmark script and its arguments."""

    name: str
    arguments: list[str]


def steps(options: argparse.Namespace) -> list[Step]:
    timing = ["--runs", str(options.runs), "--warm-up", str(options.warm_up)]
    load = ["--users", str(options.load_users), "--spawn-rate", str(options.load_spawn_rate)]
    load += ["--seconds", str(options.load_seconds)] if options.load_seconds else []
    load += [] if options.load_seconds else ["--minutes", str(options.load_minutes)]
    return [
        Step("lists_and_search", timing),
        Step("contracts_pages", timing),
        Step("sign_contracts", ["--contracts", str(options.sign_contracts)]),
        Step("planning_pages", [*timing, "--reference-runs", str(options.reference_runs)]),
        Step("import_contacts", ["--rows", str(options.import_rows)]),
        Step("load_test", load),
    ]


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=["tiny", "medium", "large"], default="large")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per page measure")
    parser.add_argument("--warm-up", type=int, default=5, help="untimed runs before them")
    parser.add_argument("--reference-runs", type=int, default=3, help="runs of the slow raw-line SQL")
    parser.add_argument("--import-rows", type=int, default=1_000_000, help="rows of the contacts import")
    parser.add_argument("--sign-contracts", type=int, default=10_000, help="drafts signed as one job")
    parser.add_argument("--load-users", type=int, default=200)
    parser.add_argument("--load-spawn-rate", type=float, default=2, help="users started per second")
    parser.add_argument("--load-minutes", type=float, default=10)
    parser.add_argument("--load-seconds", type=int, default=0, help="a short load test instead")
    parser.add_argument(
        "--only",
        nargs="*",
        default=[],
        help="run only these benchmarks; the table keeps the other benchmarks' rows from earlier runs",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    return parser.parse_args()


def main() -> int:
    options = parse_arguments()
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("The benchmarks need PostgreSQL: set DATABASE_URL to a PostgreSQL database.")
    environment = {**os.environ, "DATABASE_URL": database_url, "SALESDESK_DEBUG": "0"}
    command = "DATABASE_URL=" + database_url + " " + shlex.join(["bench/run.py", *sys.argv[1:]])
    started_at = datetime.now(UTC)

    ensure_database(database_url)
    salesdesk(environment, "migrate", "--no-input", "--verbosity", "0")
    salesdesk(environment, "createcachetable")
    with tempfile.TemporaryDirectory() as folder:
        results_file = Path(folder) / "results.jsonl"
        # The scripts report through their environment; the runner's own results (the demo load) too.
        environment[RESULTS_ENV] = os.environ[RESULTS_ENV] = str(results_file)
        failed: list[str] = []
        if not bulk_data_loaded(environment) and not load_demo(environment, options):
            failed.append("demo")
        tidy_database(database_url)
        for step in steps(options):
            if options.only and step.name not in options.only:
                continue
            if not run_script(step, environment):
                failed.append(step.name)
        results = [Result(**json.loads(line)) for line in results_file.read_text().splitlines()]
    run = Run.now(command=command, started_at=started_at, machine=Machine.read(database_url))
    measured = [(result, run) for result in results]
    # An --only run replaces the rows of the benchmarks it ran and keeps the others' from earlier runs.
    ran = {result.benchmark for result in results} | set(options.only) | set(failed)
    if options.only:
        measured = merged(load_results(results_path(options.output)), measured, replaced=ran)
    save_results(results_path(options.output), measured)
    section = render_results(measured, failed=failed)
    options.output.write_text(replace_section(options.output.read_text(), section), encoding="utf-8")
    print(f"\nwrote {len(results)} results to {options.output}")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


def merged(previous: list[Measured], new: list[Measured], *, replaced: set[str]) -> list[Measured]:
    """`previous` with the rows of the `replaced` benchmarks swapped for `new`'s, in the table's order."""
    fresh: dict[str, list[Measured]] = {}
    for entry in new:
        fresh.setdefault(entry[0].benchmark, []).append(entry)
    result: list[Measured] = []
    for entry in previous:
        benchmark = entry[0].benchmark
        if benchmark not in replaced:
            result.append(entry)
        elif benchmark in fresh:
            result.extend(fresh.pop(benchmark))  # where its old rows began
    return result + [entry for entries in fresh.values() for entry in entries]


def results_path(document: Path) -> Path:
    """The machine-readable results beside the document (docs/benchmarks.md → docs/benchmarks.jsonl)."""
    return document.with_suffix(".jsonl")


def salesdesk(environment: dict[str, str], *arguments: str) -> None:
    subprocess.run([str(ROOT / ".venv" / "bin" / "salesdesk"), *arguments], env=environment, check=True)


def ensure_database(database_url: str) -> None:
    """Create the benchmark database when it does not exist yet (through the server's own database)."""
    import psycopg

    name = database_url.rsplit("/", 1)[1].split("?")[0]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def tidy_database(database_url: str) -> None:
    """VACUUM (ANALYZE) the whole database before measuring.

    Earlier runs (signing, imports) leave dead rows behind them, and a server may run without autovacuum:
    the pages would then be measured over hundreds of thousands of dead rows and stale statistics.
    """
    import psycopg

    started = time.monotonic()
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")
    print(f"VACUUM (ANALYZE): {time.monotonic() - started:.0f} s", flush=True)


def bulk_data_loaded(environment: dict[str, str]) -> bool:
    """Whether `salesdesk demo --scale …` has filled the database already (its bench rep exists)."""
    probe = (
        "from salesdesk.demo.bulk.personas import BENCH_REP; from salesdesk.org.models import User; "
        "raise SystemExit(0 if User.objects.filter(username=BENCH_REP).exists() else 3)"
    )
    command = [str(ROOT / ".venv" / "bin" / "salesdesk"), "shell", "--no-imports", "-c", probe]
    outcome = subprocess.run(command, env=environment, check=False)
    return outcome.returncode == 0


def load_demo(environment: dict[str, str], options: argparse.Namespace) -> bool:
    """Fill the database with the demo at the chosen scale; its time and peak memory are results too."""
    command = [str(ROOT / ".venv" / "bin" / "salesdesk"), "demo", "--scale", options.scale]
    command += ["--seed", str(options.seed)]
    started = time.perf_counter()
    returncode, peak_mb = run_measured(command, environment)
    seconds = time.perf_counter() - started
    record(
        Result(
            benchmark="demo",
            measure=f"salesdesk demo --scale {options.scale} (load the data)",
            unit="s",
            median=seconds,
            target=f"< {DEMO_TARGET_S // 60} min" if options.scale == "large" else "",
            met=seconds < DEMO_TARGET_S if options.scale == "large" else None,
            note=f"peak RSS {peak_mb:.0f} MB",
        )
    )
    return returncode == 0


def run_script(step: Step, environment: dict[str, str]) -> bool:
    print(f"\n== {step.name} {' '.join(step.arguments)}", flush=True)
    command = [sys.executable, str(ROOT / "bench" / f"{step.name}.py"), *step.arguments]
    started = time.perf_counter()
    returncode, peak_mb = run_measured(command, environment)
    print(f"   {step.name}: {time.perf_counter() - started:.0f} s, peak RSS {peak_mb:.0f} MB", flush=True)
    return returncode == 0


def run_measured(command: list[str], environment: dict[str, str]) -> tuple[int, float]:
    """Run a process to its end; its exit code and its own peak resident memory in MB."""
    process = subprocess.Popen(command, env=environment, cwd=ROOT)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_maxrss / 1024


if __name__ == "__main__":
    sys.exit(main())
