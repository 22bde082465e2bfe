"""Merging duplicates: every related record moves, history and audit are kept, and who may merge."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from salesdesk.conftest import Personas
from salesdesk.core.models import AuditEvent
from salesdesk.customers.choices import ExternalSystem
from salesdesk.customers.dedupe import duplicates_scan
from salesdesk.customers.merge import merge_accounts, merge_contacts
from salesdesk.customers.models import (
    Account,
    Activity,
    CadenceRule,
    Contact,
    ContactPoint,
    DuplicatePair,
    ExternalReference,
    Segment,
)
from salesdesk.customers.services import account_create, contact_create, contact_point_add
from salesdesk.pipeline.models import Opportunity
from salesdesk.pipeline.services import opportunity_create
from salesdesk.worklist.models import Task
from salesdesk.worklist.services import task_create

pytestmark = pytest.mark.django_db


def _counts(account: Account) -> dict[str, int]:
    return {
        "contacts": Contact.objects.filter(account=account).count(),
        "contact points": ContactPoint.objects.filter(account=account).count(),
        "activities": Activity.objects.filter(account=account).count(),
        "external ids": ExternalReference.objects.filter(account=account).count(),
        "opportunities": Opportunity.objects.filter(account=account).count(),
        "tasks": Task.objects.filter(content_type__model="account", object_id=str(account.pk)).count(),
        "subsidiaries": Account.objects.filter(parent=account).count(),
        "segments": account.segments.count(),
        "cadences": CadenceRule.objects.filter(account=account).count(),
    }


def _belongings(personas: Personas, account: Account, tag: str, segment: Segment) -> None:
    contact_create(
        created_by=personas.rep, full_name=f"Person {tag}", account=account, emails=[f"{tag}@acme.example"]
    )
    contact_point_add(added_by=personas.rep, kind="email", value=f"info-{tag}@acme.example", account=account)
    Activity.objects.create(kind="call", subject=f"Call {tag}", owner=personas.rep, account=account)
    ExternalReference.objects.create(
        account=account, system=ExternalSystem.HUBSPOT, entity="account", value=tag
    )
    opportunity_create(
        created_by=personas.rep, account=account, name=f"Deal {tag}", expected_close=date(2026, 12, 31)
    )
    task_create(created_by=personas.rep, title=f"Follow up {tag}", subject=account)
    account_create(created_by=personas.rep, name=f"Subsidiary {tag}", parent=account)
    account.segments.add(segment)
    CadenceRule.objects.create(
        business_unit=personas.unit,
        name=f"Calls {tag}",
        kind="periodic_call",
        account=account,
        interval_days=30,
    )


def test_merging_accounts_moves_every_related_record_and_audits_it(personas: Personas) -> None:
    # Given two accounts for the same company, each with contacts, details, activities, deals, tasks...
    segment = Segment.objects.create(business_unit=personas.unit, name="Key accounts")
    other_segment = Segment.objects.create(business_unit=personas.unit, name="Builders")
    survivor = account_create(created_by=personas.rep, name="Acme GmbH", vat_id="DE123")
    loser = account_create(
        created_by=personas.rep, name="ACME", vat_id="DE123", website="https://acme.example"
    )
    _belongings(personas, survivor, "s", segment)
    _belongings(personas, loser, "l", segment)
    loser.segments.add(other_segment)
    duplicates_scan()
    before_survivor, before_loser = _counts(survivor), _counts(loser)
    assert before_loser == {
        "contacts": 1, "contact points": 1, "activities": 1, "external ids": 1, "opportunities": 1,
        "tasks": 1, "subsidiaries": 1, "segments": 2, "cadences": 1,
    }  # fmt: skip

    # When the coordinator merges the loser into the survivor, taking the loser's web site
    merge_accounts(
        survivor=survivor,
        loser=loser,
        merged_by=personas.coordinator,
        values={"website": "https://acme.example"},
    )

    # Then the survivor has everything, the loser nothing, and the loser is kept as merged
    after_survivor, after_loser = _counts(survivor), _counts(loser)
    assert after_loser == dict.fromkeys(before_loser, 0)
    assert after_survivor == {
        "contacts": 2, "contact points": 2, "activities": 2, "external ids": 2, "opportunities": 2,
        "tasks": 2, "subsidiaries": 2, "segments": 2, "cadences": 2,
    }  # fmt: skip
    assert (
        sum(after_survivor.values()) == sum(before_survivor.values()) + sum(before_loser.values()) - 1
    )  # shared segment
    loser.refresh_from_db()
    survivor.refresh_from_db()
    assert loser.merged_into == survivor
    assert (survivor.website, survivor.domain) == ("https://acme.example", "acme.example")
    # the choice is saved with history, and the merge is audited with what moved
    latest = survivor.history.first()
    assert latest.history_user == personas.coordinator
    assert latest.history_change_reason == "merged with ACME"
    event = AuditEvent.objects.get(verb="account.merged")
    assert event.actor == personas.coordinator
    assert event.object_id == str(survivor.pk)
    assert event.changes["merged"] == {"id": loser.pk, "name": "ACME"}
    assert event.changes["fields"] == {"website": ["", "https://acme.example"]}
    assert event.changes["moved"]["worklist.Task.subject"] == {"moved": 1, "kept": 0}
    assert event.changes["moved"]["customers.Contact.account"] == {"moved": 1, "kept": 0}
    assert event.changes["moved"]["pipeline.Opportunity.account"] == {"moved": 1, "kept": 0}
    pair = DuplicatePair.objects.get(
        first_id=min(survivor.pk, loser.pk), second_id=max(survivor.pk, loser.pk)
    )
    assert (pair.status, pair.decided_by) == ("merged", personas.coordinator)


def test_merging_contacts_moves_their_details_and_deals(personas: Personas) -> None:
    acme = account_create(created_by=personas.rep, name="Acme GmbH")
    survivor = contact_create(
        created_by=personas.rep, full_name="Anna Schmidt", account=acme, emails=["anna@acme.example"]
    )
    loser = contact_create(
        created_by=personas.rep, full_name="Anna Schmitt", account=acme, phones=["+49 30 1234567"]
    )
    opportunity_create(
        created_by=personas.rep, account=acme, contact=loser, name="Deal", expected_close=date(2026, 12, 31)
    )
    task_create(created_by=personas.rep, title="Call Anna", subject=loser)

    merge_contacts(survivor=survivor, loser=loser, merged_by=personas.admin, values={"title": "CFO"})

    assert sorted(ContactPoint.objects.filter(contact=survivor).values_list("normalized", flat=True)) == [
        "+49301234567",
        "anna@acme.example",
    ]
    assert Opportunity.objects.get().contact == survivor
    assert Task.objects.get().object_id == str(survivor.pk)
    loser.refresh_from_db()
    survivor.refresh_from_db()
    assert loser.merged_into == survivor
    assert survivor.title == "CFO"
    assert AuditEvent.objects.get(verb="contact.merged").changes["fields"] == {"title": ["", "CFO"]}


def test_a_record_cannot_be_merged_into_itself_or_twice(personas: Personas) -> None:
    first = account_create(created_by=personas.rep, name="Acme GmbH")
    second = account_create(created_by=personas.rep, name="Acme AG")
    third = account_create(created_by=personas.rep, name="Acme SA")

    with pytest.raises(ValidationError) as same:
        merge_accounts(survivor=first, loser=first, merged_by=personas.coordinator)
    merge_accounts(survivor=first, loser=second, merged_by=personas.coordinator)
    second.refresh_from_db()
    with pytest.raises(ValidationError) as twice:
        merge_accounts(survivor=third, loser=second, merged_by=personas.coordinator)

    assert same.value.message_dict == {"survivor": ["Choose two different records."]}
    assert twice.value.message_dict == {"survivor": ["One of these records was merged already."]}


def test_the_merge_screen_shows_both_records_and_merges_the_chosen_values(
    personas: Personas, client: Client
) -> None:
    # Given two accounts found as duplicates
    first = account_create(created_by=personas.rep, name="Acme GmbH", vat_id="DE123", industry="Construction")
    second = account_create(
        created_by=personas.rep, name="ACME", vat_id="DE123", website="https://acme.example"
    )
    task_create(created_by=personas.rep, title="Visit", subject=second)
    duplicates_scan()
    pair = DuplicatePair.objects.get()
    client.force_login(personas.coordinator)

    # When the coordinator opens the side-by-side screen
    body = client.get(f"/duplicates/{pair.pk}/merge/").content.decode()

    # Then it shows both values of each field, the empty one defaulting to the other record's
    assert "<h1>Merge Acme GmbH and ACME</h1>" in body
    assert '<input type="radio" name="field_website" value="second" checked> https://acme.example' in body
    assert '<input type="radio" name="field_industry" value="first" checked> Construction' in body

    # When they keep the first record with the second's name and web site
    response = client.post(
        f"/duplicates/{pair.pk}/merge/",
        {"keep": "first", "field_name": "second", "field_website": "second", "field_industry": "first"},
    )

    # Then the first record stays with the chosen values, and everything of the second moved to it
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.name, first.website, first.industry) == ("ACME", "https://acme.example", "Construction")
    assert second.merged_into == first
    assert Task.objects.get().object_id == str(first.pk)
    assert "ACME was merged into ACME." in client.get("/duplicates/").content.decode()
    assert client.get(f"/duplicates/{pair.pk}/merge/").status_code == 404


def test_a_pair_with_a_record_outside_the_coordinators_unit_is_404(
    personas: Personas, client: Client
) -> None:
    from salesdesk.org.choices import Role
    from salesdesk.testing.factories import make_user

    account_create(created_by=personas.rep, name="Acme GmbH", vat_id="DE123")
    account_create(created_by=personas.rep, name="Acme AG", vat_id="DE123")
    duplicates_scan()
    pair = DuplicatePair.objects.get()
    south = make_user("south_coordinator", roles=[Role.COORDINATOR], business_unit=personas.other_unit)
    client.force_login(south)

    assert client.get(f"/duplicates/{pair.pk}/merge/").status_code == 404
    assert "Acme" not in client.get("/duplicates/").content.decode()
