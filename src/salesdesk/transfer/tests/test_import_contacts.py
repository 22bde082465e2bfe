"""Importing contacts from hostile files: encodings, separators, bad values, duplicates, re-runs."""

from __future__ import annotations

import codecs
import io
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from salesdesk.conftest import Personas
from salesdesk.customers.models import Account, Contact, ContactPoint, ExternalReference
from salesdesk.transfer.tests.conftest import Importer, csv_bytes

HUBSPOT_HEADER = [
    "Record ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone Number",
    "Mobile Phone Number",
    "Job Title",
    "Company Name",
    "Country/Region",
    "City",
    "Contact owner",
]
PEOPLE = [
    ["101", "芳", "王", "wang.fang@example.cn", "+86 10 6552 9988", "", "经理", "", "CN", "北京", ""],
    ["102", "Иван", "Петров", "ivan@example.ru", "+7 495 123-45-67", "", "Директор", "", "RU", "Москва", ""],
    [
        "103",
        "Jürgen",
        "Müßig",
        "juergen@example.de",
        "030 1234567",
        "0171 1234567",
        "Einkäufer",
        "",
        "DE",
        "Köln",
        "",
    ],
    [
        "104",
        "Niccolò",
        "Bàrberi",
        "niccolo@example.it",
        "+39 06 1234 5678",
        "",
        "Direttore",
        "",
        "Italy",
        "Roma",
        "",
    ],
]


def _names() -> list[str]:
    return list(Contact.objects.order_by("pk").values_list("full_name", flat=True))


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("gb18030", b""),
    ],
)
def test_it_reads_every_script_in_unicode_encodings_and_gb18030(
    personas: Personas, run_import: Importer, encoding: str, bom: bytes
) -> None:
    # given a HubSpot export with Chinese, Cyrillic, German and Italian names
    data = bom + csv_bytes([HUBSPOT_HEADER, *PEOPLE], encoding=encoding)

    # when the coordinator imports it without naming the encoding
    report = run_import(personas.coordinator, data, preset="hubspot")

    # then every name arrives intact
    assert (report.created, report.failed) == (4, 0), report.errors
    assert _names() == ["王芳", "Иван Петров", "Jürgen Müßig", "Niccolò Bàrberi"]
    assert Contact.objects.get(full_name="Jürgen Müßig").title == "Einkäufer"
    assert sorted(ContactPoint.objects.filter(kind="phone").values_list("normalized", flat=True)) == [
        "+390612345678",
        "+491711234567",
        "+49301234567",
        "+74951234567",
        "+861065529988",
    ]


def test_it_detects_cp1252_for_german_and_italian_names(personas: Personas, run_import: Importer) -> None:
    # given a semicolon file written by an old Excel in cp1252
    rows = [
        ["First Name", "Last Name", "Email"],
        ["Jürgen", "Müßig", "j@example.de"],
        ["Niccolò", "Bàrberi", "n@example.it"],
    ]
    data = csv_bytes(rows, encoding="cp1252", delimiter=";")

    report = run_import(personas.coordinator, data)

    assert report.encoding == "cp1252"
    assert report.delimiter == ";"
    assert _names() == ["Jürgen Müßig", "Niccolò Bàrberi"]


def test_it_detects_gb18030_without_a_bom(personas: Personas, run_import: Importer) -> None:
    rows = [["Name", "Email"], ["王芳", "wf@example.cn"], ["李小龙", "lxl@example.cn"]]
    report = run_import(
        personas.coordinator, csv_bytes(rows, encoding="gb18030", delimiter=";"), preset="odoo"
    )
    assert report.encoding == "gb18030"
    assert _names() == ["王芳", "李小龙"]


def test_an_explicit_encoding_overrides_detection(personas: Personas, run_import: Importer) -> None:
    # cp1252 bytes of "Müßig" also decode as GB18030-looking text; the person knows better
    data = csv_bytes([["Last Name"], ["Müßig"]], encoding="cp1252")
    report = run_import(personas.coordinator, data, encoding="cp1252")
    assert report.encoding == "cp1252"
    assert _names() == ["Müßig"]


