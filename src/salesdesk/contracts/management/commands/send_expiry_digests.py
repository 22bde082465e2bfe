"""Send the expiry digests now: those due today, or those of one month or fiscal quarter.

    salesdesk send_expiry_digests                   # what the scheduler would send today
    salesdesk send_expiry_digests --month 2026-12   # December 2026's digest to every rep who has one due
    salesdesk send_expiry_digests --quarter 2026-10 # the fiscal quarter that holds October 2026

People who have the digest of a period already do not get it again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from salesdesk.contracts.digest import digest_periods_due, expiry_digests_send, period_key
from salesdesk.core.periods import Period, PeriodKind, company_calendar


def _month(value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise CommandError(f"Give a month as YYYY-MM, not {value!r}.") from None


class Command(BaseCommand):
    help = "Send the expiry digests due today, or those of one month or fiscal quarter."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--month", help="The month whose digest to send, as YYYY-MM.")
        which.add_argument("--quarter", help="A month (YYYY-MM) of the fiscal quarter whose digest to send.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        calendar = company_calendar()
        periods: list[Period]
        if options["month"]:
            periods = [calendar.period(_month(options["month"]), PeriodKind.MONTH)]
        elif options["quarter"]:
            periods = [calendar.period(_month(options["quarter"]), PeriodKind.QUARTER)]
        else:
            periods = digest_periods_due(today, calendar=calendar)
        if not periods:
            self.stdout.write("No digest is due today.")
        for period in periods:
            run = expiry_digests_send(period=period, today=today)
            self.stdout.write(
                f"{period_key(period)}: {run.sent} sent, {run.already_sent} sent before, "
                f"{run.without_email} without e-mail, {len(run.failed)} failed."
            )
            if run.failed:
                raise CommandError(f"Not sent to users {run.failed}; run again to retry them.")
