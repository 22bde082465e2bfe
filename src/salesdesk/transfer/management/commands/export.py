"""`salesdesk export contacts --format xlsx -o FILE --as USERNAME`: what that person may see, as a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from salesdesk.org.models import User
from salesdesk.transfer.exporting import CSV_DELIMITERS, write_csv, write_xlsx
from salesdesk.transfer.mapping import Entity
from salesdesk.transfer.selectors import export_headers, export_rows


class Command(BaseCommand):
    help = "Export the accounts, contacts, prospects or opportunities a person may see, as CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("entity", choices=Entity.values)
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument(
            "-o", "--output", type=Path, help="File to write (CSV goes to standard output if omitted)."
        )
        parser.add_argument("--as", dest="acting", required=True, help="User name whose scope is exported.")
        parser.add_argument("--delimiter", choices=CSV_DELIMITERS, default=";")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["acting"], is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"--as: no active person with the user name {options['acting']!r}.") from None
        entity, output = options["entity"], options["output"]
        headers, rows = export_headers(entity), export_rows(user=user, entity=entity)
        if options["format"] == "xlsx":
            if output is None:
                raise CommandError("XLSX needs a file: -o FILE.")
            with output.open("wb") as target:
                write_xlsx(target, headers, rows, title=str(Entity(entity).label))
        elif output is None:
            write_csv(sys.stdout.buffer, headers, rows, delimiter=options["delimiter"])
        else:
            with output.open("wb") as target:
                write_csv(target, headers, rows, delimiter=options["delimiter"])
        if output is not None:
            self.stderr.write(f"wrote {output}")
