"""Cursor pagination for every list endpoint: stable pages even while rows are added or removed.

A cursor is opaque to clients: URL-safe base64 of the last row's ordering values and primary key. The
next page holds the rows strictly after that position in the ordering, so walking the pages never
repeats or skips a row. Empty values always sort last, on every database.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class PageParams(Schema):
    """Query parameters every list endpoint accepts."""

    cursor: str | None = Field(None, description="The next_cursor of the previous page; omit for the first.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page, 1 to 200.")


class Page[ItemT](Schema):
    items: list[ItemT]
    next_cursor: str | None = Field(description="Pass as cursor for the next page; null on the last page.")


def _invalid_cursor() -> ValidationError:
    return ValidationError(
        [{"loc": ("query", "cursor"), "msg": _("This cursor is not valid; start again from the first page.")}]
    )


def _fields(model: type[models.Model], ordering: Sequence[str]) -> list[tuple[models.Field[Any, Any], bool]]:
    """(field, descending) for each ordering key, with the primary key appended as the tiebreaker."""
    keys = [key for key in ordering if key.lstrip("-") != "pk"]
    result = []
    for key in keys:
        descending = key.startswith("-")
        field = model._meta.get_field(key.lstrip("-"))
        if not isinstance(field, models.Field) or not field.concrete:
            raise FieldDoesNotExist(f"{key} cannot order a cursor page")
        result.append((field, descending))
    pk = model._meta.pk
    assert pk is not None
    result.append((pk, False))
    return result


def _encode(values: list[Any]) -> str:
    plain = [
        value.isoformat() if isinstance(value, datetime.date | datetime.time) else value for value in values
    ]
    raw = json.dumps(plain, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, fields: list[tuple[models.Field[Any, Any], bool]]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        plain = json.loads(raw)
    except (binascii.Error, ValueError):
        raise _invalid_cursor() from None
    if not isinstance(plain, list) or len(plain) != len(fields):
        raise _invalid_cursor()
    try:
        return [
            None if value is None else field.to_python(value)
            for (field, _desc), value in zip(fields, plain, strict=True)
        ]
    except (DjangoValidationError, TypeError, ValueError):
        raise _invalid_cursor() from None


def _after(fields: list[tuple[models.Field[Any, Any], bool]], values: list[Any]) -> Q:
    """Rows strictly after `values` in the ordering (nulls last, in either direction)."""
    condition = Q(pk__in=[])
    equal_so_far = Q()
    for (field, descending), value in zip(fields, values, strict=True):
        name = field.attname
        if value is not None:
            beyond = Q(**{f"{name}__{'lt' if descending else 'gt'}": value}) | Q(**{f"{name}__isnull": True})
            condition |= equal_so_far & beyond
            equal_so_far &= Q(**{name: value})
        else:
            # Nothing sorts after an empty value; only ties on it continue to the next key.
            equal_so_far &= Q(**{f"{name}__isnull": True})
    return condition


def paginate[M: models.Model](
    queryset: models.QuerySet[M], *, ordering: Sequence[str], params: PageParams
) -> dict[str, Any]:
    """One page of `queryset` in `ordering` (pk breaks ties): {"items": [...], "next_cursor": ...}."""
    fields = _fields(queryset.model, ordering)
    order_by = [
        F(field.attname).desc(nulls_last=True) if descending else F(field.attname).asc(nulls_last=True)
        for field, descending in fields
    ]
    rows = queryset.order_by(*order_by)
    if params.cursor:
        rows = rows.filter(_after(fields, _decode(params.cursor, fields)))
    items = list(rows[: params.limit + 1])
    next_cursor = None
    if len(items) > params.limit:
        items = items[: params.limit]
        last = items[-1]
        next_cursor = _encode([getattr(last, field.attname) for field, _desc in fields])
    return {"items": items, "next_cursor": next_cursor}
