"""Readable document numbers: `<prefix>-<year>-<six digits>`, counting from 1 in each year and prefix.

`next_number` reads the highest number already stored and adds one. Two transactions doing that at once
would pick the same number, so it must run inside the transaction that saves the number, and it
serialises callers for the same prefix and year until that transaction ends: on PostgreSQL with a
transaction-level advisory lock, on SQLite because every transaction takes the write lock when it
starts (`transaction_mode = IMMEDIATE` in the settings). Any model with a unique number field can use
it, which is how contracts number theirs.
"""

from __future__ import annotations

import zlib
from datetime import date

from django.db import connection, models, transaction
from django.utils import timezone

DIGITS = 6
_LOCK_SPACE = 7411


def _serialise(key: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # crc32 gives a stable key per prefix and year (a rare clash only makes callers wait); the
            # high bits keep these locks apart from any other advisory locks.
            lock_id = (_LOCK_SPACE << 32) | zlib.crc32(key.encode())
            cursor.execute("SELECT pg_advisory_xact_lock(%s::bigint)", [lock_id])


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year:04d}-{sequence:0{DIGITS}d}"


def next_number(
    prefix: str, *, model: type[models.Model], field: str = "number", on: date | None = None
) -> str:
    """The next free `<prefix>-<year>-000001`-style number of `model` (year of `on`, today by default)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the transaction that saves the number.")
    year = (on or timezone.localdate()).year
    stem = f"{prefix}-{year:04d}-"
    _serialise(f"{model._meta.label}:{stem}")
    # Zero-padded numbers sort as text in the order they were given, so the greatest is the last.
    last = (
        model._default_manager.filter(**{f"{field}__startswith": stem})
        .order_by(f"-{field}")
        .values_list(field, flat=True)
        .first()
    )
    sequence = 1
    if last:
        tail = str(last).removeprefix(stem)
        sequence = int(tail) + 1 if tail.isdigit() else 1
    return format_number(prefix, year, sequence)
