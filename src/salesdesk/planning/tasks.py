"""Background work for planning: rebuilding the actuals after a correction that changes history (an
exchange rate, a production cost, the recognition setting), as a tracked job."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from salesdesk.core.jobs import JobProgress, job_enqueue, job_task
from salesdesk.core.models import JobRun
from salesdesk.planning import actuals


@job_task()
def rebuild_actuals(progress: JobProgress, since: str | None = None) -> dict[str, Any]:
    lines = actuals.rebuild(since=date.fromisoformat(since) if since else None, progress=progress)
    return {"lines": lines}


def actuals_rebuild_enqueue(*, since: date | None = None, requested_by: Any = None) -> JobRun:
    label = (
        _("Rebuild plan-vs-actual figures from %(day)s") % {"day": since.isoformat()}
        if since
        else _("Rebuild all plan-vs-actual figures")
    )
    return job_enqueue(
        job=rebuild_actuals,
        kind="planning.rebuild_actuals",
        label=label,
        requested_by=requested_by,
        kwargs={"since": since.isoformat() if since else None},
    )
