"""Writes to accounts, contacts and their contact details. One transaction each, validated first."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.core.audit import audit_record
from salesdesk.core.scoping import visible_to
from salesdesk.core.versioning import save_versioned
from salesdesk.customers.choices import (
    ActivityKind,
    ActivityStatus,
    CallOutcome,
    ContactPointKind,
    ContactPointLabel,
    HygieneStatus,
)
from salesdesk.customers.models import Account, Activity, CadenceRule, Contact, ContactPoint
from salesdesk.customers.normalize import (
    display_name,
    domain_of,
    normalize_email,
    normalize_phone,
    normalize_vat_id,
)
from salesdesk.org.models import User
from salesdesk.pipeline.models import Opportunity
from salesdesk.prospects.models import Prospect


def _check_owner(owner: User | None, *, acting: User, errors: dict[str, list[str]]) -> None:
    if owner is None or not owner.is_active:
        errors.setdefault("owner", []).append(_("Choose an active person as owner."))
    elif not visible_to(acting, User).filter(pk=owner.pk).exists():
        errors.setdefault("owner", []).append(_("You cannot give records to that person."))


def _fill_derived(account: Account) -> None:
    account.vat_id_normalized = normalize_vat_id(account.vat_id)
    account.domain = domain_of(account.website)
    account.country = account.country.upper()


@transaction.atomic
def account_create(*, created_by: User, name: str, owner: User | None = None, **fields: Any) -> Account:
    """Create an account owned by `owner` (the creator by default)."""
    segments = fields.pop("segments", None)
    account = Account(name=name.strip(), owner=owner or created_by, **fields)
    errors: dict[str, list[str]] = {}
    if not account.name:
        errors.setdefault("name", []).append(_("Give the account a name."))
    _check_owner(account.owner, acting=created_by, errors=errors)
    if account.parent_id and not visible_to(created_by, Account).filter(pk=account.parent_id).exists():
        errors.setdefault("parent", []).append(_("Choose a parent company you can see."))
    if errors:
        raise ValidationError(errors)
    _fill_derived(account)
    account.full_clean(exclude=["owner", "parent", "territory"])
    account._history_user = created_by  # type: ignore[attr-defined]
    account.save()
    if segments:
        account.segments.set(segments)
    return account


@transaction.atomic
def contact_create(
    *,
    created_by: User,
    owner: User | None = None,
    first_name: str = "",
    last_name: str = "",
    full_name: str = "",
    account: Account | None = None,
    emails: list[str] | None = None,
    phones: list[str] | None = None,
    **fields: Any,
) -> Contact:
    """Create a contact with its e-mail addresses and phone numbers (the first of each is primary)."""
    name = full_name.strip() or display_name(first_name, last_name)
    contact = Contact(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        full_name=name,
        account=account,
        owner=owner or (account.owner if account else created_by),
        **fields,
    )
    errors: dict[str, list[str]] = {}
    if not name:
        errors.setdefault("full_name", []).append(_("Give the contact a name."))
    _check_owner(contact.owner, acting=created_by, errors=errors)
    if account is not None and not visible_to(created_by, Account).filter(pk=account.pk).exists():
        errors.setdefault("account", []).append(_("Choose an account you can see."))
    points = []
    for position, value in enumerate(emails or []):
        try:
            points.append(_point(ContactPointKind.EMAIL, value, primary=position == 0))
        except ValueError as exc:
            errors.setdefault("emails", []).append(str(exc))
    for position, value in enumerate(phones or []):
        try:
            points.append(
                _point(ContactPointKind.PHONE, value, primary=position == 0, country=contact.country)
            )
        except ValueError as exc:
            errors.setdefault("phones", []).append(str(exc))
    if errors:
        raise ValidationError(errors)
    contact.country = contact.country.upper()
    contact._history_user = created_by  # type: ignore[attr-defined]
    contact.save()
    for point in points:
        point.contact = contact
    ContactPoint.objects.bulk_create(points)
    return contact


def _point(kind: str, value: str, *, primary: bool, country: str = "", label: str = "") -> ContactPoint:
    if kind == ContactPointKind.EMAIL:
        normalized = normalize_email(value)
    elif kind == ContactPointKind.PHONE:
        normalized = normalize_phone(value, country=country)
    else:
        normalized = " ".join(value.lower().split())
    default_label = (
        ContactPointLabel.MOBILE if kind == ContactPointKind.PHONE and not label else ContactPointLabel.WORK
    )
    return ContactPoint(
        kind=kind,
        value=value.strip(),
        normalized=normalized,
        is_primary=primary,
        label=label or default_label,
    )


@transaction.atomic
def contact_point_add(
    *,
    added_by: User,
    kind: str,
    value: str,
    account: Account | None = None,
    contact: Contact | None = None,
    label: str = "",
    is_primary: bool = False,
    **address: str,
) -> ContactPoint:
    """Add an e-mail, phone or postal address to exactly one account or contact."""
    if (account is None) == (contact is None):
        raise ValidationError(_("A contact detail belongs to one account or one contact."))
    if kind not in ContactPointKind.values:
        raise ValidationError({"kind": _("Choose e-mail, phone or postal address.")})
    country = address.get("country", "") or (
        contact.country if contact else account.country if account else ""
    )
    try:
        point = _point(kind, value, primary=is_primary, country=country, label=label)
    except ValueError as exc:
        raise ValidationError({"value": str(exc)}) from exc
    point.account, point.contact = account, contact
    for field, text in address.items():
        setattr(point, field, text)
    if is_primary:
        ContactPoint.objects.filter(account=account, contact=contact, kind=kind).update(is_primary=False)
    point.save()
    return point


@transaction.atomic
def contact_point_set_status(
    *,
    contact_point: ContactPoint,
    status: str,
    reason: str = "",
    changed_by: User | None = None,
    at: Any = None,
) -> ContactPoint:
    """Record the health of an e-mail, phone or address (bounced, disconnected, fixed as valid...)."""
    if status not in HygieneStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    contact_point.status = status
    contact_point.status_reason = reason[:500]
    contact_point.status_changed_at = at or timezone.now()
    contact_point.status_changed_by = changed_by
    contact_point.save(
        update_fields=["status", "status_reason", "status_changed_at", "status_changed_by", "updated_at"]
    )
    return contact_point


def customer_since_default() -> date:
    return timezone.localdate()


# --- Activities -------------------------------------------------------------------------------------

# Call outcomes that tell us something about the number or address that was used.
_OUTCOME_STATUS = {
    CallOutcome.NOT_IN_SERVICE: (HygieneStatus.DISCONNECTED, (ContactPointKind.PHONE,)),
    CallOutcome.WRONG_NUMBER: (HygieneStatus.DISCONNECTED, (ContactPointKind.PHONE,)),
    CallOutcome.MAIL_RETURNED: (
        HygieneStatus.UNDELIVERABLE,
        (ContactPointKind.POSTAL, ContactPointKind.EMAIL),
    ),
}


def _as_datetime(value: date | datetime) -> datetime:
    """A planned day becomes nine in the morning of that day, in the current time zone."""
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime.combine(value, time(9, 0)))


def _check_activity(activity: Activity, *, acting: User, errors: dict[str, list[str]]) -> None:
    if activity.kind not in ActivityKind.values:
        errors.setdefault("kind", []).append(_("Choose what kind of activity it was."))
    if not activity.subject:
        errors.setdefault("subject", []).append(_("Give the activity a subject."))
    if activity.outcome and activity.outcome not in CallOutcome.values:
        errors.setdefault("outcome", []).append(_("Choose one of the outcomes."))
    related = {
        "account": (activity.account_id, Account),
        "contact": (activity.contact_id, Contact),
        "prospect": (activity.prospect_id, Prospect),
        "opportunity": (activity.opportunity_id, Opportunity),
    }
    if not any(pk for pk, _model in related.values()):
        errors.setdefault("account", []).append(
            _("Log the activity against an account, a contact, a prospect or an opportunity.")
        )
    for field, (pk, model) in related.items():
        if pk and not visible_to(acting, model).filter(pk=pk).exists():
            errors.setdefault(field, []).append(_("Choose a record you can see."))
    _check_contact_point(activity, acting=acting, errors=errors)


def _check_contact_point(activity: Activity, *, acting: User, errors: dict[str, list[str]]) -> None:
    point = activity.contact_point
    if point is None:
        return
    if not visible_to(acting, ContactPoint).filter(pk=point.pk).exists():
        errors.setdefault("contact_point", []).append(_("Choose a number or address you can see."))
        return
    expected = (
        _OUTCOME_STATUS.get(CallOutcome(activity.outcome)) if activity.outcome in CallOutcome.values else None
    )
    if expected and point.kind not in expected[1]:
        errors.setdefault("contact_point", []).append(
            _("That outcome does not fit a %(kind)s.") % {"kind": point.get_kind_display()}
        )


def _apply_outcome(activity: Activity, *, acting: User) -> None:
    """Record what the outcome says about the number or address that was used (hygiene, A2)."""
    if activity.contact_point is None or activity.outcome not in CallOutcome.values:
        return
    outcome = CallOutcome(activity.outcome)
    if outcome not in _OUTCOME_STATUS:
        return
    contact_point_set_status(
        contact_point=activity.contact_point,
        status=_OUTCOME_STATUS[outcome][0],
        reason=str(outcome.label),
        changed_by=acting,
        at=activity.occurred_at,
    )


@transaction.atomic
def activity_log(
    *,
    logged_by: User,
    kind: str,
    subject: str,
    notes: str = "",
    occurred_at: datetime | None = None,
    outcome: str = "",
    account: Account | None = None,
    contact: Contact | None = None,
    prospect: Prospect | None = None,
    opportunity: Opportunity | None = None,
    contact_point: ContactPoint | None = None,
    duration_minutes: int | None = None,
    cadence: CadenceRule | None = None,
) -> Activity:
    """Record a done activity, owned by the person who logs it.

    A call outcome "number not in service" or "wrong number" marks the phone used as disconnected, and
    "mail came back" marks the address used undeliverable, in the same transaction.
    """
    activity = Activity(
        kind=kind,
        subject=(subject or "").strip(),
        notes=notes,
        status=ActivityStatus.DONE,
        occurred_at=_as_datetime(occurred_at) if occurred_at else timezone.now(),
        outcome=outcome or "",
        owner=logged_by,
        account=account,
        contact=contact,
        prospect=prospect,
        opportunity=opportunity,
        contact_point=contact_point,
        duration_minutes=duration_minutes,
        cadence=cadence,
    )
    errors: dict[str, list[str]] = {}
    _check_activity(activity, acting=logged_by, errors=errors)
    if errors:
        raise ValidationError(errors)
    activity.save()
    _apply_outcome(activity, acting=logged_by)
    return activity


@transaction.atomic
def activity_plan(
    *,
    planned_by: User,
    kind: str,
    subject: str,
    planned_for: date | datetime,
    owner: User | None = None,
    notes: str = "",
    account: Account | None = None,
    contact: Contact | None = None,
    prospect: Prospect | None = None,
    opportunity: Opportunity | None = None,
    cadence: CadenceRule | None = None,
) -> Activity:
    """Plan an activity for `owner` (the planner by default); it appears on the owner's worklist."""
    activity = Activity(
        kind=kind,
        subject=(subject or "").strip(),
        notes=notes,
        status=ActivityStatus.PLANNED,
        planned_for=_as_datetime(planned_for) if planned_for else None,
        owner=owner or planned_by,
        account=account,
        contact=contact,
        prospect=prospect,
        opportunity=opportunity,
        cadence=cadence,
    )
    errors: dict[str, list[str]] = {}
    if activity.planned_for is None:
        errors.setdefault("planned_for", []).append(_("Choose the day it is planned for."))
    _check_owner(activity.owner, acting=planned_by, errors=errors)
    _check_activity(activity, acting=planned_by, errors=errors)
    if errors:
        raise ValidationError(errors)
    activity.save()
    return activity


