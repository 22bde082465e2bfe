"""Background jobs people can watch: a JobRun row per run, with progress, retries and the outcome.

A job is a Django task made with `@job_task`. `job_enqueue` creates the JobRun and queues the task after
the surrounding transaction commits (never from inside it), so the worker always finds the data it needs.
Inside the task the body receives a `JobProgress` to report its total and each step. A failing body is
retried with exponential backoff; after the last attempt the run is marked failed with the error.
Bodies must be idempotent: a retry runs the whole body again.
"""

from __future__ import annotations

import functools
import logging
import time
import traceback
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.tasks import Task, task
from django.utils import timezone

from salesdesk.core.choices import JobStatus
from salesdesk.core.models import JobRun

logger = logging.getLogger(__name__)

# Progress is written at most this often, so a tight loop does not turn into a write per row.
_PROGRESS_WRITE_INTERVAL = 0.5


class JobProgress:
    def __init__(self, run: JobRun) -> None:
        self.run = run
        self._pending = 0
        self._last_write = 0.0

    def set_total(self, total: int, message: str = "") -> None:
        self.run.total = total
        JobRun.objects.filter(pk=self.run.pk).update(total=total, message=message[:500])

    def advance(self, steps: int = 1, message: str = "") -> None:
        self._pending += steps
        now = time.monotonic()
        if now - self._last_write >= _PROGRESS_WRITE_INTERVAL:
            self.flush(message)
            self._last_write = now

    def flush(self, message: str = "") -> None:
        if not self._pending and not message:
            return
        updates: dict[str, Any] = {"done": F("done") + self._pending}
        if message:
            updates["message"] = message[:500]
        JobRun.objects.filter(pk=self.run.pk).update(**updates)
        self.run.done += self._pending
        self._pending = 0


JobBody = Callable[..., dict[str, Any] | None]


def job_task(
    *, max_attempts: int = 3, backoff: timedelta = timedelta(seconds=30)
) -> Callable[[JobBody], Task]:
    """Make `body(progress, *args, **kwargs)` a task whose runs are tracked in JobRun."""

    def decorator(body: JobBody) -> Task:
        @functools.wraps(body)
        def runner(run_id: str, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
            return _execute(runner_task, body, run_id, args, kwargs, max_attempts, backoff)

        runner_task: Task = task()(runner)
        return runner_task

    return decorator


def _execute(
    runner_task: Task,
    body: JobBody,
    run_id: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    max_attempts: int,
    backoff: timedelta,
) -> dict[str, Any] | None:
    run = JobRun.objects.get(pk=run_id)
    if run.is_finished:  # delivered twice: the work is already done
        return run.result
    JobRun.objects.filter(pk=run.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1, done=0
    )
    run.refresh_from_db()
    progress = JobProgress(run)
    try:
        result = body(progress, *args, **kwargs) or {}
    except Exception as exc:
        progress.flush()
        error = "".join(traceback.format_exception_only(exc)).strip()
        if run.attempts < max_attempts:
            delay = backoff * (2 ** (run.attempts - 1))
            JobRun.objects.filter(pk=run.pk).update(status=JobStatus.RETRYING, error=error)
            logger.warning(
                "job failed, will retry", extra={"job": run.kind, "run": str(run.pk), "error": error}
            )
            runner_task.using(run_after=timezone.now() + delay).enqueue(run_id, *args, **kwargs)
            return None
        JobRun.objects.filter(pk=run.pk).update(
            status=JobStatus.FAILED, error=error, finished_at=timezone.now()
        )
        logger.exception("job failed", extra={"job": run.kind, "run": str(run.pk)})
        raise
    progress.flush()
    JobRun.objects.filter(pk=run.pk).update(
        status=JobStatus.SUCCEEDED, finished_at=timezone.now(), result=result, error=""
    )
    return result


def job_enqueue(
    *,
    job: Task,
    kind: str,
    label: str,
    requested_by: Any = None,
    args: tuple[Any, ...] = (),
    kwargs: dict[str, Any] | None = None,
) -> JobRun:
    """Create the JobRun now and queue its task once the current transaction has committed."""
    run = JobRun.objects.create(
        kind=kind, label=label[:300], requested_by=requested_by if getattr(requested_by, "pk", None) else None
    )

    def enqueue() -> None:
        result = job.enqueue(str(run.pk), *args, **(kwargs or {}))
        JobRun.objects.filter(pk=run.pk).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    return run
