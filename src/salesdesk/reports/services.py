"""Writes of K1: a rep hands in (or corrects) their numbers for a month."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.core.versioning import StaleRecordError, save_versioned
from salesdesk.org.models import User
from salesdesk.reports.choices import REPORT_METRICS, WHOLE_NUMBER_METRICS
from salesdesk.reports.figures import shown_precision, system_figures
from salesdesk.reports.models import MonthlySubmission

COMMENT_MAX = 4000
# Far above any real month, far below what the database column and a spreadsheet hold.
LARGEST_FIGURE = Decimal("1e12")


def _checked_figures(figures: Mapping[str, object], errors: dict[str, list[str]]) -> dict[str, str]:
    checked: dict[str, str] = {}
    for metric in REPORT_METRICS:
        raw = figures.get(metric)
        if raw is None or raw == "":
            errors.setdefault(metric, []).append(_("Give a figure, 0 if there was none."))
            continue
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            errors.setdefault(metric, []).append(_("Give a number."))
            continue
        if not value.is_finite() or value < 0 or value >= LARGEST_FIGURE:
            errors.setdefault(metric, []).append(_("Give a figure of 0 or more."))
        elif metric in WHOLE_NUMBER_METRICS and value != value.to_integral_value():
            errors.setdefault(metric, []).append(_("Give a whole number."))
        else:
            checked[str(metric)] = str(shown_precision(metric, value))
    unknown = sorted(set(figures) - {str(metric) for metric in REPORT_METRICS})
    if unknown:
        errors.setdefault("figures", []).append(
            _("Unknown figures: %(names)s.") % {"names": ", ".join(unknown)}
        )
    return checked


@transaction.atomic
def submission_save(
    *,
    person: User,
    month: date,
    figures: Mapping[str, object],
    comment: str,
    submitted_by: User,
    expected_version: int | None,
    today: date | None = None,
) -> MonthlySubmission:
    """Record `person`'s numbers for `month` with their comment, beside the system's figures of the
    moment. Only the rep hands in their own numbers. A second hand-in is a new version (the old one stays
    in the history); a stale one (someone saved in between) raises StaleRecordError. Nothing is saved
    unless every field is valid."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if submitted_by.pk != person.pk:
        errors.setdefault("person", []).append(_("Only the rep hands in their own numbers."))
    if month.day != 1:
        errors.setdefault("month", []).append(_("Give the month's first day."))
    elif month > today:
        errors.setdefault("month", []).append(_("This month has not begun yet."))
    checked = _checked_figures(figures, errors)
    comment = (comment or "").strip()
    if not comment:
        errors.setdefault("comment", []).append(_("Write a comment on the month."))
    elif len(comment) > COMMENT_MAX:
        errors.setdefault("comment", []).append(
            _("Keep the comment under %(count)s characters.") % {"count": COMMENT_MAX}
        )
    if errors:
        raise ValidationError(errors)
    system = {
        metric: str(value) for metric, value in system_figures(person_id=person.pk, month=month).items()
    }
    now = timezone.now()
    existing = MonthlySubmission.objects.select_for_update().filter(person=person, month=month).first()
    if existing is None:
        if expected_version:
            raise StaleRecordError(
                MonthlySubmission(person=person, month=month), expected=expected_version, current=0
            )
        submission = MonthlySubmission(
            person=person,
            month=month,
            figures=checked,
            system_figures=system,
            comment=comment,
            submitted_at=now,
            submitted_by=submitted_by,
        )
        submission._history_user = submitted_by  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                submission.save()
        except IntegrityError:  # handed in at the same moment from another tab
            current = MonthlySubmission.objects.get(person=person, month=month)
            raise StaleRecordError(current, expected=0, current=current.version) from None
        return submission
    existing.figures = checked
    existing.system_figures = system
    existing.comment = comment
    existing.submitted_at = now
    existing.submitted_by = submitted_by
    save_versioned(
        existing,
        expected_version=expected_version if expected_version is not None else 0,
        changed_by=submitted_by,
        reason=_("Numbers handed in again"),
    )
    return existing