@transaction.atomic
def activity_complete(
    *, activity: Activity, completed_by: User, outcome: str = "", notes: str = ""
) -> Activity:
    """Mark a planned activity done now, with its outcome; the notes are added to the plan's notes."""
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if locked.status != ActivityStatus.PLANNED:
        raise ValidationError({"status": _("Only a planned activity can be completed.")})
    if outcome and outcome not in CallOutcome.values:
        raise ValidationError({"outcome": _("Choose one of the outcomes.")})
    activity.status = ActivityStatus.DONE
    activity.occurred_at = timezone.now()
    activity.outcome = outcome
    if notes.strip():
        activity.notes = f"{activity.notes}\n\n{notes.strip()}" if activity.notes else notes.strip()
    activity.save(update_fields=["status", "occurred_at", "outcome", "notes", "updated_at"])
    _apply_outcome(activity, acting=completed_by)
    return activity


# --- Editing accounts and contacts ------------------------------------------------------------------

_ACCOUNT_FIELDS = (
    "name",
    "legal_name",
    "vat_id",
    "tax_id",
    "industry",
    "size",
    "website",
    "country",
    "language",
    "owner",
    "territory",
    "segments",
    "parent",
    "status",
    "customer_since",
    "is_shared",
    "notes",
)
_CONTACT_FIELDS = (
    "account",
    "first_name",
    "last_name",
    "full_name",
    "salutation",
    "title",
    "language",
    "country",
    "birthday",
    "owner",
    "is_shared",
    "notes",
)


