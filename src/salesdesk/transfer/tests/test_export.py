"""Exports hold only the records in the person's scope, as CSV for Excel or XLSX."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from salesdesk.conftest import Personas
from salesdesk.customers.services import account_create, contact_create
from salesdesk.org.models import User


def _contacts(personas: Personas) -> None:
    contact_create(
        created_by=personas.rep,
        first_name="Anna",
        last_name="Schmidt",
        emails=["anna@example.de"],
        phones=["+49 30 1234567"],
    )
    contact_create(created_by=personas.other_rep, first_name="Иван", last_name="Петров")
    contact_create(created_by=personas.outsider, first_name="芳", last_name="王")


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_rep_exports_only_their_own_contacts_as_csv_with_a_bom(personas: Personas, client: Client) -> None:
    _contacts(personas)
    client.force_login(personas.rep)

    response = client.get("/export/contacts/?format=csv&delimiter=%3B")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = _body(response)
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").splitlines()
    assert (
        lines[0]
        == "ID;Given name;Family name;Full name;Job title;Account name;E-mail;Phone;Country;Language;Owner"
    )
    assert [line.split(";")[3] for line in lines[1:]] == ["Anna Schmidt"]
    assert lines[1].split(";")[6:8] == ["anna@example.de", "+49 30 1234567"]


def test_a_coordinator_exports_the_whole_unit_but_not_the_other_unit(
    personas: Personas, client: Client
) -> None:
    _contacts(personas)
    client.force_login(personas.coordinator)
    body = _body(client.get("/export/?entity=contacts&format=csv&delimiter=,")).decode("utf-8-sig")
    assert sorted(line.split(",")[3] for line in body.splitlines()[1:]) == ["Anna Schmidt", "Иван Петров"]


def test_xlsx_export_opens_in_excel_with_every_script(personas: Personas, client: Client) -> None:
    _contacts(personas)
    client.force_login(personas.admin)
    response = client.get("/export/contacts/?format=xlsx")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    names = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Anna Schmidt", "Иван Петров"]  # type: ignore[type-var]


@pytest.mark.parametrize("entity", ["accounts", "contacts", "prospects", "opportunities"])
def test_every_export_makes_the_same_number_of_queries_for_1_or_50_rows(
    personas: Personas, client: Client, entity: str
) -> None:
    client.force_login(personas.coordinator)
    account_create(created_by=personas.rep, name="First", website="https://first.example")
    contact_create(created_by=personas.rep, last_name="First", emails=["f@example.com"])
    with CaptureQueriesContext(connection) as one:
        _body(client.get(f"/export/{entity}/?format=csv"))
    for number in range(50):
        account_create(created_by=personas.rep, name=f"Account {number}")
        contact_create(
            created_by=personas.rep, last_name=f"Contact {number}", emails=[f"c{number}@example.com"]
        )
    with CaptureQueriesContext(connection) as fifty:
        _body(client.get(f"/export/{entity}/?format=csv"))
    assert len(fifty) == len(one)


def test_an_unknown_entity_is_not_found(personas: Personas, client: Client) -> None:
    client.force_login(personas.rep)
    assert client.get("/export/invoices/").status_code == 404


def test_the_export_page_asks_what_to_export(personas: Personas, client: Client) -> None:
    client.force_login(personas.rep)
    content = client.get("/export/").content.decode()
    assert '<label for="id_entity">Records' in content
    assert '<option value="contacts">Contacts</option>' in content


def test_the_api_export_is_scoped_too(personas: Personas, api_client_for: Any) -> None:
    _contacts(personas)
    response = api_client_for(personas.outsider).get("/api/v1/exports/contacts?format=csv&delimiter=,")
    assert response.status_code == 200
    lines = _body(response).decode("utf-8-sig").splitlines()
    assert [line.split(",")[3] for line in lines[1:]] == ["王芳"]


def test_the_api_export_needs_a_token(db: None, client: Client) -> None:
    assert client.get("/api/v1/exports/contacts").status_code == 401


def test_the_export_command_writes_what_the_person_may_see(personas: Personas, tmp_path: Any) -> None:
    from django.core.management import call_command

    _contacts(personas)
    target = tmp_path / "contacts.xlsx"
    call_command(
        "export", "contacts", "--format", "xlsx", "-o", str(target), "--as", "other_rep", stderr=io.StringIO()
    )
    sheet = load_workbook(target, read_only=True).worksheets[0]
    assert [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Иван Петров"]
    assert User.objects.filter(username="other_rep").exists()
