"""E-mailing the compiled report with its PDF attached, to each recipient in their own language and as
they may read it. A scheduled sending happens once per month, scope and recipient: the ReportDelivery
row is written in the same transaction as the mail is sent, so a rerun skips who has it and a refused
mail is tried again next time."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from salesdesk.core.mail import render_user_mail
from salesdesk.core.periods import previous_month
from salesdesk.org.models import BusinessUnit, Team, User
from salesdesk.reports import scopes
from salesdesk.reports.choices import DeliveryTrigger
from salesdesk.reports.compiler import compile_monthly_report
from salesdesk.reports.deadlines import report_day
from salesdesk.reports.exports import file_name, monthly_pdf, report_context
from salesdesk.reports.models import ReportDelivery

logger = logging.getLogger(__name__)

MAIL_NAME = "reports_monthly"


@dataclass
class DeliveryRun:
    sent: int = 0
    skipped: int = 0  # already had it, may not read it, or no e-mail address
    failed: list[int] = field(default_factory=list)  # recipient ids


def _page_url(scope: scopes.ReportScope, month: date) -> str:
    team = scope.pk if scope.kind == "team" else ""
    return f"{settings.SITE_URL}{reverse('reports:monthly')}?month={month:%Y-%m}&team={team}"


def _claim(
    scope: scopes.ReportScope,
    month: date,
    recipient: User,
    trigger: str,
    requested_by: User | None,
    language: str,
) -> ReportDelivery | None:
    """The delivery row to send under, or None when the scheduled one exists (or is being sent)."""
    fields = {"month": month, "scope_kind": scope.kind, "scope_id": scope.pk, "recipient": recipient}
    if trigger != DeliveryTrigger.SCHEDULED:
        return ReportDelivery.objects.create(
            **fields, trigger=trigger, requested_by=requested_by, language=language
        )
    try:
        with transaction.atomic():
            delivery, created = ReportDelivery.objects.get_or_create(
                **fields, trigger=DeliveryTrigger.SCHEDULED, defaults={"language": language}
            )
    except IntegrityError:  # another run is sending it right now
        return None
    return delivery if created else None


def report_deliver(
    *,
    scope: scopes.ReportScope,
    month: date,
    recipient: User,
    trigger: str,
    today: date,
    requested_by: User | None = None,
) -> bool:
    """Send `recipient` the report of `scope` for `month`; False when nothing was sent (they have the
    scheduled one already, may not read it or have no address)."""
    if not recipient.email or not scopes.may_read(recipient, scope):
        return False
    language = recipient.language or settings.LANGUAGE_CODE
    with transaction.atomic():
        delivery = _claim(scope, month, recipient, trigger, requested_by, language)
        if delivery is None:
            return False
        with translation.override(language), timezone.override(recipient.time_zone or settings.TIME_ZONE):
            report = compile_monthly_report(user=recipient, scope=scope, month=month, today=today)
            pdf = monthly_pdf(report)
            name = file_name(report, "pdf")
            context = {**report_context(report), "page_url": _page_url(scope, month), "delivery": delivery}
        message = render_user_mail(user=recipient, name=MAIL_NAME, context=context)
        message.attach(name, pdf, "application/pdf")
        # Raises when the mail server refuses, which undoes the row: the next run tries again.
        message.send()
    return True


def report_deliver_all(
    *,
    scope: scopes.ReportScope,
    month: date,
    trigger: str,
    today: date,
    requested_by: User | None = None,
) -> DeliveryRun:
    """Send the report of `scope` to each of its recipients; one refused address keeps no one else's
    back."""
    run = DeliveryRun()
    people = list(scopes.recipients(scope))
    if requested_by is not None and requested_by.pk not in {person.pk for person in people}:
        people.append(requested_by)  # who pressed "send now" gets it too
    for person in people:
        try:
            sent = report_deliver(
                scope=scope,
                month=month,
                recipient=person,
                trigger=trigger,
                today=today,
                requested_by=requested_by,
            )
        except Exception:
            logger.exception("monthly report not sent", extra={"user": person.pk, "scope": scope.key})
            run.failed.append(person.pk)
            continue
        if sent:
            run.sent += 1
        else:
            run.skipped += 1
    return run


def scheduled_scopes() -> list[scopes.ReportScope]:
    """Every team's report and every business unit's report."""
    teams = [scopes.of_team(team) for team in Team.objects.order_by("pk")]
    units = [scopes.of_unit(unit) for unit in BusinessUnit.objects.order_by("pk")]
    return [*teams, *units]


def month_due(today: date) -> date | None:
    """The month whose report goes out on `today`: last month's, from its report day to the end of this
    month (so a day the job did not run is caught up next time)."""
    month = previous_month(today)
    return month if today >= report_day(month) else None


def scheduled_reports_send(*, today: date) -> DeliveryRun:
    total = DeliveryRun()
    month = month_due(today)
    if month is None:
        return total
    for scope in scheduled_scopes():
        run = report_deliver_all(scope=scope, month=month, trigger=DeliveryTrigger.SCHEDULED, today=today)
        total.sent += run.sent
        total.skipped += run.skipped
        total.failed.extend(run.failed)
    return total
