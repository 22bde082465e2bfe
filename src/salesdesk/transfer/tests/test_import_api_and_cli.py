"""Imports through the API and the command line."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from salesdesk.conftest import Personas
from salesdesk.customers.models import Contact
from salesdesk.transfer.tests.conftest import csv_bytes

ROWS = [
    ["Record ID", "First Name", "Last Name", "Email"],
    ["1", "Anna", "Schmidt", "anna@example.de"],
    ["2", "Bad", "Mail", "bad@"],
]


def _post(client: Any, **fields: Any) -> Any:
    return client.post(
        "/api/v1/imports",
        {
            "entity": "contacts",
            "preset": "hubspot",
            **fields,
            "file": SimpleUploadedFile("c.csv", csv_bytes(ROWS)),
        },
    )


def test_the_api_imports_and_reports_every_count(personas: Personas, api_client_for: Any) -> None:
    response = _post(api_client_for(personas.coordinator))
    assert response.status_code == 200
    assert response.json() == {
        "entity": "contacts",
        "dry_run": False,
        "all_or_nothing": False,
        "encoding": "utf-8",
        "delimiter": ",",
        "total": 2,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "failed": 1,
        "rolled_back": False,
        "errors": [
            {
                "row": 3,
                "field": "email",
                "message": "bad@ is not a valid e-mail address: There must be something after the @-sign.",
            }
        ],
    }
    assert list(Contact.objects.values_list("full_name", flat=True)) == ["Anna Schmidt"]


def test_an_api_dry_run_saves_nothing(personas: Personas, api_client_for: Any) -> None:
    response = _post(api_client_for(personas.admin), dry_run="true")
    assert (response.json()["created"], response.json()["dry_run"]) == (1, True)
    assert Contact.objects.count() == 0


def test_a_rep_may_not_import_through_the_api(personas: Personas, api_client_for: Any) -> None:
    response = _post(api_client_for(personas.rep))
    assert response.status_code == 403
    assert Contact.objects.count() == 0


def test_the_api_names_missing_columns(personas: Personas, api_client_for: Any) -> None:
    client = api_client_for(personas.coordinator)
    response = client.post(
        "/api/v1/imports",
        {
            "entity": "contacts",
            "file": SimpleUploadedFile("c.csv", csv_bytes([["Email"], ["a@example.com"]])),
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "mapping", "message": "The file has no column for: Family name."}
    ]


def test_the_command_imports_a_hubspot_file_twice_without_duplicates(
    personas: Personas, tmp_path: Any
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(csv_bytes(ROWS, encoding="utf-16", delimiter=";"))
    out = io.StringIO()

    call_command(
        "import",
        "contacts",
        str(path),
        "--preset",
        "hubspot",
        "--owner",
        "rep",
        "--as",
        "coordinator",
        stdout=out,
        stderr=io.StringIO(),
    )
    call_command(
        "import",
        "contacts",
        str(path),
        "--preset",
        "hubspot",
        "--owner",
        "rep",
        "--as",
        "coordinator",
        stdout=out,
        stderr=io.StringIO(),
    )

    lines = out.getvalue().splitlines()
    assert (
        lines[0]
        == "row 3: email: bad@ is not a valid e-mail address: There must be something after the @-sign."
    )
    assert lines[1] == "read 2, created 1, updated 0, unchanged 0, failed 1 (encoding utf-16, separator ';')"
    assert lines[3] == "read 2, created 0, updated 0, unchanged 1, failed 1 (encoding utf-16, separator ';')"
    assert list(Contact.objects.values_list("full_name", "owner__username")) == [("Anna Schmidt", "rep")]


def test_the_command_dry_run_and_all_or_nothing_save_nothing(personas: Personas, tmp_path: Any) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(csv_bytes(ROWS))
    out = io.StringIO()
    call_command(
        "import",
        "contacts",
        str(path),
        "--dry-run",
        "--owner",
        "coordinator",
        stdout=out,
        stderr=io.StringIO(),
    )
    call_command(
        "import",
        "contacts",
        str(path),
        "--all-or-nothing",
        "--owner",
        "coordinator",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "Dry run: nothing was saved." in out.getvalue()
    assert "All or nothing: bad rows were found, nothing was saved." in out.getvalue()
    assert Contact.objects.count() == 0


def test_the_command_refuses_an_unknown_person(personas: Personas, tmp_path: Any) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(csv_bytes(ROWS))
    with pytest.raises(CommandError, match=re.escape("--as: no active person with the user name 'nobody'.")):
        call_command("import", "contacts", str(path), "--as", "nobody")
