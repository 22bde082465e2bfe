"""Append-only audit events for actions that matter (tokens, roles, merges, logins that failed)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import capfirst

from salesdesk.core.models import AuditEvent


def audit_record(
    *,
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:300] if target is not None else "",
        changes=changes or {},
        reason=reason,
    )


def _readable(field: Any, value: Any) -> Any:
    """A stored value as people know it: the label of a choice, the name of a related record."""
    if value is None or value == "":
        return value
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    if getattr(field, "is_relation", False) and field.related_model is not None:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else value
    return value


def history_diffs(instance: models.Model, *, newest: int | None = None) -> list[dict[str, Any]]:
    """Every saved version of a record with simple-history (or its `newest` ones), newest first: who,
    when, what changed.

    Each entry: {"when", "who", "reason", "type", "changes": [(field label, old, new), ...]}.
    """
    history_manager = instance.history  # type: ignore[attr-defined]
    versions = history_manager.select_related("history_user").order_by("-history_date", "-history_id")
    # One version more than shown: each shown version is compared with the one before it.
    records = list(versions if newest is None else versions[: newest + 1])
    if not records:  # bulk-loaded rows may have no version yet
        return []
    shown = records if newest is None else records[:newest]
    entries = []
    for newer, older in zip(shown, [*records[1:], None][: len(shown)], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            for change in delta.changes:
                field = instance._meta.get_field(change.field)
                label = capfirst(str(getattr(field, "verbose_name", change.field)))
                changes.append((label, _readable(field, change.old), _readable(field, change.new)))
        entries.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "reason": newer.history_change_reason or "",
                "type": newer.history_type,
                "changes": changes,
            }
        )
    return entries
