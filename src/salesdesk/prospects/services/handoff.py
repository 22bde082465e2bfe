"""The hand-off: tee-up to a rep, accept, send back, and the one-step conversion."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salesdesk.core.audit import audit_record
from salesdesk.core.notifications import notification_create
from salesdesk.core.scoping import visible_to
from salesdesk.core.versioning import save_versioned
from salesdesk.org.choices import Role
from salesdesk.org.models import User
from salesdesk.prospects.choices import ProspectStatus
from salesdesk.prospects.models import Prospect
from salesdesk.prospects.services._common import (
    TEE_UP_FROM,
    _add,
    _require_prospector,
    can_prospect,
)
from salesdesk.prospects.services.prospects import _check_open

# Hand-off -----------------------------------------------------------------------------------------------


def reps_for_tee_up(*, user: User) -> Any:
    """The active sales reps of the user's business unit, the people a prospect may be teed up for."""
    return (
        visible_to(user, User)
        .filter(is_active=True, business_unit_id=user.business_unit_id, role_grants__role=Role.SALES_REP)
        .distinct()
        .order_by("full_name", "username")
    )


def _notify(recipient: User, *, title: Promise, arguments: dict[str, Any], url: str) -> None:
    """Tell `recipient` in their own language, once the change is committed."""

    def send() -> None:
        with translation.override(recipient.language):
            notification_create(recipient=recipient, title=str(title) % arguments, url=url)

    transaction.on_commit(send)


@transaction.atomic
def prospect_tee_up(
    *, prospect: Prospect, teed_up_by: User, rep: User, note: str, expected_version: int | None = None
) -> Prospect:
    """Hand a qualified prospect to a rep of the unit with a note; the rep is notified."""
    _require_prospector(teed_up_by)
    errors: dict[str, list[str]] = {}
    if prospect.status not in TEE_UP_FROM:
        _add(errors, "status", _("Only a qualified prospect can be teed up."))
    if not note.strip():
        _add(errors, "note", _("Write a hand-off note for the rep."))
    if not reps_for_tee_up(user=teed_up_by).filter(pk=rep.pk).exists():
        _add(errors, "rep", _("Choose an active sales rep of your business unit."))
    if errors:
        raise ValidationError(errors)
    prospect.status = ProspectStatus.TEED_UP
    prospect.assigned_rep = rep
    prospect.teed_up_by = teed_up_by
    prospect.handoff_note = note.strip()
    prospect.sent_back_reason = ""
    if prospect.teed_up_at is None:
        prospect.teed_up_at = timezone.now()
    save_versioned(
        prospect,
        expected_version=prospect.version if expected_version is None else expected_version,
        reason=_("Teed up for %(rep)s") % {"rep": rep},
        changed_by=teed_up_by,
    )
    audit_record(actor=teed_up_by, verb="prospect.tee_up", target=prospect, changes={"rep": rep.pk})
    _notify(
        rep,
        title=gettext_lazy("%(person)s teed up a prospect for you: %(company)s"),
        arguments={"person": teed_up_by, "company": prospect.company_name},
        url=reverse("prospects:prospect-detail", args=[prospect.pk]),
    )
    return prospect


def _require_assigned_rep(prospect: Prospect, user: User) -> None:
    if prospect.assigned_rep_id != user.pk:
        raise PermissionDenied(_("Only the rep it was teed up for may do this."))


@transaction.atomic
def prospect_accept(
    *, prospect: Prospect, accepted_by: User, expected_version: int | None = None
) -> Prospect:
    """The rep takes on a prospect teed up for them."""
    _require_assigned_rep(prospect, accepted_by)
    if prospect.status != ProspectStatus.TEED_UP:
        raise ValidationError({"status": _("Only a prospect teed up for you can be accepted.")})
    prospect.status = ProspectStatus.ACCEPTED
    save_versioned(
        prospect,
        expected_version=prospect.version if expected_version is None else expected_version,
        reason=_("Accepted"),
        changed_by=accepted_by,
    )
    audit_record(actor=accepted_by, verb="prospect.accept", target=prospect)
    return prospect