def test_it_reads_tab_separated_files_and_quoted_newlines(personas: Personas, run_import: Importer) -> None:
    rows = [["Last Name", "Title"], ["Rossi", "Direttore\nvendite"], ["Bianchi", "CEO"]]
    report = run_import(personas.coordinator, csv_bytes(rows, delimiter="\t"))
    assert report.delimiter == "\t"
    assert Contact.objects.get(full_name="Rossi").title == "Direttore\nvendite"


def test_missing_required_columns_are_named(personas: Personas, run_import: Importer) -> None:
    data = csv_bytes([["Email", "Phone"], ["a@example.com", "+4930123456"]])
    with pytest.raises(ValidationError) as caught:
        run_import(personas.coordinator, data)
    assert caught.value.message_dict == {"mapping": ["The file has no column for: Family name."]}
    assert Contact.objects.count() == 0


def test_bad_emails_and_phones_are_reported_by_row_and_field_and_good_rows_kept(
    personas: Personas, run_import: Importer
) -> None:
    rows = [
        ["Last Name", "Email", "Phone", "Country"],
        ["Good", "good@example.com", "+49 30 1234567", "DE"],
        ["BadMail", "not-an-address", "", ""],
        ["BadPhone", "", "call me", "DE"],
        ["", "noname@example.com", "", ""],
        ["Nowhere", "", "", "Atlantis"],
    ]
    report = run_import(personas.coordinator, csv_bytes(rows))

    assert (report.created, report.failed) == (1, 4)
    assert [(e.row, e.field) for e in report.errors] == [
        (3, "email"),
        (4, "phone"),
        (5, "last_name"),
        (6, "country"),
    ]
    assert report.errors[0].message.startswith("not-an-address is not a valid e-mail address")
    assert report.errors[1].message == "call me is not a phone number."
    assert report.errors[2].message == "A value is required."
    assert report.errors[3].message == "Atlantis is not a country we know."
    assert _names() == ["Good"]


def test_unknown_owner_is_reported(personas: Personas, run_import: Importer) -> None:
    rows = [
        ["Last Name", "Contact Owner"],
        ["Known", "rep"],
        ["Unknown", "nobody"],
        ["Other unit", "outsider"],
    ]
    report = run_import(personas.coordinator, csv_bytes(rows), preset="salesforce")
    assert [(e.row, e.field, e.message) for e in report.errors] == [
        (3, "owner", "Unknown owner: nobody."),
        (4, "owner", "Unknown owner: outsider."),
    ]
    assert Contact.objects.get().owner == personas.rep


def test_duplicates_inside_the_file_are_reported(personas: Personas, run_import: Importer) -> None:
    rows = [
        ["Last Name", "Email"],
        ["First", "same@example.com"],
        ["Second", "SAME@example.com"],
    ]
    report = run_import(personas.coordinator, csv_bytes(rows))
    assert [(e.row, e.field, e.message) for e in report.errors] == [
        (3, "email", "Duplicate of row 2 in this file.")
    ]
    assert _names() == ["First"]


def test_a_contact_in_the_database_is_matched_by_email_and_updated_not_duplicated(
    personas: Personas, run_import: Importer
) -> None:
    run_import(personas.coordinator, csv_bytes([["Last Name", "Email"], ["Alt", "anna@example.com"]]))

    report = run_import(
        personas.coordinator,
        csv_bytes(
            [["First Name", "Last Name", "Email", "Title"], ["Anna", "Schmidt", "Anna@Example.com", "CEO"]]
        ),
    )

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    contact = Contact.objects.get()
    assert (contact.full_name, contact.title, contact.version) == ("Anna Schmidt", "CEO", 2)
    assert ContactPoint.objects.filter(kind="email").count() == 1


def test_running_the_same_file_twice_changes_nothing(personas: Personas, run_import: Importer) -> None:
    data = csv_bytes([HUBSPOT_HEADER, *PEOPLE])
    first = run_import(personas.coordinator, data, preset="hubspot")
    snapshot = (Contact.objects.count(), ContactPoint.objects.count(), ExternalReference.objects.count())

    second = run_import(personas.coordinator, data, preset="hubspot")

    assert (first.created, first.updated) == (4, 0)
    assert (second.created, second.updated, second.unchanged, second.failed) == (0, 0, 4, 0)
    assert (
        Contact.objects.count(),
        ContactPoint.objects.count(),
        ExternalReference.objects.count(),
    ) == snapshot
    assert set(Contact.objects.values_list("version", flat=True)) == {1}


