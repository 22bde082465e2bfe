"""Background work for contracts: the expiry digest at each month's (and quarter's) start, the renewal
opportunities and the escalation of overdue promises every morning. All run as tracked jobs, whose
bodies are idempotent."""

from __future__ import annotations

from datetime import date
from typing import Any

from crontask import cron
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.contracts.digest import digest_periods_due, expiry_digests_send, period_key
from salesdesk.contracts.escalation import escalate_overdue
from salesdesk.contracts.renewals import renewals_open
from salesdesk.core.jobs import JobProgress, job_enqueue, job_task
from salesdesk.core.models import JobRun
from salesdesk.core.periods import PeriodKind, company_calendar
from salesdesk.org.models import User


class DigestsNotSentError(RuntimeError):
    """Some digests could not be sent; raised so the job is retried (the sent ones are skipped)."""


@job_task()
def send_expiry_digests(
    progress: JobProgress, day: str, kind: str | None = None, start: str | None = None
) -> dict[str, Any]:
    """Send the digests due on `day`, or those of one period (`kind` and a day in it, `start`)."""
    today = date.fromisoformat(day)
    calendar = company_calendar()
    if kind and start:
        periods = [calendar.period(date.fromisoformat(start), PeriodKind(kind))]
    else:
        periods = digest_periods_due(today, calendar=calendar)
    progress.set_total(len(periods))
    result: dict[str, Any] = {}
    failed: list[int] = []
    for period in periods:
        run = expiry_digests_send(period=period, today=today)
        result[period_key(period)] = {
            "sent": run.sent,
            "already_sent": run.already_sent,
            "without_email": run.without_email,
            "failed": len(run.failed),
        }
        failed.extend(run.failed)
        progress.advance()
    if failed:
        raise DigestsNotSentError(f"expiry digests not sent to users {sorted(set(failed))}")
    return result


def expiry_digests_start(
    *, day: date, requested_by: User | None = None, kind: str | None = None, start: date | None = None
) -> JobRun:
    return job_enqueue(
        job=send_expiry_digests,
        kind="contracts.expiry_digests",
        label=_("Send the expiry digests"),
        requested_by=requested_by,
        args=(day.isoformat(),),
        kwargs={"kind": kind, "start": start.isoformat() if start else None},
    )


@cron("0 6 1 * *")
@task()
def send_expiry_digests_monthly() -> str:
    return str(expiry_digests_start(day=timezone.localdate()).pk)


@job_task()
def open_renewal_opportunities(progress: JobProgress, day: str) -> dict[str, Any]:
    run = renewals_open(today=date.fromisoformat(day))
    progress.set_total(run.opened + len(run.skipped))
    progress.advance(run.opened + len(run.skipped))
    return {"opened": run.opened, "skipped": [{"contract": pk, "error": why} for pk, why in run.skipped]}


def renewals_open_start(*, day: date, requested_by: User | None = None) -> JobRun:
    return job_enqueue(
        job=open_renewal_opportunities,
        kind="contracts.renewals",
        label=_("Open renewal opportunities"),
        requested_by=requested_by,
        args=(day.isoformat(),),
    )


@cron("15 6 * * *")
@task()
def open_renewal_opportunities_daily() -> str:
    return str(renewals_open_start(day=timezone.localdate()).pk)


@job_task()
def escalate_overdue_promises(progress: JobProgress, day: str) -> dict[str, Any]:
    run = escalate_overdue(today=date.fromisoformat(day))
    progress.set_total(run.escalated)
    progress.advance(run.escalated)
    return {"escalated": run.escalated, "coordinators_notified": run.notified}


@cron("30 6 * * *")
@task()
def escalate_overdue_promises_daily() -> str:
    run = job_enqueue(
        job=escalate_overdue_promises,
        kind="contracts.escalation",
        label=_("Escalate overdue promises"),
        args=(timezone.localdate().isoformat(),),
    )
    return str(run.pk)
