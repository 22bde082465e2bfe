"""Big imports run as jobs with progress people can watch on /jobs/<id>/."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from salesdesk.core.jobs import JobProgress, job_enqueue, job_task
from salesdesk.core.models import JobRun
from salesdesk.org.models import User
from salesdesk.transfer.importing import ImportOptions, count_rows, import_run
from salesdesk.transfer.mapping import Entity


# Safe to retry: an import matches what an earlier attempt wrote, so running it again changes nothing.
@job_task(max_attempts=2)
def import_file(progress: JobProgress, user_id: int, path: str, options: dict[str, Any]) -> dict[str, Any]:
    from salesdesk.transfer.services import import_file_remove, options_from_json

    user = User.objects.get(pk=user_id)
    parsed = options_from_json(options)
    with default_storage.open(path, "rb") as stream:
        progress.set_total(count_rows(stream, options=parsed))
        report = import_run(
            user=user, stream=stream, options=parsed, progress=lambda steps: progress.advance(steps)
        )
    if not parsed.dry_run:
        import_file_remove(path=path)
    return report.as_dict()


def import_job_start(*, user: User, path: str, options: ImportOptions) -> JobRun:
    from salesdesk.transfer.services import options_to_json

    label = (_("Dry run: import of %(entity)s") if options.dry_run else _("Import of %(entity)s")) % {
        "entity": Entity(options.entity).label
    }
    return job_enqueue(
        job=import_file,
        kind="transfer.import",
        label=label,
        requested_by=user,
        args=(user.pk, path, options_to_json(options)),
    )
