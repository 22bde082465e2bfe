"""PostgreSQL only: partial indexes on the records an owner shared with the business unit.

A sales rep sees `owner = me OR (is_shared AND owner in my unit)` (core.scoping.OwnedRecords). Without an
index on the shared rows, that OR makes PostgreSQL read every account or contact for each list page and
search; with one, it combines the owner index and this small index (a BitmapOr).
"""

from typing import Any

from django.db import migrations

# (index name, table)
SHARED_INDEXES = [
    ("scope_account_shared_idx", "customers_account"),
    ("scope_contact_shared_idx", "customers_contact"),
    ("scope_opportunity_shared_idx", "pipeline_opportunity"),
]


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table in SHARED_INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} (owner_id) WHERE is_shared")


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in SHARED_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_trigram_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
