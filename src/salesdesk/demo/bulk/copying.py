"""Writing generated rows with PostgreSQL's COPY, and the table upkeep around a bulk load.

Rows arrive as lines of COPY's text format, in chunks: one `write` per chunk is several times faster than
one per row. While a table is being filled its secondary indexes (and unique constraints other than the
primary key) are dropped; once the rows are committed they are rebuilt from their own definitions, which
is much faster than keeping them up to date row by row (a load that fails in between leaves them missing:
start again from a fresh database). Foreign-key triggers are off (`session_replication_role = replica`):
the generators make consistent ids themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

Advance = Callable[[int], None]


def uncounted(rows: int) -> None:
    """For the rows of a table the progress bar does not count (their number is known only after)."""


def raw_cursor() -> Any:
    """A psycopg cursor on Django's connection (so inside its transactions), which has `copy()`."""
    connection.ensure_connection()
    return connection.connection.cursor()


def copy_chunks(
    cursor: Any, table: str, columns: Sequence[str], chunks: Iterable[list[str]], advance: Advance
) -> int:
    """COPY the lines (each ending in a newline) of every chunk into `table`; returns the row count."""
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for chunk in chunks:
            copy.write("".join(chunk))
            count += len(chunk)
            advance(len(chunk))
    return count


def next_id(cursor: Any, table: str) -> int:
    """The first free id: the demo's own rows come first, the bulk rows after them."""
    cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608  # our table names
    return int(cursor.fetchone()[0])


@dataclass(frozen=True)
class SecondaryIndex:
    table: str
    name: str
    definition: str
    is_constraint: bool

    def drop(self, cursor: Any) -> None:
        if self.is_constraint:
            cursor.execute(f'ALTER TABLE {self.table} DROP CONSTRAINT "{self.name}"')
        else:
            cursor.execute(f'DROP INDEX "{self.name}"')

    def build(self, cursor: Any) -> None:
        if self.is_constraint:
            cursor.execute(f'ALTER TABLE {self.table} ADD CONSTRAINT "{self.name}" {self.definition}')
        else:
            cursor.execute(self.definition)


def secondary_indexes(cursor: Any, tables: Sequence[str]) -> list[SecondaryIndex]:
    """Every index of the tables but the primary keys, as it is defined now."""
    cursor.execute(
        """
        SELECT t.relname, i.relname, coalesce(pg_get_constraintdef(c.oid), pg_get_indexdef(i.oid)),
               c.oid IS NOT NULL
        FROM pg_index x
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_class i ON i.oid = x.indexrelid
        LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = t.oid
        WHERE t.relname = ANY(%s) AND NOT x.indisprimary
        ORDER BY t.relname, i.relname
        """,
        [list(tables)],
    )
    return [SecondaryIndex(*row) for row in cursor.fetchall()]


def start_loading(cursor: Any, tables: Sequence[str]) -> list[SecondaryIndex]:
    """Inside the load's transaction: foreign-key triggers off and the tables' secondary indexes gone.
    Returns the indexes, for `build_index` once the rows are committed."""
    cursor.execute("SET LOCAL session_replication_role = replica")
    indexes = secondary_indexes(cursor, tables)
    for index in indexes:
        index.drop(cursor)
    return indexes


def move_sequences(cursor: Any, tables: Sequence[str]) -> None:
    """Ids handed out after the load continue after the bulk rows."""
    for table in tables:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608  # our table names
            f"(SELECT coalesce(max(id), 1) FROM {table}))"
        )


def build_index(index: SecondaryIndex) -> None:
    """Build one dropped index in this thread's session, sorting in memory with parallel workers."""
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SET max_parallel_maintenance_workers = 2")
        index.build(cursor)


def vacuum_analyze(cursor: Any) -> None:
    """Fresh visibility maps (index-only scans) and planner statistics for the whole database, once.
    VACUUM cannot run inside a transaction block (a test's, say): there it is ANALYZE alone."""
    cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
