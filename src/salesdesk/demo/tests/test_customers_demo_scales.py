"""The medium and large scales add generated records in batches, with every derived column filled."""

from __future__ import annotations

import phonenumbers
import pytest

from salesdesk.customers.choices import ContactPointKind
from salesdesk.customers.models import Account, Activity, Contact, ContactPoint
from salesdesk.customers.normalize import display_name, domain_of, normalize_email, normalize_vat_id
from salesdesk.demo import services
from salesdesk.demo.customers import data
from salesdesk.pipeline.models import Opportunity, StageChange

pytestmark = pytest.mark.django_db


def test_the_medium_scale_adds_generated_accounts_with_contacts_deals_and_activities(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a medium scale shrunk to 12 generated accounts, batches of 5 and 3 extra reps
    monkeypatch.setitem(data.EXTRA_ACCOUNTS, "medium", 12)
    monkeypatch.setitem(services.CROWD_SIZE, "medium", 3)
    monkeypatch.setattr("salesdesk.demo.customers.accounts.BATCH", 5)
    # when it loads
    services.demo_load(scale="medium", seed=3)
    # then the 12 accounts belong to the extra reps, with 3 contacts each and their details normalised
    generated = Account.objects.filter(website__regex=r"-[0-9]+\.")
    assert generated.count() == 12
    assert set(generated.values_list("owner__username", flat=True)) == {"rep00000", "rep00001", "rep00002"}
    for account in generated:
        assert account.domain == domain_of(account.website)
        assert account.vat_id_normalized == normalize_vat_id(account.vat_id)
    contacts = Contact.objects.filter(account__in=generated)
    assert contacts.count() == 36
    for contact in contacts:
        assert contact.full_name == display_name(contact.first_name, contact.last_name)
    points = ContactPoint.objects.filter(contact__in=contacts)
    for point in points.filter(kind=ContactPointKind.EMAIL):
        assert point.normalized == normalize_email(point.value)
    for point in points.filter(kind=ContactPointKind.PHONE):
        assert phonenumbers.is_valid_number(phonenumbers.parse(point.value)), point.value
        assert (
            phonenumbers.format_number(phonenumbers.parse(point.value), phonenumbers.PhoneNumberFormat.E164)
            == point.normalized
        )
    assert points.count() == 72
    # and the generated accounts have deals with stage history and two activities each
    deals = Opportunity.objects.filter(account__in=generated)
    assert deals.exists()
    assert StageChange.objects.filter(opportunity__in=deals).count() >= deals.count()
    assert Activity.objects.filter(account__in=generated).count() == 24
