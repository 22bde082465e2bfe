"""Batch writes to prospects: the only code that bulk-writes this table (used by imports).

Records arrive validated; one transaction per batch, history kept, versions bumped on change.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from salesdesk.customers.models import ExternalReference
from salesdesk.org.models import User
from salesdesk.prospects.models import Prospect

BATCH_SIZE = 2000


@transaction.atomic
def prospects_bulk_save(
    *,
    created: Sequence[Prospect],
    changed: Sequence[Prospect],
    changed_fields: Sequence[str],
    external_refs: Sequence[ExternalReference] = (),
    by: User,
) -> None:
    """Insert new prospects, update changed ones and record their external ids; all or none."""
    if created:
        bulk_create_with_history(
            list(created), Prospect, batch_size=BATCH_SIZE, default_user=by, default_change_reason="import"
        )
    if changed:
        now = timezone.now()
        for record in changed:
            record.version += 1
            record.updated_at = now
        bulk_update_with_history(
            list(changed),
            Prospect,
            [*changed_fields, "version", "updated_at"],
            batch_size=BATCH_SIZE,
            default_user=by,
            default_change_reason="import",
        )
    for ref in external_refs:
        ref.prospect_id = ref.prospect.pk if ref.prospect else None
    if external_refs:
        ExternalReference.objects.bulk_create(external_refs, batch_size=BATCH_SIZE)
