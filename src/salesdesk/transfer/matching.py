"""Per-batch lookups of an import as one indexed query each, with the batch's values as one array.

`field__in=[2,000 values]` makes Django build and psycopg bind 2,000 parameters per query and
PostgreSQL parse and plan a 2,000-element list; `field = ANY(%s::type[])` sends one array parameter and
gets the same rows through the same index. Other databases keep the plain IN list.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Expression, F, Lookup
from django.db.models.lookups import In
from django.db.models.sql.compiler import SQLCompiler


class AnyOf(Lookup[Any]):
    """`lhs = ANY(values)`: true when the expression equals one of the values (an empty list matches none)."""

    lookup_name = "any_of"  # used as an expression in filter(), never registered on fields
    prepare_rhs = False

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple[Any, ...]]:
        if connection.vendor != "postgresql":
            return In(self.lhs, list(self.rhs)).as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # Cast to the column's own type, so the planner compares like with like and uses its index.
        column_type = self.lhs.output_field.db_type(connection)
        return f"{lhs} = ANY(%s::{column_type}[])", (*lhs_params, list(self.rhs))


def any_of(field: str | Expression, values: Collection[Any]) -> AnyOf:
    """A filter() argument: `field` (a name or an expression) equals one of `values`."""
    return AnyOf(F(field) if isinstance(field, str) else field, list(values))
