"""The presets read the real column names of Salesforce, HubSpot and Odoo exports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from salesdesk.conftest import Personas
from salesdesk.customers.models import Account, Contact, ContactPoint, ExternalReference
from salesdesk.pipeline.models import Opportunity
from salesdesk.prospects.models import Prospect
from salesdesk.transfer.mapping import suggest_mapping
from salesdesk.transfer.tests.conftest import Importer, csv_bytes

SALESFORCE_ACCOUNTS = [
    "Account ID",
    "Account Name",
    "Website",
    "Phone",
    "Industry",
    "Billing Street",
    "Billing City",
    "Billing Zip/Postal Code",
    "Billing Country",
    "Account Owner",
]


def test_salesforce_accounts_are_imported_and_matched_by_domain_then_external_id(
    personas: Personas, run_import: Importer
) -> None:
    # given an account the coordinator already has, with the same web site
    run_import(
        personas.coordinator,
        csv_bytes([["Name", "Website"], ["Acme", "https://www.acme.de/"]]),
        entity="accounts",
    )
    rows = [
        SALESFORCE_ACCOUNTS,
        [
            "001A",
            "Acme GmbH",
            "acme.de",
            "+49 89 123456",
            "Machinery",
            "Hauptstr. 1",
            "München",
            "80331",
            "Germany",
            "rep",
        ],
        [
            "001B",
            "Rossi S.p.A.",
            "rossi.it",
            "+39 02 1234567",
            "Food",
            "Via Roma 2",
            "Milano",
            "20121",
            "Italy",
            "",
        ],
    ]

    report = run_import(personas.coordinator, csv_bytes(rows), entity="accounts", preset="salesforce")

    assert (report.created, report.updated, report.failed) == (1, 1, 0), report.errors
    acme = Account.objects.get(domain="acme.de")
    assert (acme.name, acme.industry, acme.country, acme.owner, acme.version) == (
        "Acme GmbH",
        "Machinery",
        "DE",
        personas.rep,
        2,
    )
    assert ExternalReference.objects.get(account=acme).value == "001A"
    assert ContactPoint.objects.get(account=acme, kind="postal").value == "Hauptstr. 1, 80331 München, DE"
    again = run_import(personas.coordinator, csv_bytes(rows), entity="accounts", preset="salesforce")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_odoo_partners_match_accounts_by_vat_id(personas: Personas, run_import: Importer) -> None:
    header = [
        "External ID",
        "Name",
        "Email",
        "Phone",
        "Mobile",
        "Related Company",
        "Street",
        "City",
        "Zip",
        "Country",
        "Website",
        "Tax ID",
    ]
    first = [
        header,
        [
            "__export__.res_partner_7",
            "Bianchi Srl",
            "info@bianchi.it",
            "",
            "",
            "",
            "",
            "Torino",
            "10100",
            "IT",
            "",
            "IT 123 456 789 01",
        ],
    ]
    run_import(personas.coordinator, csv_bytes(first), entity="accounts", preset="odoo")
    other_system = [["Name", "VAT ID"], ["Bianchi S.r.l.", "it12345678901"]]

    report = run_import(personas.coordinator, csv_bytes(other_system), entity="accounts")

    assert (report.created, report.updated) == (0, 1)
    assert Account.objects.get().name == "Bianchi S.r.l."


def test_odoo_contacts_use_the_full_name_and_link_the_related_company(
    personas: Personas, run_import: Importer
) -> None:
    run_import(personas.coordinator, csv_bytes([["Name"], ["Bianchi Srl"]]), entity="accounts")
    header = [
        "External ID",
        "Name",
        "Email",
        "Phone",
        "Mobile",
        "Related Company",
        "Street",
        "City",
        "Zip",
        "Country",
        "Website",
        "Tax ID",
    ]
    rows = [
        header,
        [
            "__export__.res_partner_8",
            "Giulia Bianchi",
            "giulia@bianchi.it",
            "+39 011 123456",
            "",
            "Bianchi Srl",
            "",
            "",
            "",
            "Italy",
            "",
            "",
        ],
    ]

    report = run_import(personas.coordinator, csv_bytes(rows), preset="odoo")

    assert report.created == 1
    contact = Contact.objects.get()
    assert (contact.full_name, contact.account.name, contact.country) == (
        "Giulia Bianchi",
        "Bianchi Srl",
        "IT",
    )  # type: ignore[union-attr]
    assert ExternalReference.objects.get(contact=contact).system == "odoo"


def test_hubspot_deals_become_opportunities_with_locale_amounts_and_dates(
    personas: Personas, run_import: Importer
) -> None:
    run_import(
        personas.coordinator,
        csv_bytes([["Company name", "Company Domain Name"], ["Acme", "acme.de"]]),
        entity="accounts",
        preset="hubspot",
    )
    rows = [
        ["Record ID", "Deal Name", "Amount", "Close Date", "Deal Stage", "Pipeline", "Associated Company"],
        ["9001", "Acme Rollout", "1.234,56", "31.12.2026", "contractsent", "Sales Pipeline", "Acme"],
        ["9002", "Acme Won", "5000", "15.01.2027", "closedwon", "Sales Pipeline", "Acme"],
        ["9003", "Nobody", "10", "01.01.2027", "contractsent", "Sales Pipeline", "Unknown Inc"],
        ["9004", "Bad", "ten", "someday", "weird", "Sales Pipeline", "Acme"],
    ]

    report = run_import(
        personas.coordinator, csv_bytes(rows), entity="opportunities", preset="hubspot", locale="de"
    )

    assert report.created == 2
    assert [(e.row, e.field, e.message) for e in report.errors] == [
        (5, "expected_close", "someday is not a date."),
        (5, "amount", "ten is not an amount."),
        (5, "stage", "Unknown stage: weird."),
        (4, "account_name", "No account you can see matches Unknown Inc."),
    ]
    rollout = Opportunity.objects.get(name="Acme Rollout")
    assert (rollout.amount, rollout.expected_close, rollout.stage.name) == (
        Decimal("1234.56"),
        date(2026, 12, 31),
        "Negotiation",
    )
    assert Opportunity.objects.get(name="Acme Won").stage.name == "Won"
    again = run_import(
        personas.coordinator, csv_bytes(rows[:3]), entity="opportunities", preset="hubspot", locale="de"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_odoo_leads_become_opportunities(personas: Personas, run_import: Importer) -> None:
    run_import(personas.coordinator, csv_bytes([["Name"], ["Bianchi Srl"]]), entity="accounts")
    rows = [
        [
            "External ID",
            "Opportunity",
            "Customer",
            "Email",
            "Phone",
            "Expected Revenue",
            "Expected Closing",
            "Stage",
        ],
        [
            "crm.lead_1",
            "Bianchi ampliamento",
            "Bianchi Srl",
            "g@bianchi.it",
            "",
            "12.000,00",
            "30/06/2026",
            "Proposition",
        ],
    ]
    report = run_import(
        personas.coordinator, csv_bytes(rows), entity="opportunities", preset="odoo", locale="it"
    )
    assert report.created == 1, report.errors
    deal = Opportunity.objects.get()
    assert (deal.amount, deal.expected_close, deal.stage.name) == (
        Decimal("12000.00"),
        date(2026, 6, 30),
        "Proposal",
    )


def test_salesforce_leads_become_prospects_matched_by_email(personas: Personas, run_import: Importer) -> None:
    rows = [
        ["Lead ID", "Company", "Full Name", "Title", "Email", "Phone", "Lead Source", "Country"],
        [
            "00Q1",
            "Petrov OOD",
            "Иван Петров",
            "Управител",
            "IVAN@petrov.bg",
            "+359 2 123 4567",
            "Trade Show",
            "BG",
        ],
    ]
    report = run_import(personas.coordinator, csv_bytes(rows), entity="prospects", preset="salesforce")
    assert report.created == 1, report.errors
    prospect = Prospect.objects.get()
    assert (prospect.company_name, prospect.email, prospect.phone, prospect.source) == (
        "Petrov OOD",
        "ivan@petrov.bg",
        "+35921234567",
        "trade_show",
    )
    again = run_import(
        personas.coordinator,
        csv_bytes([["Company", "Email"], ["Petrov OOD", "ivan@petrov.bg"]]),
        entity="prospects",
    )
    assert (again.created, again.unchanged) == (0, 1)


def test_without_a_preset_headers_in_several_languages_are_matched() -> None:
    headers = ["Vorname", "Nachname", "E-Mail", "Telefon", "Firma", "Land", "Unrelated"]
    assert suggest_mapping(entity="contacts", headers=headers) == {
        0: "first_name",
        1: "last_name",
        2: "email",
        3: "phone",
        4: "account_name",
        5: "country",
    }
