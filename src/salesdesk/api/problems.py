"""Errors as RFC 9457 problem details (application/problem+json), the same shape for every endpoint."""

from __future__ import annotations

import json
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from salesdesk.core.versioning import StaleRecordError

CONTENT_TYPE = "application/problem+json"
# Names of the operation parameters that wrap a whole schema; they are not part of a field's name.
WRAPPER_PARAMETERS = frozenset({"payload", "filters", "params"})


def problem(
    *,
    status: int,
    title: str,
    detail: str,
    type_: str = "about:blank",
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {"type": type_, "title": title, "status": status, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder), status=status, content_type=CONTENT_TYPE, headers=headers
    )


def _field_name(loc: Sequence[Any]) -> str:
    parts = [str(part) for part in loc[1:]]  # loc[0] says where: body, query, path
    while parts and parts[0] in WRAPPER_PARAMETERS:
        parts = parts[1:]
    return ".".join(parts)


def _invalid_request(request: HttpRequest, exc: object) -> HttpResponse:
    assert isinstance(exc, NinjaValidationError)
    errors = [
        {"field": _field_name(error.get("loc", ())), "message": str(error.get("msg", ""))}
        for error in exc.errors
    ]
    return problem(
        status=422,
        title=_("The request is not valid"),
        detail=_("Some values could not be read; see errors."),
        type_="urn:salesdesk:problem:invalid-request",
        errors=errors,
    )


def _invalid_data(request: HttpRequest, exc: object) -> HttpResponse:
    assert isinstance(exc, DjangoValidationError)
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": None if field == NON_FIELD_ERRORS else field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": None, "message": message} for message in exc.messages]
    return problem(
        status=400,
        title=_("The data cannot be saved"),
        detail=" ".join(str(error["message"]) for error in errors),
        type_="urn:salesdesk:problem:invalid-data",
        errors=errors,
    )


def _stale(request: HttpRequest, exc: object) -> HttpResponse:
    assert isinstance(exc, StaleRecordError)
    return problem(
        status=409,
        title=_("The record was changed by someone else"),
        detail=str(exc),
        type_="urn:salesdesk:problem:stale-record",
    )


def _not_found(request: HttpRequest, exc: object) -> HttpResponse:
    return problem(
        status=404, title=_("Not found"), detail=_("There is nothing here, or you may not see it.")
    )


def _unauthenticated(request: HttpRequest, exc: object) -> HttpResponse:
    assert isinstance(exc, AuthenticationError)
    return problem(
        status=401,
        title=_("Not signed in"),
        detail=_("Send a valid personal API token as “Authorization: Bearer <token>”."),
        headers={"WWW-Authenticate": "Bearer"},
    )


def _http_error(request: HttpRequest, exc: object) -> HttpResponse:
    assert isinstance(exc, HttpError)
    try:
        title = HTTPStatus(exc.status_code).phrase
    except ValueError:
        title = str(exc)
    return problem(status=exc.status_code, title=title, detail=str(exc))


def install(api: NinjaAPI) -> None:
    api.add_exception_handler(NinjaValidationError, _invalid_request)
    api.add_exception_handler(DjangoValidationError, _invalid_data)
    api.add_exception_handler(StaleRecordError, _stale)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(AuthenticationError, _unauthenticated)
    api.add_exception_handler(HttpError, _http_error)
