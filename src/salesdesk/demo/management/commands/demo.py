from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from salesdesk.demo.bulk.load import PhaseTiming, bulk_load
from salesdesk.demo.bulk.people import BulkLoadRefused
from salesdesk.demo.bulk.sizes import SIZES
from salesdesk.demo.services import DEMO_LOADERS, demo_load


class _PhaseBars:
    """One rich progress bar per phase of the bulk load, counting its rows."""

    def __init__(self, bars: Progress) -> None:
        self.bars = bars
        self.current: TaskID | None = None

    def phase(self, name: str, total: int | None) -> None:
        if self.current is not None:
            # The finished phase shows a full bar, also when its size was not known ahead.
            task = self.bars.tasks[self.current]
            done = task.total if task.total is not None else 1
            self.bars.update(self.current, total=done, completed=done)
            self.bars.stop_task(self.current)
        self.current = self.bars.add_task(name, total=total)

    def advance(self, rows: int) -> None:
        if self.current is not None:
            self.bars.update(self.current, advance=rows)


class Command(BaseCommand):
    help = (
        "Load deterministic demo data (a multilingual company with one login per role); "
        "tiny, medium and large add bulk volume (PostgreSQL only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=["small", "tiny", "medium", "large"],
            default="small",
            help=(
                "small: the demo company alone. tiny: the small demo plus a few hundred bulk rows in the "
                "large's shape, to check that the benchmarks run. medium: a tenth of large. large: 100,000 "
                "accounts, 1M contacts, 1M opportunities, 1M contracts and 10M order lines. tiny, medium "
                "and large need PostgreSQL."
            ),
        )
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if scale in SIZES and connection.vendor != "postgresql":
            message = _("The %(scale)s demo needs PostgreSQL (set DATABASE_URL).")
            raise CommandError(message % {"scale": scale})
        with Progress(transient=True) as bar:
            step = bar.add_task("Demo data", total=len(DEMO_LOADERS))

            def advance(name: str) -> None:
                bar.update(step, advance=1, description=f"Demo data: {name}")

            started = time.perf_counter()
            try:
                demo_load(scale=scale, seed=options["seed"], progress=advance)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if scale in SIZES:
            self._bulk(scale, options["seed"], demo_seconds=time.perf_counter() - started)

    def _bulk(self, scale: str, seed: int, *, demo_seconds: float) -> None:
        columns = (
            TextColumn("{task.description:<24}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns) as bars:
            try:
                timings = bulk_load(
                    SIZES[scale], seed=seed, today=timezone.localdate(), progress=_PhaseBars(bars)
                )
            except BulkLoadRefused as exc:
                raise CommandError(str(exc)) from exc
        self._report([PhaseTiming("demo (personas, crowd)", demo_seconds), *timings])

    def _report(self, timings: list[PhaseTiming]) -> None:
        for timing in timings:
            rows = ", ".join(f"{count:,} {name}" for name, count in timing.rows.items())
            name = f"  {timing.name} (background)" if timing.background else timing.name
            self.stdout.write(f"{name:<36} {timing.seconds:8.1f} s  {rows}")
        # The background phases overlap the others: the foreground ones add up to the time taken.
        total = sum(timing.seconds for timing in timings if not timing.background)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded with its bulk volume in {total:.1f} s."))
