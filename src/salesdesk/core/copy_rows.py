"""Writing many new rows with PostgreSQL's COPY instead of INSERT: for the bulk paths (imports, signing
thousands of contracts) where building and sending one INSERT parameter per value costs more than the
rows themselves. Callers keep an ORM path for other databases; `can_copy` says which one to take.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def can_copy() -> bool:
    """True when new rows may be written with COPY (PostgreSQL through psycopg 3)."""
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3


def copy_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY `rows` (tuples of Python values in the order of `fields`, names or attnames of `model`'s
    fields) into the model's table, inside the current transaction; returns how many. Fields left out
    get their column defaults (identity ids, NULL). JSON fields take the Python value, not its text.

    The binary format: with the column types known up front psycopg packs each value without looking up
    an adapter for it, and the server has no text to parse (several times cheaper than text rows).
    """
    concrete = [model._meta.get_field(name) for name in fields]
    columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in concrete)  # type: ignore[union-attr]
    # "varchar(300)", "numeric(20, 4)" → the type names psycopg knows
    types = [str(field.db_type(connection)).split("(")[0] for field in concrete]
    count = 0
    # cursor.copy is psycopg's own: wrapping turns its errors into Django's DatabaseError.
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy,
    ):
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)
            count += 1
    return count
