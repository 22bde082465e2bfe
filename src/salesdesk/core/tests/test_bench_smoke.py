"""`make bench` in miniature, so that the benchmarks keep running: every script against a tiny demo.

The figures of such a run mean nothing; what is checked is that the runner fills a fresh database, that
every benchmark script runs to its end against it and reports its measures, that the load test's
simulated reps, coordinators and managers work through their pages under gunicorn without one failed
request, and that the results table is written. The real run is `make bench` (docs/benchmarks.md says how).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[4]
BENCHMARKS = ["demo", "lists_and_search", "contracts_pages", "sign_contracts", "planning_pages"]
BENCHMARKS += ["import_contacts", "load_test"]


@pytest.fixture
def bench_database_url() -> Iterator[str]:
    if connection.vendor != "postgresql":
        pytest.skip("the benchmarks run on PostgreSQL only (set DATABASE_URL)")
    settings = connection.settings_dict
    name = f"{settings['NAME']}_benchsmoke"
    server = f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_every_benchmark_runs_and_lands_in_the_table(bench_database_url: str, tmp_path: Path) -> None:
    output = tmp_path / "benchmarks.md"
    output.write_text("# Benchmarks\n\nThe analyses.\n", encoding="utf-8")
    arguments = ["--scale", "tiny", "--runs", "1", "--warm-up", "0", "--reference-runs", "1"]
    # Five simulated people: locust hands out the kinds by weight, and the fifth is the first manager.
    arguments += ["--import-rows", "200", "--sign-contracts", "20", "--load-users", "5"]
    arguments += ["--load-spawn-rate", "5", "--load-seconds", "15", "--output", str(output)]
    outcome = _run_bench(bench_database_url, arguments)
    assert outcome.returncode == 0, outcome.stdout[-3000:] + outcome.stderr[-3000:]
    document = output.read_text(encoding="utf-8")
    assert document.startswith("# Benchmarks\n")
    assert "The analyses." in document  # the hand-written part below the table survives
    rows = [line for line in document.splitlines() if line.startswith("| ") and "---" not in line]
    for benchmark in BENCHMARKS:
        assert any(row.startswith(f"| {benchmark} |") for row in rows), f"no result from {benchmark}"
    assert "Failed in this run" not in document
    # Every kind of simulated person signed in and clicked through its pages without one failed request.
    (load,) = [row for row in rows if row.startswith("| load_test | load test: all requests")]
    assert "failures 0;" in load
    assert "failures_" not in load, load  # per kind, sign-ins included
    for kind in ("rep", "coordinator", "manager"):
        assert f"requests_{kind} " in load, load
    assert "PostgreSQL" in document
    assert "- Run: " in document
    assert "`DATABASE_URL=" in document

    # A later run of one benchmark replaces its rows and keeps the others', saying which run measured what.
    again = _run_bench(bench_database_url, [*arguments, "--only", "sign_contracts"])
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    document = output.read_text(encoding="utf-8")
    rows = [line for line in document.splitlines() if line.startswith("| ") and "---" not in line]
    for benchmark in BENCHMARKS:
        assert any(row.startswith(f"| {benchmark} |") for row in rows), f"{benchmark} lost by --only"
    assert "- Run 2: " in document
    assert "--only sign_contracts" in document
    signing = [row for row in rows if row.startswith("| sign_contracts |")]
    assert signing
    assert all(row.endswith(" 2 |") for row in signing)
    assert all(row.endswith(" 1 |") for row in rows if row.startswith("| lists_and_search |"))


def _run_bench(database_url: str, arguments: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  # the project's own runner
        [sys.executable, str(ROOT / "bench" / "run.py"), *arguments],
        env={**_environment(), "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _environment() -> dict[str, str]:
    # The scripts choose their own settings (local, as `salesdesk` does), not the test suite's.
    return {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
