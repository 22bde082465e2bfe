"""Optimistic concurrency: a stale save is refused, never silently written over someone else's."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from salesdesk.core.models import VersionedModel


class StaleRecordError(Exception):
    """The record changed since the editor loaded it (HTTP 409 in the API, a message in the page)."""

    def __init__(self, instance: models.Model, *, expected: int, current: int) -> None:
        self.instance = instance
        self.expected = expected
        self.current = current
        super().__init__(
            _(
                "%(record)s was changed by someone else while you were editing it "
                "(you had version %(expected)s, it is now version %(current)s). "
                "Reload it to see their changes, then make yours again."
            )
            % {"record": instance, "expected": expected, "current": current}
        )


def save_versioned(
    instance: VersionedModel, *, expected_version: int, reason: str = "", changed_by: Any = None
) -> None:
    """Save `instance` only if its stored version is still `expected_version`; bump the version.

    The row is locked for the check so two concurrent saves cannot both pass it.
    """
    model = type(instance)
    with transaction.atomic():
        current = (
            model._base_manager.select_for_update()
            .filter(pk=instance.pk)
            .values_list("version", flat=True)
            .get()
        )
        if current != expected_version:
            # Name the record as it is stored, not as the refused edit would have renamed it.
            stored = model._base_manager.get(pk=instance.pk)
            raise StaleRecordError(stored, expected=expected_version, current=current)
        instance.version = current + 1
        # Read by simple-history, so the version records who changed it and why, whatever called us.
        if reason:
            instance._change_reason = reason  # type: ignore[attr-defined]
        if changed_by is not None:
            instance._history_user = changed_by  # type: ignore[attr-defined]
        instance.save()
