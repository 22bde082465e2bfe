"""Writes to accounts, contacts and their contact details. One transaction each, validated first."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.core.scoping import visible_to
from salesdesk.customers.choices import ContactPointKind, ContactPointLabel, HygieneStatus
from salesdesk.customers.models import Account, Contact, ContactPoint
from salesdesk.customers.normalize import (
    display_name,
    domain_of,
    normalize_email,
    normalize_phone,
    normalize_vat_id,
)
from salesdesk.org.models import User


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
