"""Data hygiene: the health of e-mail addresses, phone numbers and postal addresses.

Services mark contact points (bounced, undeliverable, disconnected, valid) and fix them; selectors give
the hygiene queue. Every status change goes through `services.contact_point_set_status`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salesdesk.core.audit import audit_record
from salesdesk.core.scoping import visible_to
from salesdesk.customers.choices import BROKEN_STATUSES, ContactPointKind, HygieneStatus
from salesdesk.customers.models import ContactPoint
from salesdesk.customers.normalize import normalize_email, normalize_phone
from salesdesk.customers.services import contact_point_set_status
from salesdesk.org.choices import Role
from salesdesk.org.models import User

HYGIENE_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})

# Marking by hand: what a person says happened → the status it means.
MANUAL_MARKS: dict[str, tuple[str, Any]] = {
    "mail_returned": (HygieneStatus.UNDELIVERABLE, gettext_lazy("Mail came back")),
    "not_in_service": (HygieneStatus.DISCONNECTED, gettext_lazy("Number not in service")),
    "bounced": (HygieneStatus.BOUNCED, gettext_lazy("Bounced")),
    "valid": (HygieneStatus.VALID, gettext_lazy("Marked as valid")),
}
# Which marks make sense for which kind of contact point.
MARKS_BY_KIND: dict[str, tuple[str, ...]] = {
    ContactPointKind.EMAIL: ("bounced", "valid"),
    ContactPointKind.PHONE: ("not_in_service", "valid"),
    ContactPointKind.POSTAL: ("mail_returned", "valid"),
}


def can_review_hygiene(user: Any) -> bool:
    return bool(getattr(user, "roles", frozenset()) & HYGIENE_ROLES) and bool(
        getattr(user, "is_active", False)
    )


# --- selectors -------------------------------------------------------------------------------------


def hygiene_queue(*, user: User) -> QuerySet[ContactPoint]:
    """Broken contact points the person may see, with their owner record, by kind then oldest first."""
    if not can_review_hygiene(user):
        return ContactPoint.objects.none()
    return (
        visible_to(user, ContactPoint)
        .filter(status__in=BROKEN_STATUSES)
        .select_related("account", "contact", "contact__account", "status_changed_by")
        .order_by("kind", "status_changed_at", "pk")
    )


def contact_point_get(*, user: User, pk: int) -> ContactPoint:
    from salesdesk.core.scoping import get_visible_or_404

    return get_visible_or_404(user, ContactPoint.objects.select_related("account", "contact"), pk=pk)


# --- services --------------------------------------------------------------------------------------


@dataclass(slots=True)
class BounceOutcome:
    email: str
    reason: str
    marked: list[ContactPoint] = field(default_factory=list)  # changed now
    already: int = 0  # bounced before: nothing to do


@transaction.atomic
def email_mark_bounced(
    *, email: str, reason: str, changed_by: User | None, at: datetime | None = None
) -> BounceOutcome:
    """Mark every e-mail contact point with this normalized address bounced. Idempotent: points that are
    bounced already keep their first reason and date."""
    outcome = BounceOutcome(email=email, reason=reason)
    points = (
        ContactPoint.objects.select_for_update()
        .filter(kind=ContactPointKind.EMAIL, normalized=email)
        .order_by("pk")
    )
    for point in points:
        if point.status == HygieneStatus.BOUNCED:
            outcome.already += 1
            continue
        contact_point_set_status(
            contact_point=point, status=HygieneStatus.BOUNCED, reason=reason, changed_by=changed_by, at=at
        )
        outcome.marked.append(point)
    return outcome


@transaction.atomic
def contact_point_mark(*, contact_point: ContactPoint, mark: str, changed_by: User) -> ContactPoint:
    """Record by hand what happened to a contact point ("mail came back", "number not in service"...)."""
    if mark not in MARKS_BY_KIND.get(contact_point.kind, ()):
        raise ValidationError({"mark": _("This mark does not fit this kind of contact detail.")})
    status, label = MANUAL_MARKS[mark]
    return contact_point_set_status(
        contact_point=contact_point, status=status, reason=str(label), changed_by=changed_by
    )


def _normalized_value(point: ContactPoint, value: str) -> str:
    if point.kind == ContactPointKind.EMAIL:
        return normalize_email(value)
    if point.kind == ContactPointKind.PHONE:
        owner = point.contact or point.account
        country = point.country or (getattr(owner, "country", "") or "")
        return normalize_phone(value, country=country)
    return " ".join(value.lower().split())


@transaction.atomic
def contact_point_fix(*, contact_point: ContactPoint, value: str, fixed_by: User) -> ContactPoint:
    """Replace a broken e-mail, phone or address with the corrected one: normalized, valid, reason
    "fixed", who and when recorded, and an audit event with the old and the new value."""
    text = value.strip()
    if not text:
        raise ValidationError({"value": _("Enter the corrected value.")})
    try:
        normalized = _normalized_value(contact_point, text)
    except ValueError as exc:
        raise ValidationError({"value": str(exc)}) from exc
    old = {"value": contact_point.value, "status": contact_point.status}
    contact_point.value = text
    contact_point.normalized = normalized
    contact_point.save(update_fields=["value", "normalized", "updated_at"])
    contact_point_set_status(
        contact_point=contact_point, status=HygieneStatus.VALID, reason=_("fixed"), changed_by=fixed_by
    )
    audit_record(
        actor=fixed_by,
        verb="contact_point.fixed",
        target=contact_point,
        changes={"value": [old["value"], text], "status": [old["status"], HygieneStatus.VALID.value]},
    )
    return contact_point


# --- tracking webhook ------------------------------------------------------------------------------

_BOUNCE_EVENTS = {"bounce", "dropped"}
_KNOWN_EVENTS = _BOUNCE_EVENTS | {"complaint", "delivered"}


@dataclass(slots=True)
class EmailEventsResult:
    received: int = 0
    marked: int = 0
    unchanged: int = 0
    ignored: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "received": self.received,
            "marked": self.marked,
            "unchanged": self.unchanged,
            "ignored": self.ignored,
        }


def _event_time(value: Any) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=UTC)
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)
    return None


def email_events_apply(*, events: list[Any]) -> EmailEventsResult:
    """Apply an ESP's tracking events: bounce and dropped mark the address bounced; delivered confirms an
    unverified address. A replayed event finds the status set already and changes nothing."""
    result = EmailEventsResult()
    for event in events:
        result.received += 1
        if not isinstance(event, dict) or event.get("event") not in _KNOWN_EVENTS:
            result.ignored += 1
            continue
        try:
            address = normalize_email(str(event.get("email", "")))
        except ValueError:
            result.ignored += 1
            continue
        at = _event_time(event.get("timestamp"))
        kind = event["event"]
        if kind in _BOUNCE_EVENTS:
            reason = str(event.get("reason") or kind)[:500]
            outcome = email_mark_bounced(email=address, reason=reason, changed_by=None, at=at)
            result.marked += len(outcome.marked)
            result.unchanged += outcome.already
        elif kind == "delivered":
            confirmed = _email_confirm_delivered(email=address, at=at)
            result.marked += confirmed
            result.unchanged += 0 if confirmed else 1
        else:
            result.ignored += 1  # complaints say nothing about whether the address works
    return result


@transaction.atomic
def _email_confirm_delivered(*, email: str, at: datetime | None) -> int:
    points = ContactPoint.objects.select_for_update().filter(
        kind=ContactPointKind.EMAIL, normalized=email, status=HygieneStatus.UNVERIFIED
    )
    count = 0
    for point in points:
        contact_point_set_status(
            contact_point=point, status=HygieneStatus.VALID, reason=_("delivered"), changed_by=None, at=at
        )
        count += 1
    return count
