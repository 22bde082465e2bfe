"""Helpers for the import tests: hostile files are generated here, byte for byte."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest

from salesdesk.org.models import User
from salesdesk.transfer.importing import ImportOptions, ImportReport, import_run


def csv_bytes(rows: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode(encoding)


Importer = Callable[..., ImportReport]


@pytest.fixture
def run_import() -> Importer:
    def run(user: User, data: bytes, entity: str = "contacts", **options: object) -> ImportReport:
        return import_run(user=user, stream=io.BytesIO(data), options=ImportOptions(entity=entity, **options))  # type: ignore[arg-type]

    return run


@pytest.fixture
def api_client_for(db: None) -> Callable[[User], object]:
    from django.test import Client

    from salesdesk.api.services import api_token_create

    def make(user: User) -> Client:
        _token, plaintext = api_token_create(user=user, name="tests")
        return Client(headers={"Authorization": f"Bearer {plaintext}"})

    return make
