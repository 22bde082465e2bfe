"""`salesdesk import contacts FILE --preset hubspot`: an import from the command line, with a progress bar."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from salesdesk.org.models import User
from salesdesk.transfer.importing import ImportOptions, count_rows, import_run
from salesdesk.transfer.mapping import Entity, Preset
from salesdesk.transfer.readers import FileReadError


def _person(username: str, option: str) -> User:
    try:
        return User.objects.get(username=username, is_active=True)
    except User.DoesNotExist:
        raise CommandError(f"{option}: no active person with the user name {username!r}.") from None


class Command(BaseCommand):
    help = "Import accounts, contacts, prospects or opportunities from a CSV or XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("entity", choices=Entity.values)
        parser.add_argument("file", type=Path)
        parser.add_argument("--preset", choices=[p for p in Preset.values if p], default="")
        parser.add_argument("--dry-run", action="store_true", help="Check every row; save nothing.")
        parser.add_argument(
            "--encoding", default="", help="utf-8, utf-16, cp1252, gb18030 (detected if omitted)"
        )
        parser.add_argument("--delimiter", default="", help="; , or tab (detected if omitted)")
        parser.add_argument(
            "--locale", default="en-US", help="How dates and numbers are written (en-US, de, it…)"
        )
        parser.add_argument("--owner", default="", help="User name of the owner of new records.")
        parser.add_argument(
            "--as", dest="acting", default="", help="User name to import as (default: --owner)."
        )
        parser.add_argument("--all-or-nothing", action="store_true", help="Save nothing if any row is bad.")

    def handle(self, *args: Any, **options: Any) -> None:
        acting_name = options["acting"] or options["owner"]
        if not acting_name:
            raise CommandError("Say who imports: --as USERNAME or --owner USERNAME.")
        acting = _person(acting_name, "--as")
        owner = _person(options["owner"], "--owner") if options["owner"] else None
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        delimiter = "\t" if options["delimiter"] in {"tab", "\\t"} else options["delimiter"]
        import_options = ImportOptions(
            entity=options["entity"],
            preset=options["preset"],
            locale=options["locale"],
            encoding=options["encoding"],
            delimiter=delimiter,
            dry_run=options["dry_run"],
            all_or_nothing=options["all_or_nothing"],
            owner=owner,
        )
        console = Console(file=getattr(self.stderr, "_out", sys.stderr))
        with path.open("rb") as stream:
            try:
                total = count_rows(stream, options=import_options)
                with Progress(
                    TextColumn("[bold]{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeRemainingColumn(),
                    console=console,
                    transient=False,
                ) as bar:
                    task = bar.add_task(f"{options['entity']}", total=total)
                    report = import_run(
                        user=acting,
                        stream=stream,
                        options=import_options,
                        progress=lambda steps: bar.advance(task, steps),
                    )
            except (ValidationError, FileReadError) as exc:
                messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                raise CommandError(" ".join(messages)) from None
        for error in report.errors:
            self.stdout.write(f"row {error.row}: {error.field}: {error.message}")
        if report.dry_run:
            self.stdout.write("Dry run: nothing was saved.")
        if report.rolled_back:
            self.stdout.write("All or nothing: bad rows were found, nothing was saved.")
        self.stdout.write(
            f"read {report.total}, created {report.created}, updated {report.updated}, "
            f"unchanged {report.unchanged}, failed {report.failed}"
            f" (encoding {report.encoding}, separator {report.delimiter!r})"
        )
