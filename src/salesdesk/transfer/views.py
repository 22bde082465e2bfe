"""Pages to import and export: upload → mapping → dry run → import → result or progress; and exports."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salesdesk.core.models import JobRun
from salesdesk.org.choices import Role
from salesdesk.org.models import User
from salesdesk.transfer import selectors, services
from salesdesk.transfer.exporting import CSV_DELIMITERS, csv_chunks, xlsx_bytes
from salesdesk.transfer.forms import ExportForm, ImportMappingForm, ImportUploadForm
from salesdesk.transfer.importing import ImportOptions, ImportReport
from salesdesk.transfer.mapping import Entity, suggest_mapping
from salesdesk.transfer.readers import FileReadError, read_table
from salesdesk.web.requests import signed_in_user

IMPORTER_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})
_SESSION_KEY = "transfer_imports"


def _importer(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not user.roles & IMPORTER_ROLES:
        raise PermissionDenied
    return user


def _pending(request: HttpRequest, token: str) -> dict[str, Any]:
    """An upload of this person's session; anything else does not exist for them."""
    pending = request.session.get(_SESSION_KEY, {}).get(token)
    if pending is None:
        raise Http404
    return dict(pending)


def _tokens(request: HttpRequest) -> set[str]:
    return set(request.session.get(_SESSION_KEY, {}))


def _remember(request: HttpRequest, token: str, pending: dict[str, Any]) -> None:
    imports = dict(request.session.get(_SESSION_KEY, {}))
    imports[token] = pending
    request.session[_SESSION_KEY] = imports


def _headers(pending: dict[str, Any]) -> list[str]:
    with default_storage.open(pending["path"], "rb") as stream:
        return read_table(stream, encoding=pending["encoding"], delimiter=pending["delimiter"]).headers


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    user = _importer(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            path = services.import_file_store(uploaded=data["file"], user=user)
            pending = {
                "path": path,
                "filename": data["file"].name,
                "entity": data["entity"],
                "preset": data["preset"],
                "locale": data["locale"] or "en-US",
                "encoding": data["encoding"],
                "delimiter": data["delimiter"],
                "mapping": None,
            }
            _headers(pending)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        except FileReadError as exc:
            services.import_file_remove(path=path)
            form.add_error("file", str(exc))
        else:
            token = uuid.uuid4().hex
            _remember(request, token, pending)
            return HttpResponseRedirect(reverse("transfer:import-mapping", args=[token]))
    return render(request, "transfer/import_start.html", {"form": form})


def _options(pending: dict[str, Any], *, dry_run: bool, all_or_nothing: bool) -> ImportOptions:
    return ImportOptions(
        entity=pending["entity"],
        preset=pending["preset"],
        locale=pending["locale"],
        encoding=pending["encoding"],
        delimiter=pending["delimiter"],
        dry_run=dry_run,
        all_or_nothing=all_or_nothing,
        mapping={int(k): v for k, v in pending["mapping"].items()},
    )


def _outcome(
    request: HttpRequest, token: str, pending: dict[str, Any], result: ImportReport | JobRun
) -> HttpResponse:
    if isinstance(result, JobRun):
        context = {
            "run": result,
            "pending": pending,
            "token": token,
            "is_dry_run": result.kind == "transfer.import" and token in _tokens(request),
        }
        return render(request, "transfer/import_job.html", context)
    context = {
        "report": result,
        "pending": pending,
        "token": token,
        "entity": Entity(pending["entity"]).label,
    }
    return render(request, "transfer/import_report.html", context)


@login_required
def import_mapping(request: HttpRequest, token: str) -> HttpResponse:
    """Adjust which column fills which field, then check the file with a dry run."""
    user = _importer(request)
    pending = _pending(request, token)
    try:
        headers = _headers(pending)
    except FileReadError as exc:
        return render(request, "transfer/import_mapping.html", {"error": str(exc), "pending": pending})
    initial = (
        {int(k): v for k, v in pending["mapping"].items()}
        if pending["mapping"] is not None
        else suggest_mapping(entity=pending["entity"], headers=headers, preset=pending["preset"])
    )
    form = ImportMappingForm(
        request.POST or None,
        entity=pending["entity"],
        headers=headers,
        initial_mapping=initial,
        initial={"all_or_nothing": pending.get("all_or_nothing", False)},
    )
    if request.method == "POST" and form.is_valid():
        pending["mapping"] = {str(k): v for k, v in form.mapping().items()}
        pending["all_or_nothing"] = form.cleaned_data["all_or_nothing"]
        _remember(request, token, pending)
        try:
            result = services.import_start(
                user=user,
                path=pending["path"],
                options=_options(pending, dry_run=True, all_or_nothing=pending["all_or_nothing"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return _outcome(request, token, pending, result)
    return render(
        request,
        "transfer/import_mapping.html",
        {"form": form, "pending": pending, "token": token, "entity": Entity(pending["entity"]).label},
    )


@login_required
@require_POST
def import_run(request: HttpRequest, token: str) -> HttpResponse:
    """The import itself, after the dry run; the upload is forgotten once it is done or queued."""
    user = _importer(request)
    pending = _pending(request, token)
    if pending["mapping"] is None:
        return HttpResponseRedirect(reverse("transfer:import-mapping", args=[token]))
    try:
        result = services.import_start(
            user=user,
            path=pending["path"],
            options=_options(pending, dry_run=False, all_or_nothing=pending.get("all_or_nothing", False)),
        )
    except ValidationError as exc:
        return render(
            request, "transfer/import_mapping.html", {"error": " ".join(exc.messages), "pending": pending}
        )
    imports = dict(request.session.get(_SESSION_KEY, {}))
    imports.pop(token, None)
    request.session[_SESSION_KEY] = imports
    return _outcome(request, token, pending, result)


@login_required
def export_start(request: HttpRequest) -> HttpResponseBase:
    form = ExportForm(request.GET if "entity" in request.GET else None, initial={"delimiter": ";"})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return export_response(
            user=signed_in_user(request),
            entity=data["entity"],
            file_format=data["format"],
            delimiter=data["delimiter"] or ";",
        )
    return render(request, "transfer/export.html", {"form": form})


def export_response(*, user: User, entity: str, file_format: str, delimiter: str = ";") -> HttpResponseBase:
    """The file of an export (CSV streamed, XLSX built), named after the entity and the day."""
    if entity not in Entity.values:
        raise Http404
    headers = selectors.export_headers(entity)
    rows = selectors.export_rows(user=user, entity=entity)
    stem = f"{entity}-{timezone.localdate().isoformat()}"
    if file_format == "xlsx":
        body = xlsx_bytes(headers, rows, title=str(Entity(entity).label))
        response = HttpResponse(
            body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
    if delimiter not in CSV_DELIMITERS:
        delimiter = ";"
    streaming = StreamingHttpResponse(
        csv_chunks(headers, rows, delimiter=delimiter), content_type="text/csv; charset=utf-8"
    )
    streaming["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return streaming


@login_required
def export_download(request: HttpRequest, entity: str) -> HttpResponseBase:
    file_format = request.GET.get("format", "csv")
    if file_format not in {"csv", "xlsx"}:
        return HttpResponse(_("Choose CSV or XLSX."), status=400)
    return export_response(
        user=signed_in_user(request),
        entity=entity,
        file_format=file_format,
        delimiter=request.GET.get("delimiter", ";"),
    )