def _refuse_unknown(changes: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})


@transaction.atomic
def account_update(
    *, account: Account, changed_by: User, expected_version: int, reason: str = "", **changes: Any
) -> Account:
    """Change an account; refused (StaleRecordError) if someone saved it since `expected_version`."""
    _refuse_unknown(changes, _ACCOUNT_FIELDS)
    segments = changes.pop("segments", None)
    old_owner_id, old_parent_id = account.owner_id, account.parent_id
    for field, value in changes.items():
        setattr(account, field, value.strip() if isinstance(value, str) and field != "notes" else value)
    errors: dict[str, list[str]] = {}
    if not account.name:
        errors.setdefault("name", []).append(_("Give the account a name."))
    if account.owner_id != old_owner_id:
        _check_owner(account.owner, acting=changed_by, errors=errors)
    if account.parent_id and account.parent_id != old_parent_id:
        if not visible_to(changed_by, Account).filter(pk=account.parent_id).exists():
            errors.setdefault("parent", []).append(_("Choose a parent company you can see."))
        elif _is_descendant(account.parent_id, of=account.pk):
            errors.setdefault("parent", []).append(_("A company cannot be its own parent."))
    if errors:
        raise ValidationError(errors)
    _fill_derived(account)
    try:
        account.full_clean(exclude=["owner", "parent", "territory", "segments"], validate_unique=False)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    save_versioned(account, expected_version=expected_version, reason=reason, changed_by=changed_by)
    if segments is not None:
        account.segments.set(segments)
    return account


