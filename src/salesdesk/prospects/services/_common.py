"""Roles, statuses and small helpers the prospect services share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from salesdesk.org.choices import Role
from salesdesk.org.models import User
from salesdesk.prospects.choices import ProspectStatus

# Who researches prospects, defines questionnaires and tees prospects up.
PROSPECTING_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})
PROSPECT_FIELDS = (
    "company_name",
    "contact_name",
    "contact_title",
    "email",
    "phone",
    "website",
    "country",
    "language",
    "source",
    "notes",
    "questionnaire",
)
QUESTIONNAIRE_FIELDS = ("name", "qualifying_score", "is_active")
QUESTION_FIELDS = ("text", "kind", "choices", "required", "weight", "scoring_answer", "position")
# Statuses in which the questionnaire may still be answered (before a rep has it).
ANSWERABLE = frozenset(
    {
        ProspectStatus.NEW,
        ProspectStatus.ATTEMPTED,
        ProspectStatus.REACHED,
        ProspectStatus.QUALIFIED,
        ProspectStatus.SENT_BACK,
    }
)
TEE_UP_FROM = frozenset({ProspectStatus.QUALIFIED, ProspectStatus.SENT_BACK})
YES, NO = "yes", "no"


def can_prospect(user: User) -> bool:
    return bool(user.roles & PROSPECTING_ROLES)


def _require_prospector(user: User) -> None:
    if not can_prospect(user):
        raise PermissionDenied(_("Only sales coordinators and administrators may do this."))


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)
