"""Imported contacts get their first version in the history, whichever write path the database takes."""

from __future__ import annotations

from salesdesk.conftest import Personas
from salesdesk.customers.models import Contact, ExternalReference
from salesdesk.transfer.tests.conftest import Importer, csv_bytes
from salesdesk.transfer.tests.test_import_contacts import HUBSPOT_HEADER, PEOPLE


def test_every_imported_contact_has_its_first_version_by_the_importer(
    personas: Personas, run_import: Importer
) -> None:
    # given a HubSpot export of four people (on PostgreSQL these are written with COPY)
    data = csv_bytes([HUBSPOT_HEADER, *PEOPLE])

    # when the coordinator imports it
    report = run_import(personas.coordinator, data, preset="hubspot")

    # then each new contact has exactly one version: created, by the coordinator, with its values
    assert report.created == 4, report.errors
    for contact in Contact.objects.all():
        versions = list(contact.history.all())
        assert [(v.history_type, v.history_user_id) for v in versions] == [("+", personas.coordinator.pk)]
        assert versions[0].full_name == contact.full_name
        assert versions[0].owner_id == contact.owner_id
    # and each keeps the HubSpot record id for the next import to match on
    assert sorted(ExternalReference.objects.filter(system="hubspot").values_list("value", flat=True)) == [
        "101",
        "102",
        "103",
        "104",
    ]
