"""Merging two accounts or two contacts into one.

Every record that points at the merged-away record ("loser") is moved to the survivor. The relations are
discovered from the models themselves (`_meta.related_objects`, many-to-many fields and generic foreign
keys such as worklist.Task's subject), so models that later capabilities add are moved too, without this
module knowing them. The loser stays, with `merged_into` set, for history; lists hide it.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.core.audit import audit_record
from salesdesk.core.models import AuditEvent
from salesdesk.core.scoping import visible_to
from salesdesk.customers.choices import DuplicateStatus
from salesdesk.customers.models import Account, Contact, DuplicatePair
from salesdesk.customers.normalize import display_name, domain_of, normalize_vat_id
from salesdesk.org.models import User

# The fields a person chooses between on the merge screen, in the order shown.
ACCOUNT_MERGE_FIELDS = (
    "name", "legal_name", "vat_id", "tax_id", "industry", "size", "website", "country", "language",
    "owner", "territory", "parent", "status", "customer_since", "notes",
)  # fmt: skip
CONTACT_MERGE_FIELDS = (
    "first_name", "last_name", "full_name", "salutation", "title", "language", "country", "birthday",
    "owner", "account", "notes",
)  # fmt: skip

# Records about the loser that are history, not belongings: they keep pointing at it.
_HISTORY_MODELS: tuple[type[models.Model], ...] = (AuditEvent,)


def _is_history_model(model: type[models.Model]) -> bool:
    return (
        model in _HISTORY_MODELS or hasattr(model, "instance_type") or model.__name__.startswith("Historical")
    )


def _move_rows(queryset: models.QuerySet[Any], field: str, target: Any) -> tuple[int, int]:
    """Point every row at `target`; rows a unique constraint refuses stay where they were."""
    try:
        with transaction.atomic():
            return queryset.update(**{field: target}), 0
    except IntegrityError:
        moved = kept = 0
        for pk in list(queryset.values_list("pk", flat=True)):
            try:
                with transaction.atomic():
                    moved += queryset.model._base_manager.filter(pk=pk).update(**{field: target})
            except IntegrityError:
                kept += 1
        return moved, kept


def move_related(*, loser: models.Model, survivor: models.Model) -> dict[str, dict[str, int]]:
    """Move everything that belongs to `loser` to `survivor`; returns what moved, per model and relation."""
    moved: dict[str, dict[str, int]] = {}

    def note(label: str, count: int, kept: int = 0) -> None:
        if count or kept:
            entry = moved.setdefault(label, {"moved": 0, "kept": 0})
            entry["moved"] += count
            entry["kept"] += kept

    meta = type(loser)._meta
    for relation in meta.related_objects:
        related_model = relation.related_model
        if not isinstance(related_model, type) or _is_history_model(related_model):
            continue
        field: Any = relation.field
        label = f"{related_model._meta.label}.{field.name}"
        if relation.many_to_many:
            through = field.remote_field.through
            source, target = field.m2m_reverse_field_name(), field.m2m_field_name()
            rows = through._base_manager.filter(**{source: loser.pk})
            already = set(
                through._base_manager.filter(**{source: survivor.pk}).values_list(f"{target}_id", flat=True)
            )
            duplicate_rows = rows.filter(**{f"{target}_id__in": already})
            duplicate_rows.delete()
            note(label, rows.update(**{source: survivor.pk}))
            continue
        if relation.one_to_one and related_model._base_manager.filter(**{field.name: survivor}).exists():
            note(label, 0, related_model._base_manager.filter(**{field.name: loser}).count())
            continue
        rows = related_model._base_manager.filter(**{field.name: loser})
        if related_model is type(loser):
            rows = rows.exclude(pk=survivor.pk)  # the survivor cannot become its own parent
        note(label, *_move_rows(rows, field.name, survivor))
    # The loser's own many-to-many fields (an account's segments) are added to the survivor's.
    for m2m in meta.many_to_many:
        values = list(getattr(loser, m2m.name).all())
        if values:
            getattr(survivor, m2m.name).add(*values)
            getattr(loser, m2m.name).clear()
            note(f"{meta.label}.{m2m.name}", len(values))
    # Generic relations (a task about the loser) are found on every installed model.
    content_type = ContentType.objects.get_for_model(loser)
    for model in apps.get_models():
        if _is_history_model(model):
            continue
        for private in model._meta.private_fields:
            if isinstance(private, GenericForeignKey):
                rows = model._base_manager.filter(
                    **{private.ct_field: content_type, private.fk_field: str(loser.pk)}
                )
                note(
                    f"{model._meta.label}.{private.name}",
                    *_move_rows(rows, private.fk_field, str(survivor.pk)),
                )
    return moved


def _check_merge(
    *, survivor: models.Model, loser: models.Model, merged_by: User, model: type[Account] | type[Contact]
) -> None:
    if survivor.pk == loser.pk:
        raise ValidationError({"survivor": _("Choose two different records.")})
    if getattr(survivor, "merged_into_id", None) or getattr(loser, "merged_into_id", None):
        raise ValidationError({"survivor": _("One of these records was merged already.")})
    if visible_to(merged_by, model).filter(pk__in=[survivor.pk, loser.pk]).count() != 2:
        raise ValidationError({"survivor": _("You can only merge records you can see.")})


def _apply_values(
    record: models.Model, values: dict[str, Any], allowed: tuple[str, ...]
) -> dict[str, list[Any]]:
    changes = {}
    for name, value in values.items():
        if name not in allowed:
            raise ValidationError({name: _("This field cannot be chosen in a merge.")})
        field = record._meta.get_field(name)
        attname = field.attname  # type: ignore[union-attr]
        new = getattr(value, "pk", value)
        old = getattr(record, attname)
        if old != new:
            changes[name] = [str(old) if old is not None else None, str(new) if new is not None else None]
            setattr(record, attname, new)
    return changes


def _finish(
    *,
    survivor: Any,
    loser: Any,
    merged_by: User,
    entity: str,
    changes: dict[str, list[Any]],
    moved: dict[str, dict[str, int]],
    pair: DuplicatePair | None,
) -> None:
    survivor.version += 1
    survivor._history_user = merged_by
    survivor._change_reason = _("merged with %(record)s") % {"record": loser}
    survivor.save()
    loser.merged_into = survivor
    loser.version += 1
    loser._history_user = merged_by
    loser._change_reason = _("merged into %(record)s") % {"record": survivor}
    loser.save()
    # Records merged into the loser earlier now lead to the survivor too.
    type(loser)._base_manager.filter(merged_into=loser).update(merged_into=survivor)
    first, second = sorted((survivor.pk, loser.pk))
    DuplicatePair.objects.filter(entity=entity, first_id=first, second_id=second).update(
        status=DuplicateStatus.MERGED, decided_by=merged_by, decided_at=timezone.now()
    )
    if pair is not None:
        pair.refresh_from_db()
    audit_record(
        actor=merged_by,
        verb=f"{entity}.merged",
        target=survivor,
        changes={"merged": {"id": loser.pk, "name": str(loser)}, "fields": changes, "moved": moved},
    )


@transaction.atomic
def merge_accounts(
    *,
    survivor: Account,
    loser: Account,
    merged_by: User,
    values: dict[str, Any] | None = None,
    pair: DuplicatePair | None = None,
) -> Account:
    """Merge `loser` into `survivor`: the chosen field values are saved on the survivor (with history),
    every related record moves to it, the loser is kept with `merged_into` set, and the merge is audited."""
    _check_merge(survivor=survivor, loser=loser, merged_by=merged_by, model=Account)
    locked = {a.pk: a for a in Account.objects.select_for_update().filter(pk__in=[survivor.pk, loser.pk])}
    survivor, loser = locked[survivor.pk], locked[loser.pk]
    changes = _apply_values(survivor, values or {}, ACCOUNT_MERGE_FIELDS)
    if survivor.parent_id == loser.pk:
        raise ValidationError({"parent": _("An account cannot become its own parent company.")})
    survivor.vat_id_normalized = normalize_vat_id(survivor.vat_id)
    survivor.domain = domain_of(survivor.website)
    survivor.full_clean(exclude=["owner", "parent", "territory"])
    moved = move_related(loser=loser, survivor=survivor)
    _finish(
        survivor=survivor,
        loser=loser,
        merged_by=merged_by,
        entity="account",
        changes=changes,
        moved=moved,
        pair=pair,
    )
    return survivor


@transaction.atomic
def merge_contacts(
    *,
    survivor: Contact,
    loser: Contact,
    merged_by: User,
    values: dict[str, Any] | None = None,
    pair: DuplicatePair | None = None,
) -> Contact:
    """Merge contact `loser` into `survivor`; the same guarantees as `merge_accounts`."""
    _check_merge(survivor=survivor, loser=loser, merged_by=merged_by, model=Contact)
    locked = {c.pk: c for c in Contact.objects.select_for_update().filter(pk__in=[survivor.pk, loser.pk])}
    survivor, loser = locked[survivor.pk], locked[loser.pk]
    changes = _apply_values(survivor, values or {}, CONTACT_MERGE_FIELDS)
    if not survivor.full_name.strip():
        survivor.full_name = display_name(survivor.first_name, survivor.last_name)
    survivor.full_clean(exclude=["owner", "account"])
    moved = move_related(loser=loser, survivor=survivor)
    _finish(
        survivor=survivor,
        loser=loser,
        merged_by=merged_by,
        entity="contact",
        changes=changes,
        moved=moved,
        pair=pair,
    )
    return survivor


@transaction.atomic
def duplicate_pair_dismiss(*, pair: DuplicatePair, dismissed_by: User) -> DuplicatePair:
    """Record that the two records are not the same: later scans leave the pair alone."""
    pair.status = DuplicateStatus.DISMISSED
    pair.decided_by = dismissed_by
    pair.decided_at = timezone.now()
    pair.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return pair