def test_external_id_wins_over_email(personas: Personas, run_import: Importer) -> None:
    run_import(personas.coordinator, csv_bytes([HUBSPOT_HEADER, PEOPLE[0]]), preset="hubspot")
    changed = [*PEOPLE[0]]
    changed[3] = "new.address@example.cn"
    report = run_import(personas.coordinator, csv_bytes([HUBSPOT_HEADER, changed]), preset="hubspot")
    assert (report.created, report.updated) == (0, 1)
    assert sorted(ContactPoint.objects.filter(kind="email").values_list("normalized", flat=True)) == [
        "new.address@example.cn",
        "wang.fang@example.cn",
    ]


def test_all_or_nothing_leaves_the_database_untouched_on_one_bad_row(
    personas: Personas, run_import: Importer
) -> None:
    rows = [["Last Name", "Email"], ["Good", "good@example.com"], ["Bad", "bad@"]]
    report = run_import(personas.coordinator, csv_bytes(rows), all_or_nothing=True)
    assert report.rolled_back is True
    assert (report.created, report.failed) == (0, 1)
    assert Contact.objects.count() == 0
    assert ContactPoint.objects.count() == 0


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(
    personas: Personas, run_import: Importer
) -> None:
    rows = [["Last Name", "Email"], ["Good", "good@example.com"], ["Bad", "bad@"]]
    report = run_import(personas.coordinator, csv_bytes(rows), dry_run=True)
    assert (report.created, report.failed, report.rolled_back) == (1, 1, False)
    assert [(e.row, e.field) for e in report.errors] == [(3, "email")]
    assert Contact.objects.count() == 0


def test_contacts_are_linked_to_their_account_by_external_id_or_name(
    personas: Personas, run_import: Importer
) -> None:
    accounts = csv_bytes([["Account ID", "Account Name", "Website"], ["001A", "Acme GmbH", "www.acme.de"]])
    run_import(personas.coordinator, accounts, entity="accounts", preset="salesforce")
    contacts = csv_bytes(
        [
            ["Contact ID", "Last Name", "Account ID", "Account Name"],
            ["003A", "By id", "001A", ""],
            ["003B", "By name", "", "ACME GMBH"],
            ["003C", "By domain", "", "acme.de"],
            ["003D", "Nowhere", "", "Unknown Ltd"],
        ]
    )
    run_import(personas.coordinator, contacts, preset="salesforce")
    acme = Account.objects.get()
    assert dict(Contact.objects.values_list("full_name", "account_id")) == {
        "By id": acme.pk,
        "By name": acme.pk,
        "By domain": acme.pk,
        "Nowhere": None,
    }


def test_it_reads_xlsx_with_date_cells(personas: Personas, run_import: Importer) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["First Name", "Last Name", "Email", "Phone", "Country"])
    sheet.append(["Anna", "Schmidt", "anna@example.de", "+49 30 1234567", "DE"])
    sheet.append(["Li", "Wei", "li@example.cn", 13912345678, "CN"])
    sheet.append(["Bad", "Row", "bad@", datetime(2026, 1, 1), "DE"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = run_import(personas.coordinator, buffer.getvalue())

    assert report.encoding == "xlsx"
    assert (report.created, report.failed) == (2, 1)
    assert report.errors[0].row == 4
    assert _names() == ["Anna Schmidt", "Li Wei"]


def test_the_owner_option_sets_the_owner_of_new_records(personas: Personas, run_import: Importer) -> None:
    report = run_import(personas.coordinator, csv_bytes([["Last Name"], ["Rossi"]]), owner=personas.rep)
    assert report.created == 1
    assert Contact.objects.get().owner == personas.rep


def test_a_rep_cannot_match_or_change_contacts_outside_their_scope(
    personas: Personas, run_import: Importer
) -> None:
    run_import(personas.outsider, csv_bytes([["Last Name", "Email"], ["Theirs", "x@example.com"]]))
    report = run_import(personas.rep, csv_bytes([["Last Name", "Email"], ["Mine", "x@example.com"]]))
    assert (report.created, report.updated) == (1, 0)
    assert sorted(Contact.objects.values_list("full_name", "owner__username")) == [
        ("Mine", "rep"),
        ("Theirs", "outsider"),
    ]
