"""What every benchmark script shares: Django set-up, timing, percentiles, query counts and results.

A script times its measures with `timed`, then hands each one to `record`, which prints a line and, when
`bench/run.py` started the script (it sets SALESDESK_BENCH_RESULTS to a file), appends the result as one
JSON line to that file. `bench/run.py` turns the lines of every script into the tables of
docs/benchmarks.md, so a script never writes the document itself.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RESULTS_ENV = "SALESDESK_BENCH_RESULTS"
WARM_UP = 5
RUNS = 30


@dataclass(frozen=True)
class Result:
    """One measure of one benchmark, in the unit it is judged in.

    For times (`ms`, `s`) lower is better; for rates (`rows/s`, `req/s`) higher is better. `reference` is
    the figure of the simplest thing that does the same work, measured in the same run (a hand-written
    SQL statement, COPY): the document shows the ratio of the two.
    """

    benchmark: str
    measure: str
    unit: str
    median: float
    p95: float | None = None
    reference: float | None = None
    reference_label: str = ""
    target: str = ""
    met: bool | None = None
    queries: int | None = None
    runs: int = 1
    note: str = ""
    extra: dict[str, float | str] = field(default_factory=dict)


def setup_django() -> None:
    """Django on the database of DATABASE_URL, as production serves pages (no debug, plain static files)."""
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
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("The benchmarks need PostgreSQL: set DATABASE_URL.")


def p95(samples: list[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def timed(action: Callable[[], object], *, warm_up: int = WARM_UP, runs: int = RUNS) -> list[float]:
    """Milliseconds of each of `runs` calls, after `warm_up` untimed ones."""
    for _n in range(warm_up):
        action()
    samples = []
    for _n in range(max(1, runs)):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


class QueryCounter:
    """Counts SQL statements through `connection.execute_wrapper`.

    Not CaptureQueriesContext: each request through the test client resets the connection's query log.
    """

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., object], sql: str, *rest: object) -> object:
        self.count += 1
        return execute(sql, *rest)


def common_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every benchmark script takes (bench/run.py passes them on)."""
    parser.add_argument("--runs", type=int, default=RUNS, help="timed runs per measure")
    parser.add_argument("--warm-up", type=int, default=WARM_UP, help="untimed runs before them")
    parser.add_argument("--only", default="", help="run only measures whose name contains this text")


def page_timings(client: Any, url: str, *, warm_up: int, runs: int) -> tuple[list[float], int]:
    """Milliseconds of each GET of `url` through Django's test client, and the SQL statements of one.

    The whole request is measured: middleware, session, scoping, view, selectors, template or JSON.
    """
    from django.db import connection

    def get() -> object:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        return response

    counted = QueryCounter()
    with connection.execute_wrapper(counted):
        get()
    return timed(get, warm_up=warm_up, runs=runs), counted.count


def sql_timings(statements: list[tuple[str, Any]], *, warm_up: int, runs: int) -> list[float]:
    """Milliseconds of running the hand-written reference statements and fetching their rows."""
    from django.db import connection

    def run() -> None:
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    return timed(run, warm_up=warm_up, runs=runs)


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def record(result: Result) -> None:
    """Print the result and hand it to bench/run.py when it is listening."""
    figures = f"{result.median:>10.1f}"
    if result.p95 is not None:
        figures += f" {result.p95:>8.1f}"
    reference = f"  (reference {result.reference:.1f})" if result.reference is not None else ""
    queries = f"  [{result.queries} queries]" if result.queries is not None else ""
    print(f"{result.measure:<62} {figures} {result.unit}{reference}{queries}", flush=True)
    path = os.environ.get(RESULTS_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as results:
            results.write(json.dumps(asdict(result), ensure_ascii=False) + "\n")


def record_times(
    benchmark: str,
    measure: str,
    samples: list[float],
    *,
    reference: list[float] | None = None,
    reference_label: str = "",
    target_p95_ms: float | None = None,
    target_median_ms: float | None = None,
    queries: int | None = None,
    note: str = "",
) -> Result:
    """Record timed samples in milliseconds: median, p95, the reference median and the target check.

    A bar on a page is on its p95; a bar on one operation ("an order change in < 20 ms") on its median.
    """
    middle, high = statistics.median(samples), p95(samples)
    target, met = "", None
    if target_p95_ms is not None:
        target, met = f"p95 < {target_p95_ms:g} ms", high < target_p95_ms
    elif target_median_ms is not None:
        target, met = f"median < {target_median_ms:g} ms", middle < target_median_ms
    result = Result(
        benchmark=benchmark,
        measure=measure,
        unit="ms",
        median=middle,
        p95=high,
        reference=statistics.median(reference) if reference else None,
        reference_label=reference_label,
        target=target,
        met=met,
        queries=queries,
        runs=len(samples),
        note=note,
    )
    record(result)
    return result
