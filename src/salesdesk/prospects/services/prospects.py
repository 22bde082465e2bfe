"""Recording prospects and the calls made to them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.core.scoping import visible_to
from salesdesk.core.versioning import save_versioned
from salesdesk.org.models import User
from salesdesk.prospects.choices import ProspectSource, ProspectStatus
from salesdesk.prospects.models import Prospect, Questionnaire
from salesdesk.prospects.services._common import (
    PROSPECT_FIELDS,
    _add,
    _require_prospector,
)

# Prospects ----------------------------------------------------------------------------------------------


def _validate_prospect(prospect: Prospect, *, acting: User) -> None:
    from salesdesk.customers.normalize import normalize_email, normalize_phone

    errors: dict[str, list[str]] = {}
    if not prospect.company_name.strip():
        _add(errors, "company_name", _("Give the company's name."))
    if prospect.source not in ProspectSource.values:
        _add(errors, "source", _("Choose where the prospect came from."))
    if prospect.email:
        try:
            normalize_email(prospect.email)
        except ValueError as exc:
            _add(errors, "email", str(exc))
    if prospect.phone:
        try:
            normalize_phone(prospect.phone, country=prospect.country)
        except ValueError as exc:
            _add(errors, "phone", str(exc))
    if prospect.country and (len(prospect.country) != 2 or not prospect.country.isalpha()):
        _add(errors, "country", _("Use the two-letter country code, e.g. DE."))
    if (
        prospect.questionnaire_id
        and not visible_to(acting, Questionnaire).filter(pk=prospect.questionnaire_id).exists()
    ):
        _add(errors, "questionnaire", _("Choose a questionnaire of your business unit."))
    if errors:
        raise ValidationError(errors)


def _clean_text(field: str, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if field == "country":
            value = value.upper()
    return value


@transaction.atomic
def prospect_create(
    *, created_by: User, company_name: str, source: str, owner: User | None = None, **fields: Any
) -> Prospect:
    """Record a new prospect, researched by `owner` (the creator by default); status new."""
    _require_prospector(created_by)
    unknown = set(fields) - set(PROSPECT_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be set.") for field in sorted(unknown)})
    prospect = Prospect(
        company_name=company_name.strip(),
        source=source,
        owner=owner or created_by,
        **{field: _clean_text(field, value) for field, value in fields.items()},
    )
    if owner is not None and not visible_to(created_by, User).filter(pk=owner.pk, is_active=True).exists():
        raise ValidationError({"owner": _("Choose an active person of your business unit.")})
    _validate_prospect(prospect, acting=created_by)
    prospect._history_user = created_by  # type: ignore[attr-defined]
    prospect._change_reason = _("Created")  # type: ignore[attr-defined]
    prospect.save()
    return prospect


def _check_open(prospect: Prospect) -> None:
    if prospect.status == ProspectStatus.CONVERTED:
        raise ValidationError({"status": _("This prospect is a customer now; change the account instead.")})


@transaction.atomic
def prospect_update(
    *, prospect: Prospect, changed_by: User, expected_version: int, reason: str = "", **changes: Any
) -> Prospect:
    """Change what we know about a prospect; refused if someone saved it since `expected_version`."""
    unknown = set(changes) - set(PROSPECT_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})
    _check_open(prospect)
    for field, value in changes.items():
        setattr(prospect, field, _clean_text(field, value))
    _validate_prospect(prospect, acting=changed_by)
    save_versioned(prospect, expected_version=expected_version, reason=reason, changed_by=changed_by)
    return prospect


@transaction.atomic
def prospect_log_attempt(
    *,
    prospect: Prospect,
    logged_by: User,
    reached: bool,
    notes: str = "",
    outcome: str = "",
    occurred_at: datetime | None = None,
) -> Prospect:
    """Record a call to the prospect as an activity; the first attempt and first reach are timestamped."""
    from salesdesk.customers.choices import ActivityKind, CallOutcome
    from salesdesk.customers.services import activity_log

    _check_open(prospect)
    when = occurred_at or timezone.now()
    outcome = CallOutcome.REACHED if reached else (outcome or CallOutcome.NO_ANSWER)
    if outcome not in CallOutcome.values:
        raise ValidationError({"outcome": _("Choose how the call went.")})
    if not reached and outcome == CallOutcome.REACHED:
        reached = True
    activity_log(
        logged_by=logged_by,
        kind=ActivityKind.CALL,
        subject=(_("Reached %(company)s") if reached else _("Tried to reach %(company)s"))
        % {"company": prospect.company_name},
        notes=notes,
        occurred_at=when,
        outcome=outcome,
        prospect=prospect,
    )
    if prospect.attempted_at is None:
        prospect.attempted_at = when
    if reached and prospect.reached_at is None:
        prospect.reached_at = when
    if prospect.status == ProspectStatus.NEW:
        prospect.status = ProspectStatus.ATTEMPTED
    if reached and prospect.status == ProspectStatus.ATTEMPTED:
        prospect.status = ProspectStatus.REACHED
    save_versioned(
        prospect,
        expected_version=prospect.version,
        reason=_("Reached") if reached else _("Call attempt"),
        changed_by=logged_by,
    )
    return prospect
