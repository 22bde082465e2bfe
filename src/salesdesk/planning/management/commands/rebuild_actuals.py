"""Rebuild the plan-vs-actual rollups from the order lines.

salesdesk rebuild_actuals                    # everything
salesdesk rebuild_actuals --since 2026-04-01 # every week and month from the one holding that day
"""

from __future__ import annotations

import sys
import time
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from salesdesk.planning import actuals


class _Bar:
    """The job-progress interface `actuals.rebuild` reports to, drawn as a rich progress bar."""

    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.task = bar.add_task("orders", total=None)

    def set_total(self, total: int, message: str = "") -> None:
        self.bar.update(self.task, total=total)

    def advance(self, steps: int = 1, message: str = "") -> None:
        self.bar.advance(self.task, steps)


class Command(BaseCommand):
    help = "Rebuild the plan-vs-actual rollups (all, or from a day on) from the order lines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="Rebuild from the week and month holding this day (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        since = None
        if options["since"]:
            try:
                since = date.fromisoformat(options["since"])
            except ValueError:
                raise CommandError(f"Give --since as YYYY-MM-DD, not {options['since']!r}.") from None
        console = Console(file=getattr(self.stderr, "_out", sys.stderr))
        started = time.monotonic()
        try:
            with Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=console,
            ) as bar:
                lines = actuals.rebuild(since=since, progress=_Bar(bar))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"{lines} order lines counted in {time.monotonic() - started:.1f} s.")
