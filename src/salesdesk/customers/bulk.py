"""Batch writes to accounts and contacts: the only code that bulk-writes these tables (used by imports).

The caller has validated every record; these functions write a whole batch in one transaction, keep the
history (simple-history rows with who and why) and bump the version of every changed record, so an edit
screen opened before the import refuses to overwrite it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from salesdesk.customers.choices import HygieneStatus
from salesdesk.customers.models import Account, Contact, ContactPoint, ExternalReference
from salesdesk.org.models import User

BATCH_SIZE = 2000
IMPORT_REASON = "import"


def _save(
    model: type[Account] | type[Contact],
    *,
    created: Sequence[Account | Contact],
    changed: Sequence[Account | Contact],
    changed_fields: Sequence[str],
    contact_points: Sequence[ContactPoint],
    external_refs: Sequence[ExternalReference],
    by: User,
) -> None:
    now = timezone.now()
    if created:
        bulk_create_with_history(
            list(created), model, batch_size=BATCH_SIZE, default_user=by, default_change_reason=IMPORT_REASON
        )
    if changed:
        for record in changed:
            record.version += 1
            record.updated_at = now
        bulk_update_with_history(
            list(changed),
            model,
            [*changed_fields, "version", "updated_at"],
            batch_size=BATCH_SIZE,
            default_user=by,
            default_change_reason=IMPORT_REASON,
        )
    # Contact points and external ids of new records point at objects that only now have a pk.
    for point in contact_points:
        point.account_id = point.account.pk if point.account else None
        point.contact_id = point.contact.pk if point.contact else None
    for ref in external_refs:
        ref.account_id = ref.account.pk if ref.account else None
        ref.contact_id = ref.contact.pk if ref.contact else None
    if contact_points:
        ContactPoint.objects.bulk_create(contact_points, batch_size=BATCH_SIZE)
    if external_refs:
        ExternalReference.objects.bulk_create(external_refs, batch_size=BATCH_SIZE)


@transaction.atomic
def accounts_bulk_save(
    *,
    created: Sequence[Account],
    changed: Sequence[Account],
    changed_fields: Sequence[str],
    contact_points: Sequence[ContactPoint] = (),
    external_refs: Sequence[ExternalReference] = (),
    by: User,
) -> None:
    """Insert new accounts, update changed ones, add their contact details and external ids; all or none."""
    _save(
        Account,
        created=created,
        changed=changed,
        changed_fields=changed_fields,
        contact_points=contact_points,
        external_refs=external_refs,
        by=by,
    )


@transaction.atomic
def contacts_bulk_save(
    *,
    created: Sequence[Contact],
    changed: Sequence[Contact],
    changed_fields: Sequence[str],
    contact_points: Sequence[ContactPoint] = (),
    external_refs: Sequence[ExternalReference] = (),
    by: User,
) -> None:
    """Insert new contacts, update changed ones, add their contact details and external ids; all or none."""
    _save(
        Contact,
        created=created,
        changed=changed,
        changed_fields=changed_fields,
        contact_points=contact_points,
        external_refs=external_refs,
        by=by,
    )


# ------------------------------------------------------------------------------------ PostgreSQL COPY path


@dataclass
class NewContact:
    """A validated new contact with its contact points and external id, as plain values (no model)."""

    first_name: str
    last_name: str
    full_name: str
    title: str
    country: str
    language: str
    account_id: int | None
    owner_id: int
    # (kind, label, value, normalized, street, postal_code, city, country, is_primary)
    points: list[tuple[str, str, str, str, str, str, str, str, bool]]
    external_ref: tuple[str, str, str] | None  # (system, entity, value)


def _next_ids(cursor: Any, table: str, count: int) -> list[int]:
    # One round trip for a whole batch: the ids come from the table's own sequence, so they never clash
    # with rows written through the ORM or by another import at the same time.
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
    )
    return [row[0] for row in cursor.fetchall()]


_CONTACT_COLUMNS = (
    "id, created_at, updated_at, version, first_name, last_name, full_name, salutation, title, language,"
    " country, is_shared, notes, account_id, owner_id"
)
_HISTORY_COLUMNS = (
    "id, created_at, version, first_name, last_name, full_name, salutation, title, language, country,"
    " is_shared, notes, account_id, owner_id, history_date, history_change_reason, history_type,"
    " history_user_id"
)
_POINT_COLUMNS = (
    "created_at, updated_at, kind, label, value, normalized, street, postal_code, city, region, country,"
    " is_primary, status, status_reason, contact_id"
)


@transaction.atomic
def contacts_bulk_copy(*, created: Sequence[NewContact], by: User) -> None:
    """Insert new contacts with COPY: the rows, their first history version (as simple-history writes it:
    type "+", who and why), contact points and external ids; all or none. PostgreSQL only
    (see `core.copy_rows.can_copy`).
    """
    if not created:
        return
    now = timezone.now()
    contact_table = Contact._meta.db_table
    history_table = Contact.history.model._meta.db_table
    # cursor.copy is psycopg's own: wrapping turns its errors (a unique external id taken by a concurrent
    # import) into Django's DatabaseError, which the import reports per batch.
    with connection.wrap_database_errors, connection.cursor() as cursor:
        ids = _next_ids(cursor, contact_table, len(created))
        with cursor.copy(f"COPY {contact_table} ({_CONTACT_COLUMNS}) FROM STDIN") as copy:
            for pk, new in zip(ids, created, strict=True):
                copy.write_row(
                    (pk, now, now, 1, new.first_name, new.last_name, new.full_name, "", new.title,
                     new.language, new.country, False, "", new.account_id, new.owner_id)
                )  # fmt: skip
        with cursor.copy(f"COPY {history_table} ({_HISTORY_COLUMNS}) FROM STDIN") as copy:
            for pk, new in zip(ids, created, strict=True):
                copy.write_row(
                    (pk, now, 1, new.first_name, new.last_name, new.full_name, "", new.title,
                     new.language, new.country, False, "", new.account_id, new.owner_id,
                     now, IMPORT_REASON, "+", by.pk)
                )  # fmt: skip
        point_table = ContactPoint._meta.db_table
        with cursor.copy(f"COPY {point_table} ({_POINT_COLUMNS}) FROM STDIN") as copy:
            for pk, new in zip(ids, created, strict=True):
                for kind, label, value, normalized, street, postal, city, country, primary in new.points:
                    copy.write_row(
                        (now, now, kind, label, value, normalized, street, postal, city, "", country,
                         primary, HygieneStatus.UNVERIFIED, "", pk)
                    )  # fmt: skip
        refs = [(pk, new.external_ref) for pk, new in zip(ids, created, strict=True) if new.external_ref]
        if refs:
            ref_table = ExternalReference._meta.db_table
            with cursor.copy(f"COPY {ref_table} (system, entity, value, contact_id) FROM STDIN") as copy:
                for pk, (system, entity, value) in refs:
                    copy.write_row((system, entity, value, pk))


def contacts_refresh_statistics() -> None:
    """ANALYZE the tables a big COPY import has grown, so matching the next batches keeps its index plans.

    The planner's row counts come from the last (auto)analyze; after a few hundred thousand rows arrive in
    one run they are far off and lookups by e-mail or external id turn into scans. PostgreSQL only.
    """
    tables = [
        Contact._meta.db_table,
        Contact.history.model._meta.db_table,
        ContactPoint._meta.db_table,
        ExternalReference._meta.db_table,
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")
