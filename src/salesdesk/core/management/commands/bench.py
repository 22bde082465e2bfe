"""`salesdesk bench`: run every benchmark and write docs/benchmarks.md (the same as `make bench`)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

# The benchmarks live beside the package in the source checkout (bench/), not inside the package: they
# measure the product, they are not part of it.
RUNNER = Path(__file__).resolve().parents[5] / "bench" / "run.py"


class Command(BaseCommand):
    help = "Run every benchmark against DATABASE_URL (PostgreSQL) and write docs/benchmarks.md."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "runner_arguments",
            nargs=argparse.REMAINDER,
            help="passed to bench/run.py, e.g. --scale medium --runs 10 (see bench/run.py --help)",
        )

    def run_from_argv(self, argv: list[str]) -> None:
        # Every option after `bench` belongs to bench/run.py (--scale, --runs, ...), so Django's parser,
        # which would refuse them, is skipped.
        try:
            self.handle(runner_arguments=argv[2:])
        except CommandError as error:
            self.stderr.write(str(error))
            sys.exit(1)

    def handle(self, *args: Any, **options: Any) -> None:
        if not RUNNER.exists():
            raise CommandError(
                f"The benchmarks ship with the source checkout ({RUNNER} is missing): run them from a clone."
            )
        outcome = subprocess.run(  # noqa: S603  # our own script, with the arguments given to us
            [sys.executable, str(RUNNER), *options["runner_arguments"]], check=False
        )
        if outcome.returncode:
            raise CommandError(f"bench/run.py exited with {outcome.returncode}.")
