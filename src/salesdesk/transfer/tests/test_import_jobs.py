"""Files over 2,000 rows run as a job with progress; small ones make a fixed number of queries."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from salesdesk.conftest import Personas
from salesdesk.core.choices import JobStatus
from salesdesk.core.models import JobRun
from salesdesk.customers.models import Contact
from salesdesk.transfer.tests.conftest import Importer, csv_bytes


def _rows(count: int) -> list[list[str]]:
    return [["Last Name", "Email"], *([f"Person {n}", f"p{n}@example.com"] for n in range(count))]


@pytest.mark.django_db(transaction=True)
def test_a_big_file_runs_as_a_job_with_progress_and_a_report(personas: Personas, api_client_for: Any) -> None:
    # given 2,001 rows, one of them bad
    rows = _rows(2001)
    rows[1500][1] = "broken@"
    client = api_client_for(personas.coordinator)

    # when the coordinator uploads them
    response = client.post(
        "/api/v1/imports", {"entity": "contacts", "file": SimpleUploadedFile("big.csv", csv_bytes(rows))}
    )

    # then the answer is a job, which the worker runs to the end
    assert response.status_code == 202
    run = JobRun.objects.get(pk=response.json()["job_id"])
    assert (run.kind, run.label) == ("transfer.import", "Import of Contacts")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0, stdout=io.StringIO())
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED
    assert (run.total, run.done) == (2001, 2001)
    assert run.result["created"] == 2000
    assert run.result["errors"][0]["row"] == 1501
    assert Contact.objects.count() == 2000


@pytest.mark.django_db(transaction=True)
def test_the_import_page_links_to_the_job_of_a_big_file(personas: Personas, client: Client) -> None:
    client.force_login(personas.coordinator)
    upload = client.post(
        "/import/",
        {"entity": "contacts", "file": SimpleUploadedFile("big.csv", csv_bytes(_rows(2500)))},
    )
    page = client.post(upload["Location"], {"col_0": "last_name", "col_1": "email"}).content.decode()
    run = JobRun.objects.get()
    assert f'<a href="/jobs/{run.pk}/">Follow its progress and see the report</a>' in page
    assert run.label == "Dry run: import of Contacts"


def test_an_import_makes_the_same_number_of_queries_for_1_or_40_rows(
    personas: Personas, run_import: Importer
) -> None:
    # 40, not 50: SQLite allows 999 parameters per statement, so Django splits a 50-row history insert.
    assert personas.coordinator.roles  # read (and cached) once per person, before counting
    with CaptureQueriesContext(connection) as one:
        run_import(personas.coordinator, csv_bytes(_rows(1)))
    with CaptureQueriesContext(connection) as forty:
        run_import(personas.coordinator, csv_bytes(_rows(41)[:1] + _rows(41)[2:]))
    assert len(forty) == len(one)
    with CaptureQueriesContext(connection) as again:
        report = run_import(personas.coordinator, csv_bytes(_rows(41)))
    assert (report.created, report.unchanged) == (0, 41)
    assert len(again) <= len(one)
