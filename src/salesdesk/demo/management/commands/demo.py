from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import Progress

from salesdesk.demo.services import DEMO_LOADERS, demo_load


class Command(BaseCommand):
    help = "Load deterministic demo data (a multilingual company with one login per role)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["small", "medium", "large"], default="small")
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args: Any, **options: Any) -> None:
        with Progress(transient=True) as bar:
            step = bar.add_task("Demo data", total=len(DEMO_LOADERS))

            def advance(name: str) -> None:
                bar.update(step, advance=1, description=f"Demo data: {name}")

            try:
                demo_load(scale=options["scale"], seed=options["seed"], progress=advance)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
