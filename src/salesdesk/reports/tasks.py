"""Scheduled work of K1: reminders every working morning and the monthly report on its day, plus the
"send now" job. All run as tracked jobs with idempotent bodies (each sending is recorded)."""

from __future__ import annotations

from datetime import date
from typing import Any

from crontask import cron
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.core.jobs import JobProgress, job_enqueue, job_task
from salesdesk.core.models import JobRun
from salesdesk.org.models import User
from salesdesk.reports import scopes
from salesdesk.reports.choices import DeliveryTrigger
from salesdesk.reports.delivery import report_deliver_all, scheduled_reports_send
from salesdesk.reports.reminders import submission_reminders_send


class NotAllSentError(RuntimeError):
    """Some mails were refused; raised so the job is retried (those sent are skipped next time)."""


@job_task()
def send_submission_reminders(progress: JobProgress, day: str) -> dict[str, Any]:
    run = submission_reminders_send(today=date.fromisoformat(day))
    progress.set_total(run.sent)
    progress.advance(run.sent)
    if run.failed:
        raise NotAllSentError(f"reminders not sent to users {sorted(run.failed)}")
    return {"sent": run.sent, "already_reminded": run.already_reminded}


@cron("0 7 * * Mon-Fri")
@task()
def send_submission_reminders_daily() -> str:
    run = job_enqueue(
        job=send_submission_reminders,
        kind="reports.reminders",
        label=_("Remind reps of their monthly numbers"),
        args=(timezone.localdate().isoformat(),),
    )
    return str(run.pk)


@job_task()
def send_scheduled_reports(progress: JobProgress, day: str) -> dict[str, Any]:
    run = scheduled_reports_send(today=date.fromisoformat(day))
    progress.set_total(run.sent)
    progress.advance(run.sent)
    if run.failed:
        # Scheduled deliveries are recorded per recipient, so a retry sends only the missing ones.
        raise NotAllSentError(f"monthly reports not sent to users {sorted(set(run.failed))}")
    return {"sent": run.sent, "skipped": run.skipped}


@cron("0 8 * * Mon-Fri")
@task()
def send_scheduled_reports_daily() -> str:
    run = job_enqueue(
        job=send_scheduled_reports,
        kind="reports.monthly",
        label=_("Send the monthly reports"),
        args=(timezone.localdate().isoformat(),),
    )
    return str(run.pk)


@job_task(max_attempts=1)
def send_report_now(progress: JobProgress, scope_key: str, month: str, requested_by: int) -> dict[str, Any]:
    # Not retried: a retry would send the same report again to those who already have it.
    scope = scopes.from_key(scope_key)
    requester = User.objects.get(pk=requested_by)
    run = report_deliver_all(
        scope=scope,
        month=date.fromisoformat(month),
        trigger=DeliveryTrigger.MANUAL,
        today=timezone.localdate(),
        requested_by=requester,
    )
    progress.set_total(run.sent + run.skipped + len(run.failed))
    progress.advance(run.sent + run.skipped + len(run.failed))
    return {"sent": run.sent, "skipped": run.skipped, "failed": run.failed}


def report_send_start(*, scope: scopes.ReportScope, month: date, requested_by: User) -> JobRun:
    """Queue sending the report of `scope` for `month` to its recipients (and to who asked)."""
    return job_enqueue(
        job=send_report_now,
        kind="reports.send_now",
        label=_("Send the monthly report: %(scope)s") % {"scope": scope.name},
        requested_by=requested_by,
        args=(scope.key, month.isoformat(), requested_by.pk),
    )
