"""Validating in a worker process gives the same import as validating in this process.

The file is hostile and spans five batches (of 40 rows here, to keep the tests quick), enough for a
worker, which validates them while this process writes: bad e-mails and phones, missing names,
unknown owners and countries, duplicates inside a batch and across batch borders, national numbers,
international domains.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest
from django.utils import translation

from salesdesk.conftest import Personas
from salesdesk.customers.models import Contact, ContactPoint, ExternalReference
from salesdesk.transfer import importing, validation_pool, validation_worker
from salesdesk.transfer.handlers import HANDLERS, ContactHandler
from salesdesk.transfer.importing import ImportOptions, import_run
from salesdesk.transfer.tests.conftest import Importer, csv_bytes
from salesdesk.transfer.tests.test_import_contacts import HUBSPOT_HEADER

BATCH_ROWS = 40
ROWS = 4 * BATCH_ROWS + 15


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "BATCH_ROWS", BATCH_ROWS)


def _hostile_file() -> bytes:
    rows = [HUBSPOT_HEADER]
    for n in range(ROWS):
        record_id, first, email, phone, mobile, country, owner, last = (
            f"ext-{n}",
            "Vorname",
            f"Person{n}@Firma{n % 13}.DE",
            f"+49 30 {n:07d}",
            "",
            "DE",
            "",
            f"Name{n}",
        )
        match n % 17:
            case 1:
                email = f"person{n}@@broken"
            case 2:
                phone = "call me"
            case 3:
                email = f"person{n - 1}@firma{(n - 1) % 13}.de"  # the row before, written otherwise
            case 4:
                first, last = "", ""
            case 5:
                owner = "nobody-here"
            case 6:
                country = "Atlantis"
            case 7:
                phone, mobile = "030 1234567", "0171 1234567"  # national numbers, the same in many rows
            case 8:
                record_id = f"ext-{n - 8}"  # an id taken by an earlier row
            case 9:
                email = f"x{n}@münchen.de"
            case 10:
                phone, country = "+7 495 123-45-67", "RU"
            case 11:
                phone = "+49 30"  # too short
            case 12:
                owner = "rep"
        if n == BATCH_ROWS + 3:
            email = "person0@firma0.de"  # the first row's address, in the second batch
        rows.append([record_id, first, last, email, phone, mobile, "", "", country, "Köln", owner])
    return csv_bytes(rows)


@pytest.fixture
def pool_starts(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The pools the import started (None where it fell back before starting one).

    Each is waited for until its worker is up, so the worker, not this process, validates the batches:
    a real file is big enough for that, the few rows of a test are not.
    """
    started: list[object] = []
    start = validation_pool._start_pool

    def recording(handler: Any) -> Any:
        pool = start(handler)
        started.append(pool)
        if pool is not None:
            with contextlib.suppress(BrokenProcessPool):
                pool.submit(validation_worker.ready).result()
        return pool

    monkeypatch.setattr(validation_pool, "_start_pool", recording)
    return started


def _in_process(monkeypatch: pytest.MonkeyPatch, run: Callable[[], Any]) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(validation_pool, "WORKERS", 0)
        return run()


