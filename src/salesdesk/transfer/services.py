"""Writes of the transfer app: keeping an uploaded file, and starting an import now or as a job."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from salesdesk.core.models import JobRun
from salesdesk.org.models import User
from salesdesk.transfer.importing import JOB_THRESHOLD, ImportOptions, ImportReport, count_rows, import_run
from salesdesk.transfer.readers import FileReadError

MAX_UPLOAD_BYTES = 512 * 1024 * 1024


def import_file_store(*, uploaded: File[Any], user: User) -> str:
    """Keep an uploaded file until the import is done; answers its storage path."""
    if uploaded.size is not None and uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("The file is larger than 512 MB.")})
    name = get_valid_filename(uploaded.name or "import.csv")[-100:] or "import.csv"
    return default_storage.save(f"imports/{user.pk}/{uuid.uuid4().hex}/{name}", uploaded)


def import_file_remove(*, path: str) -> None:
    if path and default_storage.exists(path):
        default_storage.delete(path)


def options_to_json(options: ImportOptions) -> dict[str, Any]:
    data = asdict(options)
    data["owner"] = options.owner.pk if options.owner else None
    data["mapping"] = {str(k): v for k, v in options.mapping.items()} if options.mapping is not None else None
    return data


def options_from_json(data: dict[str, Any]) -> ImportOptions:
    values = dict(data)
    owner_id = values.pop("owner", None)
    mapping = values.pop("mapping", None)
    return ImportOptions(
        **values,
        owner=User.objects.get(pk=owner_id) if owner_id else None,
        mapping={int(k): v for k, v in mapping.items()} if mapping is not None else None,
    )


def _run(user: User, stream: IO[bytes], options: ImportOptions, progress: Any = None) -> ImportReport:
    try:
        return import_run(user=user, stream=stream, options=options, progress=progress)
    except FileReadError as exc:
        raise ValidationError({"file": str(exc)}) from exc


def import_start(*, user: User, path: str, options: ImportOptions) -> ImportReport | JobRun:
    """Import (or dry-run) a stored file: right away for small files, as a job over 2,000 rows.

    A finished real import removes the stored file; a dry run keeps it for the import that follows.
    """
    with default_storage.open(path, "rb") as stream:
        try:
            rows = count_rows(stream, options=options)
        except FileReadError as exc:
            raise ValidationError({"file": str(exc)}) from exc
        if rows <= JOB_THRESHOLD:
            report = _run(user, stream, options)
            if not options.dry_run:
                stream.close()
                import_file_remove(path=path)
            return report
    from salesdesk.transfer.tasks import import_job_start

    return import_job_start(user=user, path=path, options=options)
