"""Imports and exports in the API: the same services, scoping and reports as the pages."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from salesdesk.api.auth import request_user
from salesdesk.core.models import JobRun
from salesdesk.transfer import services
from salesdesk.transfer.importing import ImportOptions
from salesdesk.transfer.mapping import Entity, Preset
from salesdesk.transfer.views import IMPORTER_ROLES, export_response

router = Router(tags=["transfer"])


class RowErrorOut(Schema):
    row: int
    field: str
    message: str


class ImportReportOut(Schema):
    entity: str
    dry_run: bool
    all_or_nothing: bool
    encoding: str
    delimiter: str
    total: int
    created: int
    updated: int
    unchanged: int
    failed: int
    rolled_back: bool = Field(description="True when all-or-nothing found bad rows and saved nothing.")
    errors: list[RowErrorOut]


class ImportJobOut(Schema):
    job_id: str = Field(description="Follow it at /jobs/{job_id}/; its result is the report.")
    status: str


class ImportIn(Schema):
    entity: Entity
    preset: Preset = Preset.NONE
    dry_run: bool = False
    all_or_nothing: bool = False
    locale: str = Field(
        "en-US", description="How dates and numbers are written: en-US, en-GB, de, it, fr, bg, zh."
    )
    encoding: str = Field("", description="Empty to detect.")
    delimiter: str = Field("", description="Empty to detect.")


@router.post(
    "/imports",
    response={200: ImportReportOut, 202: ImportJobOut},
    summary="Import a CSV or XLSX file (files over 2,000 rows run as a job)",
)
def import_create(
    request: HttpRequest, payload: Form[ImportIn], file: File[UploadedFile]
) -> dict[str, object] | Status[dict[str, str]]:
    user = request_user(request)
    if not user.roles & IMPORTER_ROLES:
        raise HttpError(403, _("Only coordinators and administrators import."))
    path = services.import_file_store(uploaded=file, user=user)
    options = ImportOptions(
        entity=payload.entity,
        preset=payload.preset,
        locale=payload.locale or "en-US",
        encoding=payload.encoding,
        delimiter=payload.delimiter,
        dry_run=payload.dry_run,
        all_or_nothing=payload.all_or_nothing,
    )
    try:
        result = services.import_start(user=user, path=path, options=options)
    except Exception:
        services.import_file_remove(path=path)
        raise
    if isinstance(result, JobRun):
        return Status(202, {"job_id": str(result.pk), "status": result.status})
    if options.dry_run:  # an API dry run is not followed by an import of the same upload
        services.import_file_remove(path=path)
    return result.as_dict()


@router.get("/exports/{entity}", summary="Download the records you may see as CSV or XLSX")
def export_file(
    request: HttpRequest,
    entity: Entity,
    format: Literal["csv", "xlsx"] = "csv",
    delimiter: Literal[";", ","] = ";",
) -> HttpResponseBase:
    return export_response(user=request_user(request), entity=entity, file_format=format, delimiter=delimiter)
