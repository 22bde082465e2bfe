"""The import pages: upload → mapping → dry run → import, for coordinators and administrators."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from salesdesk.conftest import Personas
from salesdesk.customers.models import Contact
from salesdesk.transfer.tests.conftest import csv_bytes

HUBSPOT = ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Country/Region"]
ROWS = [
    HUBSPOT,
    ["1", "Anna", "Schmidt", "anna@example.de", "+49 30 1234567", "DE"],
    ["2", "Bad", "Mail", "bad@", "", "DE"],
]


def _upload(client: Client, data: bytes, **fields: str) -> Any:
    return client.post(
        "/import/",
        {
            "entity": "contacts",
            "preset": "hubspot",
            "locale": "de",
            "encoding": "",
            "delimiter": "",
            **fields,
            "file": SimpleUploadedFile("hubspot.csv", data, content_type="text/csv"),
        },
    )


def test_a_coordinator_uploads_maps_checks_and_imports(personas: Personas, client: Client) -> None:
    client.force_login(personas.coordinator)

    # given the upload
    response = _upload(client, csv_bytes(ROWS, delimiter=";"))
    assert response.status_code == 302
    mapping_url = response["Location"]
    assert re.fullmatch(r"/import/[0-9a-f]{32}/mapping/", mapping_url)

    # the mapping screen proposes the preset's fields
    page = client.get(mapping_url).content.decode()
    assert '<option value="email" selected>E-mail</option>' in page
    assert '<th scope="row"><label for="id_col_2">Last Name</label></th>' in page

    # when the coordinator runs the dry run with the proposed mapping
    form = {
        f"col_{i}": key
        for i, key in enumerate(["external_id", "first_name", "last_name", "email", "phone", "country"])
    }
    report = client.post(mapping_url, form).content.decode()

    # then nothing is saved and the bad row is listed
    assert "<h1>Dry run</h1>" in report
    assert "<dt>New</dt><dd>1</dd>" in report
    assert "<dt>Bad rows</dt><dd>1</dd>" in report
    assert "<tr><td>3</td><td>email</td><td>bad@ is not a valid e-mail address" in report
    assert Contact.objects.count() == 0

    # when they import
    token = mapping_url.split("/")[2]
    done = client.post(f"/import/{token}/run/").content.decode()
    assert "<h1>Import done</h1>" in done
    assert "<dt>New</dt><dd>1</dd>" in done
    assert list(Contact.objects.values_list("full_name", flat=True)) == ["Anna Schmidt"]

    # and the upload is gone afterwards
    assert client.post(f"/import/{token}/run/").status_code == 404


def test_a_mapping_without_a_name_column_is_refused_with_the_field_named(
    personas: Personas, client: Client
) -> None:
    client.force_login(personas.admin)
    mapping_url = _upload(client, csv_bytes(ROWS))["Location"]
    page = client.post(mapping_url, {"col_3": "email"}).content.decode()
    assert "The file has no column for: Family name." in page
    assert Contact.objects.count() == 0


def test_an_unreadable_file_is_refused_on_upload(personas: Personas, client: Client) -> None:
    client.force_login(personas.coordinator)
    page = _upload(client, b"").content.decode()
    assert "The submitted file is empty." in page or "The file is empty or has no header row." in page


def test_someone_elses_upload_does_not_exist(personas: Personas, client: Client) -> None:
    client.force_login(personas.coordinator)
    mapping_url = _upload(client, csv_bytes(ROWS))["Location"]
    client.force_login(personas.admin)
    assert client.get(mapping_url).status_code == 404


@pytest.mark.parametrize("persona", ["rep", "manager", "finance", "outsider"])
def test_people_who_do_not_import_are_refused(personas: Personas, client: Client, persona: str) -> None:
    client.force_login(getattr(personas, persona))
    assert client.get("/import/").status_code == 403
    assert _upload(client, csv_bytes(ROWS)).status_code == 403
    assert Contact.objects.count() == 0


def test_the_navigation_shows_import_to_coordinators_only(personas: Personas, client: Client) -> None:
    client.force_login(personas.coordinator)
    assert 'href="/import/"' in client.get("/export/").content.decode()
    client.force_login(personas.rep)
    assert 'href="/import/"' not in client.get("/export/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(db: None, client: Client) -> None:
    assert client.get("/import/").status_code == 302
