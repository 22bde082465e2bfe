"""Background work for the worklist: reminders every minute, and each person's list built every morning."""

from __future__ import annotations

from collections import Counter
from typing import Any

from crontask import cron
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salesdesk.core.jobs import JobProgress, job_enqueue, job_task
from salesdesk.core.models import JobRun
from salesdesk.core.notifications import notification_create
from salesdesk.org.models import User
from salesdesk.worklist.choices import Urgency
from salesdesk.worklist.models import WorklistDigest
from salesdesk.worklist.selectors import worklist_items
from salesdesk.worklist.services import reminders_send_due


@cron("* * * * *")
@task()
def send_due_reminders() -> int:
    return reminders_send_due()


@job_task()
def build_worklists(progress: JobProgress, user_ids: list[int] | None = None) -> dict[str, Any]:
    """Build today's worklist for each active person: record what it holds and tell them in the app.

    Idempotent per day: a second run updates the same digest rows and sends no second notification.
    """
    people = User.objects.filter(is_active=True).order_by("pk")
    if user_ids is not None:
        people = people.filter(pk__in=user_ids)
    progress.set_total(people.count())
    built = 0
    for person in people.iterator(chunk_size=200):
        today = timezone.localdate(timezone=_zone(person))
        counts = Counter(item.urgency(today).value for item in worklist_items(user=person, today=today))
        total = sum(counts.values())
        _digest, created = WorklistDigest.objects.update_or_create(
            user=person, day=today, defaults={"counts": dict(counts), "total": total}
        )
        if created and total:
            with translation.override(person.language):
                notification_create(
                    recipient=person,
                    title=ngettext(
                        "Your worklist today: %(count)s item",
                        "Your worklist today: %(count)s items",
                        total,
                    )
                    % {"count": total},
                    body=_("%(overdue)s overdue, %(today)s due today.")
                    % {
                        "overdue": counts.get(Urgency.OVERDUE.value, 0),
                        "today": counts.get(Urgency.TODAY.value, 0),
                    },
                    url="/",
                )
        built += 1
        progress.advance(message=str(person))
    return {"people": built}


def _zone(person: User) -> Any:
    import zoneinfo

    return zoneinfo.ZoneInfo(person.time_zone or "UTC")


def worklists_build_start(*, requested_by: User | None) -> JobRun:
    return job_enqueue(
        job=build_worklists,
        kind="worklist.build",
        label=_("Build everyone's worklist"),
        requested_by=requested_by,
    )


@cron("30 5 * * *")
@task()
def build_worklists_every_morning() -> str:
    return str(worklists_build_start(requested_by=None).pk)
