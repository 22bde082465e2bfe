"""Running an import: read rows, validate and match them batch by batch, write through the bulk modules.

Per batch of 2,000 rows every lookup (external ids, e-mails, domains, accounts) is one query, and writes
are bulk inserts and updates, so the number of queries grows with batches, never with rows. Rows are
validated in a worker process while this one writes (validation_pool); duplicates inside the file are
found here, in file order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from salesdesk.core.scoping import visible_to
from salesdesk.org.models import User
from salesdesk.transfer.handlers import HANDLERS, ImportContext, RowError
from salesdesk.transfer.mapping import Entity, check_mapping, suggest_mapping
from salesdesk.transfer.readers import Cell, Table, read_table
from salesdesk.transfer.validation_pool import ValidatedBatch, validated_batches

BATCH_ROWS = 2000
# Imports over this many rows run as a background job.
JOB_THRESHOLD = 2000
# A report lists at most this many bad rows (the counts stay exact).
MAX_LISTED_ERRORS = 10_000


@dataclass
class ImportOptions:
    entity: str
    preset: str = ""
    locale: str = "en-US"
    encoding: str = ""
    delimiter: str = ""
    dry_run: bool = False
    all_or_nothing: bool = False
    owner: User | None = None
    mapping: dict[int, str] | None = None


@dataclass
class ImportReport:
    entity: str
    dry_run: bool = False
    all_or_nothing: bool = False
    encoding: str = ""
    delimiter: str = ""
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    rolled_back: bool = False
    errors: list[RowError] = field(default_factory=list)

    def add_error(self, error: RowError) -> None:
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(error)

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "dry_run": self.dry_run,
            "all_or_nothing": self.all_or_nothing,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "rolled_back": self.rolled_back,
            "errors": [{"row": e.row, "field": e.field, "message": e.message} for e in self.errors],
        }


class _Rollback(Exception):
    pass


def open_table(stream: IO[bytes], *, options: ImportOptions) -> tuple[Table, dict[int, str]]:
    """The file's rows and the column mapping to use; ValidationError names missing required columns."""
    if options.entity not in Entity.values:
        raise ValidationError({"entity": _("Choose accounts, contacts, prospects or opportunities.")})
    table = read_table(stream, encoding=options.encoding, delimiter=options.delimiter)
    mapping = (
        options.mapping
        if options.mapping is not None
        else suggest_mapping(entity=options.entity, headers=table.headers, preset=options.preset)
    )
    mapping = {index: key for index, key in mapping.items() if key and index < len(table.headers)}
    check_mapping(entity=options.entity, mapping=mapping)
    return table, mapping


def count_rows(stream: IO[bytes], *, options: ImportOptions) -> int:
    table = read_table(stream, encoding=options.encoding, delimiter=options.delimiter)
    total = sum(1 for _row in table.rows)
    table.release()
    stream.seek(0)
    return total


def _batches(
    rows: Iterator[tuple[int, list[Cell]]], mapping: dict[int, str]
) -> Iterator[list[tuple[int, dict[str, Cell]]]]:
    batch: list[tuple[int, dict[str, Cell]]] = []
    columns = sorted(mapping.items())
    for number, cells in rows:
        values: dict[str, Cell] = {}
        width = len(cells)
        for index, key in columns:
            if index < width:
                value = cells[index]
                values[key] = value.strip() if isinstance(value, str) else value
        batch.append((number, values))
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def _without_duplicates(handler: Any, validated: Iterator[ValidatedBatch]) -> Iterator[ValidatedBatch]:
    """Drop the rows whose matching key an earlier row of the file already has: pure Python, in file order."""
    seen: dict[int, int] = {}  # hash of a matching key → the row it first appeared on
    for batch in validated:
        unique: list[Any] = []
        duplicates: list[RowError] = []
        for row in batch.rows:
            keys = handler.keys(row)
            duplicate = None
            for key_field, key in keys:
                first = seen.get(hash(key))
                if first is not None:
                    duplicate = RowError(
                        row.number, key_field, _("Duplicate of row %(row)d in this file.") % {"row": first}
                    )
                    break
            if duplicate:
                duplicates.append(duplicate)
                continue
            for _key_field, key in keys:
                seen[hash(key)] = row.number
            unique.append(row)
        # A row either has problems of its own or is a duplicate: sorted by row, errors keep the file's order.
        errors = batch.errors
        if duplicates:
            errors = sorted([*batch.errors, *duplicates], key=lambda error: error.row)
        yield ValidatedBatch(
            size=batch.size, rows=unique, failed=batch.failed + len(duplicates), errors=errors
        )


def import_run(
    *,
    user: User,
    stream: IO[bytes],
    options: ImportOptions,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import the rows of a file for `user`, matching existing records so a re-run changes nothing.

    Bad rows are reported with their row number, field and reason. By default good rows are kept (each
    batch commits on its own); with `all_or_nothing` one bad row leaves the database untouched; a dry run
    does all the work and rolls it back, so its counts are what the import would do.
    """
    table, mapping = open_table(stream, options=options)
    owner = options.owner or user
    if not visible_to(user, User).filter(pk=owner.pk, is_active=True).exists():
        raise ValidationError({"owner": _("You cannot give records to that person.")})
    context = ImportContext.build(
        user=user, default_owner=owner, preset=options.preset, locale=options.locale
    )
    handler = HANDLERS[options.entity](context)
    report = ImportReport(
        entity=options.entity,
        dry_run=options.dry_run,
        all_or_nothing=options.all_or_nothing,
        encoding=table.encoding,
        delimiter=table.delimiter,
    )
    whole_run = options.dry_run or options.all_or_nothing
    try:
        with transaction.atomic(durable=False) if whole_run else _no_transaction():
            validated = validated_batches(handler, _batches(table.rows, mapping))
            with closing(validated):  # stops the worker process if a write raises
                for batch in _without_duplicates(handler, validated):
                    _run_batch(handler, batch, report)
                    if progress:
                        progress(batch.size)
            if options.dry_run or (options.all_or_nothing and report.failed):
                raise _Rollback
    except _Rollback:
        if not options.dry_run:
            report.rolled_back = True
            report.created = report.updated = report.unchanged = 0
    return report


class _no_transaction:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _run_batch(handler: Any, parsed: ValidatedBatch, report: ImportReport) -> None:
    report.total += parsed.size
    report.failed += parsed.failed
    for error in parsed.errors:
        report.add_error(error)
    if not parsed.rows:
        return
    try:
        with transaction.atomic():
            outcome = handler.write(parsed.rows)
    except DatabaseError as exc:
        # A concurrent change (another import of the same ids): the batch is reported, nothing half-saved.
        report.failed += len(parsed.rows)
        for row in parsed.rows:
            report.add_error(RowError(row.number, "", _("Not saved: %(error)s") % {"error": exc}))
        return
    report.created += outcome.created
    report.updated += outcome.updated
    report.unchanged += outcome.unchanged
    report.failed += len(outcome.errors)
    for error in outcome.errors:
        report.add_error(error)