def _is_descendant(candidate_id: int, *, of: int) -> bool:
    """Whether `candidate_id` is `of` itself or one of its subsidiaries at any depth."""
    seen: set[int] = set()
    current: int | None = candidate_id
    while current is not None and current not in seen:
        if current == of:
            return True
        seen.add(current)
        current = Account.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return False


@transaction.atomic
def contact_update(
    *, contact: Contact, changed_by: User, expected_version: int, reason: str = "", **changes: Any
) -> Contact:
    """Change a contact; refused (StaleRecordError) if someone saved it since `expected_version`."""
    _refuse_unknown(changes, _CONTACT_FIELDS)
    old_owner_id, old_account_id = contact.owner_id, contact.account_id
    for field, value in changes.items():
        setattr(contact, field, value.strip() if isinstance(value, str) and field != "notes" else value)
    if not contact.full_name or ({"first_name", "last_name"} & set(changes) and "full_name" not in changes):
        contact.full_name = display_name(contact.first_name, contact.last_name) or contact.full_name
    contact.country = contact.country.upper()
    errors: dict[str, list[str]] = {}
    if not contact.full_name:
        errors.setdefault("full_name", []).append(_("Give the contact a name."))
    if contact.owner_id != old_owner_id:
        _check_owner(contact.owner, acting=changed_by, errors=errors)
    if (
        contact.account_id
        and contact.account_id != old_account_id
        and not visible_to(changed_by, Account).filter(pk=contact.account_id).exists()
    ):
        errors.setdefault("account", []).append(_("Choose an account you can see."))
    if errors:
        raise ValidationError(errors)
    save_versioned(contact, expected_version=expected_version, reason=reason, changed_by=changed_by)
    return contact


@transaction.atomic
def contact_point_remove(*, contact_point: ContactPoint, removed_by: User) -> None:
    """Delete an e-mail, phone or address; the removal is audited because the value is gone afterwards."""
    owner_record = contact_point.contact or contact_point.account
    audit_record(
        actor=removed_by,
        verb="contact_point.removed",
        target=owner_record,
        changes={"kind": contact_point.kind, "value": contact_point.value},
    )
    contact_point.delete()