@transaction.atomic
def prospect_send_back(
    *, prospect: Prospect, sent_back_by: User, reason: str, expected_version: int | None = None
) -> Prospect:
    """The rep hands the prospect back to its coordinator with a reason; it leaves the rep's list."""
    _require_assigned_rep(prospect, sent_back_by)
    errors: dict[str, list[str]] = {}
    if prospect.status not in {ProspectStatus.TEED_UP, ProspectStatus.ACCEPTED}:
        _add(errors, "status", _("Only a prospect teed up for you can be sent back."))
    if not reason.strip():
        _add(errors, "reason", _("Say why you send it back."))
    if errors:
        raise ValidationError(errors)
    prospect.status = ProspectStatus.SENT_BACK
    prospect.sent_back_reason = reason.strip()
    prospect.assigned_rep = None
    save_versioned(
        prospect,
        expected_version=prospect.version if expected_version is None else expected_version,
        reason=_("Sent back: %(reason)s") % {"reason": prospect.sent_back_reason},
        changed_by=sent_back_by,
    )
    audit_record(
        actor=sent_back_by, verb="prospect.send_back", target=prospect, reason=prospect.sent_back_reason
    )
    coordinator = prospect.teed_up_by or prospect.owner
    _notify(
        coordinator,
        title=gettext_lazy("%(person)s sent back %(company)s"),
        arguments={"person": sent_back_by, "company": prospect.company_name},
        url=reverse("prospects:prospect-detail", args=[prospect.pk]),
    )
    return prospect


# Conversion ---------------------------------------------------------------------------------------------

# The services of the customer base name their fields after their own records; a prospect's form
# names them after the prospect's.
_CONVERSION_FIELDS = {
    "emails": "email",
    "phones": "phone",
    "name": "company_name",
    "full_name": "contact_name",
    "website": "website",
    "country": "country",
}


def _website_url(website: str) -> str:
    website = website.strip()
    if website and "://" not in website:
        return f"https://{website}"
    return website


def can_convert(prospect: Prospect, user: User) -> bool:
    if prospect.status == ProspectStatus.ACCEPTED and prospect.assigned_rep_id == user.pk:
        return True
    return can_prospect(user) and prospect.status in {
        ProspectStatus.QUALIFIED,
        ProspectStatus.TEED_UP,
        ProspectStatus.ACCEPTED,
    }


@transaction.atomic
def prospect_convert(
    *,
    prospect: Prospect,
    converted_by: User,
    opportunity_name: str = "",
    amount: Decimal = Decimal(0),
    currency: str = "EUR",
    expected_close: date | None = None,
    expected_version: int | None = None,
) -> Prospect:
    """Turn the prospect into an account, a contact (with its e-mail and phone) and an opportunity.

    All three carry the person who teed the prospect up (A4) and are owned by the rep it was teed up for.
    Either everything is created and the prospect becomes converted, or, on any error, nothing is.
    """
    from salesdesk.customers.services import account_create, contact_create
    from salesdesk.pipeline.services import opportunity_create

    _check_open(prospect)
    if not can_convert(prospect, converted_by):
        if prospect.assigned_rep_id == converted_by.pk or can_prospect(converted_by):
            raise ValidationError({"status": _("Only an accepted prospect can be converted.")})
        raise PermissionDenied(_("Only the rep it was teed up for, or a coordinator, may convert it."))
    if not prospect.contact_name.strip():
        raise ValidationError({"contact_name": _("Give the contact person's name before converting.")})
    owner = prospect.assigned_rep or converted_by
    try:
        account = account_create(
            created_by=converted_by,
            name=prospect.company_name,
            owner=owner,
            website=_website_url(prospect.website),
            country=prospect.country,
            language=prospect.language,
            teed_up_by=prospect.teed_up_by,
            customer_since=timezone.localdate(),
        )
        contact = contact_create(
            created_by=converted_by,
            owner=owner,
            full_name=prospect.contact_name,
            account=account,
            emails=[prospect.email] if prospect.email else [],
            phones=[prospect.phone] if prospect.phone else [],
            title=prospect.contact_title,
            language=prospect.language,
            country=prospect.country,
            teed_up_by=prospect.teed_up_by,
        )
        opportunity = opportunity_create(
            created_by=converted_by,
            account=account,
            contact=contact,
            owner=owner,
            name=opportunity_name.strip() or prospect.company_name,
            amount=amount,
            currency=currency,
            expected_close=expected_close or timezone.localdate() + timedelta(days=90),
            source=prospect.source,
            teed_up_by=prospect.teed_up_by,
        )
    except ValidationError as exc:
        raise _as_prospect_errors(exc) from exc
    prospect.status = ProspectStatus.CONVERTED
    prospect.converted_at = timezone.now()
    prospect.converted_account = account
    prospect.converted_contact = contact
    prospect.converted_opportunity = opportunity
    save_versioned(
        prospect,
        expected_version=prospect.version if expected_version is None else expected_version,
        reason=_("Converted"),
        changed_by=converted_by,
    )
    audit_record(
        actor=converted_by,
        verb="prospect.convert",
        target=prospect,
        changes={"account": account.pk, "contact": contact.pk, "opportunity": opportunity.pk},
    )
    return prospect


def _as_prospect_errors(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    errors: dict[str, list[str]] = {}
    for field, messages in exc.message_dict.items():
        for message in messages:
            _add(errors, _CONVERSION_FIELDS.get(field, NON_FIELD_ERRORS), message)
    return ValidationError(errors)
