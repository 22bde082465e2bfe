"""Batch writes to accounts and contacts: the only code that bulk-writes these tables (used by imports).

The caller has validated every record; these functions write a whole batch in one transaction, keep the
history (simple-history rows with who and why) and bump the version of every changed record, so an edit
screen opened before the import refuses to overwrite it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

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
