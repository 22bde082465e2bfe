"""PostgreSQL only: pg_trgm and the indexes the search needs. Other databases search without them."""

from typing import Any

from django.db import migrations

# (index name, table, indexed expression)
TRIGRAM_INDEXES = [
    ("search_account_name_trgm", "customers_account", "name"),
    ("search_account_legal_trgm", "customers_account", "legal_name"),
    ("search_account_vat_trgm", "customers_account", "vat_id"),
    ("search_account_domain_trgm", "customers_account", "domain"),
    ("search_contact_name_trgm", "customers_contact", "full_name"),
    ("search_cpoint_value_trgm", "customers_contactpoint", "value"),
    ("search_cpoint_norm_trgm", "customers_contactpoint", "normalized"),
    ("search_prospect_company_trgm", "prospects_prospect", "company_name"),
    ("search_prospect_contact_trgm", "prospects_prospect", "contact_name"),
    ("search_prospect_email_trgm", "prospects_prospect", "email"),
    ("search_opportunity_name_trgm", "pipeline_opportunity", "name"),
]
FULL_TEXT_INDEXES = [
    ("search_account_name_fts", "customers_account", "name"),
    ("search_contact_name_fts", "customers_contact", "full_name"),
    ("search_prospect_company_fts", "prospects_prospect", "company_name"),
    ("search_opportunity_name_fts", "pipeline_opportunity", "name"),
]


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ("{column}" gin_trgm_ops)')
    for name, table, column in FULL_TEXT_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (to_tsvector('simple'::regconfig, \"{column}\"))"
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES + FULL_TEXT_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0003_initial"),
        ("prospects", "0001_initial"),
        ("pipeline", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
