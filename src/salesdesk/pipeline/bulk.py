"""Batch writes to opportunities: the only code that bulk-writes this table (used by imports).

Records arrive validated; one transaction per batch, history kept, versions bumped on change, and every
new opportunity gets its first stage-history entry so time-in-stage reports count it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from salesdesk.customers.models import ExternalReference
from salesdesk.org.models import User
from salesdesk.pipeline.models import Opportunity, StageChange

BATCH_SIZE = 2000


@transaction.atomic
def opportunities_bulk_save(
    *,
    created: Sequence[Opportunity],
    changed: Sequence[Opportunity],
    changed_fields: Sequence[str],
    external_refs: Sequence[ExternalReference] = (),
    by: User,
) -> None:
    """Insert new opportunities, update changed ones and record their external ids; all or none."""
    now = timezone.now()
    if created:
        bulk_create_with_history(
            list(created), Opportunity, batch_size=BATCH_SIZE, default_user=by, default_change_reason="import"
        )
        StageChange.objects.bulk_create(
            [
                StageChange(opportunity=record, to_stage_id=record.stage_id, changed_by=by, changed_at=now)
                for record in created
            ],
            batch_size=BATCH_SIZE,
        )
    if changed:
        for record in changed:
            record.version += 1
            record.updated_at = now
        bulk_update_with_history(
            list(changed),
            Opportunity,
            [*changed_fields, "version", "updated_at"],
            batch_size=BATCH_SIZE,
            default_user=by,
            default_change_reason="import",
        )
    for ref in external_refs:
        ref.opportunity_id = ref.opportunity.pk if ref.opportunity else None
    if external_refs:
        ExternalReference.objects.bulk_create(external_refs, batch_size=BATCH_SIZE)
