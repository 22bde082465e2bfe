"""PostgreSQL only: the expiry calendar's counts and totals read from one index.

A month's signed contracts are spread over the whole table, so counting them and summing their values
through `contract_expiry_idx` visits one heap page per contract. This partial index holds what those
reads need (owner for the scope, currency and value for the totals), so they become index-only scans.
"""

from typing import Any

from django.db import migrations

NAME = "contract_expiry_cover_idx"


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON contracts_contract (end_on, id) "
        "INCLUDE (owner_id, currency, value) WHERE status = 'signed'"
    )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("contracts", "0002_expirydigest")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