def test_it_reports_the_same_with_a_worker_process_as_in_process(
    personas: Personas, run_import: Importer, pool_starts: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a hostile file of three batches, imported by a person working in German
    data = _hostile_file()

    # when it is dry-run with the worker and then in this process only
    with translation.override("de"):
        with_worker = run_import(personas.coordinator, data, preset="hubspot", dry_run=True)
        in_process = _in_process(
            monkeypatch, lambda: run_import(personas.coordinator, data, preset="hubspot", dry_run=True)
        )
        required = translation.gettext("A value is required.")

    # then a worker did validate, and both reports agree to the last message, in German
    assert pool_starts[0] is not None
    assert with_worker.as_dict() == in_process.as_dict()
    assert (with_worker.total, with_worker.created + with_worker.failed) == (ROWS, ROWS)
    assert with_worker.failed > ROWS // 17 * 6
    assert required != "A value is required."
    errors = [(e.row, e.field, e.message) for e in with_worker.errors]
    assert (6, "last_name", required) in errors
    assert (BATCH_ROWS + 5, "email", "Dublette von Zeile 2 in dieser Datei.") in errors
    assert [e.row for e in with_worker.errors] == sorted(e.row for e in with_worker.errors)
    assert Contact.objects.count() == 0


def test_a_real_import_with_the_worker_writes_what_its_dry_run_promised(
    personas: Personas, run_import: Importer, pool_starts: list[object]
) -> None:
    data = _hostile_file()
    dry = run_import(personas.coordinator, data, preset="hubspot", dry_run=True)
    steps: list[int] = []

    report = import_run(
        user=personas.coordinator,
        stream=io.BytesIO(data),
        options=ImportOptions(entity="contacts", preset="hubspot"),
        progress=steps.append,
    )

    assert all(pool is not None for pool in pool_starts)
    assert (report.created, report.failed, report.errors) == (dry.created, dry.failed, dry.errors)
    assert steps == [BATCH_ROWS] * 4 + [15]
    assert Contact.objects.count() == report.created
    assert ExternalReference.objects.filter(entity="contact").count() == report.created
    assert ContactPoint.objects.filter(kind="email", normalized="person0@firma0.de").count() == 1
    again = run_import(personas.coordinator, data, preset="hubspot")
    assert (again.created, again.updated, again.unchanged) == (0, 0, report.created)


def test_all_or_nothing_with_the_worker_leaves_the_database_untouched(
    personas: Personas, run_import: Importer, pool_starts: list[object]
) -> None:
    report = run_import(personas.coordinator, _hostile_file(), preset="hubspot", all_or_nothing=True)

    assert pool_starts[0] is not None
    assert report.rolled_back
    assert report.failed > 0
    assert Contact.objects.count() == 0


def test_when_no_worker_can_start_it_validates_in_process_with_the_same_report(
    personas: Personas,
    run_import: Importer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = _hostile_file()
    expected = _in_process(
        monkeypatch, lambda: run_import(personas.coordinator, data, preset="hubspot", dry_run=True)
    )

    def no_processes(*_args: object, **_kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(validation_pool, "ProcessPoolExecutor", no_processes)
    with caplog.at_level(logging.WARNING, logger="salesdesk.transfer.validation_pool"):
        report = run_import(personas.coordinator, data, preset="hubspot", dry_run=True)

    assert report.as_dict() == expected.as_dict()
    assert "validating in-process" in caplog.text


class _DiesInWorker(ContactHandler):
    """A contact handler that kills the worker process that unpickles it, as an out-of-memory kill would."""

    def __reduce__(self) -> tuple[Any, tuple[int]]:
        return (os._exit, (3,))


def test_when_the_worker_dies_the_batches_are_validated_in_process_with_the_same_report(
    personas: Personas,
    run_import: Importer,
    monkeypatch: pytest.MonkeyPatch,
    pool_starts: list[object],
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = _hostile_file()
    expected = _in_process(
        monkeypatch, lambda: run_import(personas.coordinator, data, preset="hubspot", dry_run=True)
    )

    monkeypatch.setitem(HANDLERS, "contacts", _DiesInWorker)
    with caplog.at_level(logging.WARNING, logger="salesdesk.transfer.validation_pool"):
        report = run_import(personas.coordinator, data, preset="hubspot", dry_run=True)

    assert pool_starts[-1] is not None
    assert report.as_dict() == expected.as_dict()
    assert "validating in-process" in caplog.text


def test_a_small_file_never_starts_a_worker(
    personas: Personas, run_import: Importer, pool_starts: list[object]
) -> None:
    data = csv_bytes([["Last Name", "Email"], ["Rossi", "rossi@example.it"]])

    report = run_import(personas.coordinator, data)

    assert report.created == 1
    assert pool_starts == []
