"""Background work for customer data hygiene: reading the bounce mailbox, scanning for duplicates."""

from __future__ import annotations

from typing import Any

from crontask import cron
from django.tasks import task
from django.utils.translation import gettext as _

from salesdesk.core.jobs import JobProgress, job_enqueue, job_task
from salesdesk.core.models import JobRun
from salesdesk.customers.bounces import BounceFileResult
from salesdesk.customers.dedupe import duplicates_scan
from salesdesk.customers.imap import mailbox_read_bounces, mailbox_settings
from salesdesk.org.models import User


@job_task()
def check_bounce_mailbox(progress: JobProgress) -> dict[str, Any]:
    """Apply every unseen bounce in the configured mailbox. Idempotent: handled messages are \\Seen."""
    config = mailbox_settings()
    if config is None:
        progress.set_total(0, _("No bounce mailbox is configured."))
        return {"messages": 0, "marked": 0, "not_understood": 0}
    counts = {"messages": 0, "marked": 0, "not_understood": 0}

    def on_message(result: BounceFileResult) -> None:
        counts["messages"] += 1
        counts["marked"] += sum(len(outcome.marked) for outcome in result.outcomes)
        counts["not_understood"] += 0 if result.understood else 1
        progress.advance(message=", ".join(outcome.email for outcome in result.outcomes))

    mailbox_read_bounces(
        config=config,
        on_total=lambda total: progress.set_total(total),
        on_message=on_message,
    )
    return counts


def bounce_mailbox_check_start(*, requested_by: User | None) -> JobRun:
    return job_enqueue(
        job=check_bounce_mailbox,
        kind="customers.bounce_mailbox",
        label=_("Read bounces from the mailbox"),
        requested_by=requested_by,
    )


@cron("*/15 * * * *")
@task()
def check_bounce_mailbox_regularly() -> str:
    if mailbox_settings() is None:
        return ""
    return str(bounce_mailbox_check_start(requested_by=None).pk)


@job_task()
def scan_duplicates(progress: JobProgress) -> dict[str, Any]:
    """Score every account and contact pair that shares something; store the likely duplicates."""
    progress.set_total(2, _("Looking for duplicate accounts"))
    return duplicates_scan(progress=lambda entity: progress.advance(message=entity))


def duplicates_scan_start(*, requested_by: User | None) -> JobRun:
    return job_enqueue(
        job=scan_duplicates,
        kind="customers.duplicates_scan",
        label=_("Look for duplicate accounts and contacts"),
        requested_by=requested_by,
    )
