"""Account and contact pages: who may see them, what they show, edits, stale edits and bad input."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from salesdesk.conftest import Personas
from salesdesk.customers.models import Account, Contact, ContactPoint
from salesdesk.customers.services import (
    account_create,
    account_update,
    contact_create,
    contact_point_add,
)
from salesdesk.org.models import User

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("persona", "status"),
    [("rep", 200), ("manager", 200), ("coordinator", 200), ("other_rep", 404), ("outsider", 404)],
)
def test_account_page_is_visible_in_scope_only(personas: Personas, persona: str, status: int) -> None:
    # given an account of the rep
    account = account_create(created_by=personas.rep, name="Acme GmbH", legal_name="Acme Maschinenbau GmbH")
    # when each persona opens it
    response = _client(getattr(personas, persona)).get(f"/accounts/{account.pk}/")
    # then only the rep, their manager and the coordinator see it; everyone else gets 404
    assert response.status_code == status
    if status == 200:
        assert "Acme Maschinenbau GmbH" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("rep", 200), ("manager", 200), ("coordinator", 200), ("other_rep", 404), ("outsider", 404)],
)
def test_contact_page_and_vcard_are_visible_in_scope_only(
    personas: Personas, persona: str, status: int
) -> None:
    contact = contact_create(created_by=personas.rep, first_name="Иван", last_name="Петров")
    client = _client(getattr(personas, persona))
    assert client.get(f"/contacts/{contact.pk}/").status_code == status
    assert client.get(f"/contacts/{contact.pk}/vcard/").status_code == status
    assert client.get(f"/contacts/{contact.pk}/edit/").status_code == status


def test_account_list_shows_own_accounts_and_hides_merged_ones(personas: Personas) -> None:
    # given two accounts of the rep, one merged into the other, and one of the other rep
    kept = account_create(created_by=personas.rep, name="Acme GmbH", country="DE")
    merged = account_create(created_by=personas.rep, name="ACME Gmbh (old)")
    Account.objects.filter(pk=merged.pk).update(merged_into=kept)
    account_create(created_by=personas.other_rep, name="Beta AG")
    # when the rep opens the list
    body = _client(personas.rep).get("/accounts/").content.decode()
    # then only the kept account is listed
    assert "Acme GmbH" in body
    assert "ACME Gmbh (old)" not in body
    assert "Beta AG" not in body


def test_account_list_filters_by_text_country_and_status(personas: Personas) -> None:
    account_create(created_by=personas.rep, name="Acme GmbH", country="DE")
    account_create(created_by=personas.rep, name="Zeta Srl", legal_name="Zeta Costruzioni Srl", country="IT")
    account_create(created_by=personas.rep, name="Old Co", country="IT", status="former")
    client = _client(personas.rep)
    body = client.get("/accounts/", {"q": "costruzioni"}).content.decode()
    assert "Zeta Srl" in body
    assert "Acme GmbH" not in body
    body = client.get("/accounts/", {"country": "it", "status": "former"}).content.decode()
    assert "Old Co" in body
    assert "Zeta Srl" not in body


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_account_list_makes_the_same_number_of_queries_for_1_and_50_rows(personas: Personas) -> None:
    client = _client(personas.rep)
    account_create(created_by=personas.rep, name="Account 0")
    one = _queries(client, "/accounts/")
    for number in range(1, 50):
        account_create(created_by=personas.rep, name=f"Account {number}")
    assert _queries(client, "/accounts/") == one


def test_contact_list_makes_the_same_number_of_queries_for_1_and_50_rows(personas: Personas) -> None:
    client = _client(personas.rep)
    account = account_create(created_by=personas.rep, name="Acme")
    contact_create(created_by=personas.rep, full_name="Person 0", account=account, emails=["p0@example.com"])
    one = _queries(client, "/contacts/")
    for number in range(1, 50):
        contact_create(
            created_by=personas.rep,
            full_name=f"Person {number}",
            account=account,
            emails=[f"p{number}@example.com"],
            phones=["+49 30 1234567"],
        )
    assert _queries(client, "/contacts/") == one


def test_creating_an_account_from_the_form(personas: Personas) -> None:
    response = _client(personas.rep).post(
        "/accounts/new/",
        {"name": "Acme GmbH", "country": "de", "status": "active", "vat_id": "DE 123 456 789"},
    )
    account = Account.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/{account.pk}/"
    assert (account.owner, account.country, account.vat_id_normalized) == (personas.rep, "DE", "DE123456789")


def test_a_stale_account_edit_shows_the_conflict_and_keeps_the_stored_data(personas: Personas) -> None:
    # given the rep opened the edit form at version 1, then the manager renamed the account
    account = account_create(created_by=personas.rep, name="Acme GmbH")
    account_update(account=account, changed_by=personas.manager, expected_version=1, name="Acme Holding")
    # when the rep saves the old version
    response = _client(personas.rep).post(
        f"/accounts/{account.pk}/edit/", {"name": "Acme Mine", "status": "active", "version": "1"}
    )
    # then the form says someone else changed it, and the manager's name stays
    assert response.status_code == 200
    assert "was changed by someone else while you were editing it" in response.content.decode()
    account.refresh_from_db()
    assert (account.name, account.version) == ("Acme Holding", 2)


def test_editing_an_account_saves_and_bumps_the_version(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme GmbH")
    response = _client(personas.rep).post(
        f"/accounts/{account.pk}/edit/",
        {"name": "Acme AG", "status": "inactive", "website": "https://www.acme.example/", "version": "1"},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.name, account.status, account.domain, account.version) == (
        "Acme AG",
        "inactive",
        "acme.example",
        2,
    )


def test_a_bad_email_on_a_new_contact_names_the_field_and_saves_nothing(personas: Personas) -> None:
    response = _client(personas.rep).post(
        "/contacts/new/",
        {"first_name": "Anna", "last_name": "Schmidt", "emails": "anna@", "phones": "+49 30 1234567"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["emails"]
    assert "anna@ is not a valid e-mail address" in form.errors["emails"][0]
    assert not Contact.objects.exists()
    assert not ContactPoint.objects.exists()


def test_a_bad_phone_added_on_the_contact_page_names_the_field(personas: Personas) -> None:
    contact = contact_create(created_by=personas.rep, full_name="王芳", country="CN")
    response = _client(personas.rep).post(
        f"/contacts/{contact.pk}/details/", {"kind": "phone", "label": "mobile", "value": "12"}
    )
    assert response.status_code == 400
    assert response.context["point_form"].errors["value"] == [
        "12 has the wrong number of digits for a phone number."
    ]
    assert not ContactPoint.objects.exists()


def test_a_contact_with_several_emails_phones_and_addresses(personas: Personas) -> None:
    # given a contact with a Chinese name
    client = _client(personas.rep)
    client.post(
        "/contacts/new/",
        {
            "first_name": "芳",
            "last_name": "王",
            "country": "cn",
            "emails": "wang@example.cn\nfang@example.com",
            "phones": "+86 10 1234 5678",
        },
    )
    contact = Contact.objects.get()
    assert contact.full_name == "王芳"
    # when an address is added and an e-mail removed
    client.post(
        f"/contacts/{contact.pk}/details/",
        {
            "kind": "postal",
            "label": "home",
            "value": "1 Chang'an Ave, Beijing",
            "city": "Beijing",
            "country": "cn",
        },
    )
    second = ContactPoint.objects.get(normalized="fang@example.com")
    assert client.post(f"/details/{second.pk}/remove/").status_code == 302
    # then the contact page shows each with its type and status
    body = client.get(f"/contacts/{contact.pk}/").content.decode()
    assert "wang@example.cn" in body
    assert "fang@example.com" not in body
    assert "+86 10 1234 5678" in body
    assert "1 Chang&#x27;an Ave, Beijing" in body
    assert sorted(ContactPoint.objects.values_list("kind", "label")) == [
        ("email", "work"),
        ("phone", "mobile"),
        ("postal", "home"),
    ]


def test_removing_a_contact_detail_outside_scope_is_404(personas: Personas) -> None:
    contact = contact_create(created_by=personas.rep, full_name="Anna", emails=["anna@example.com"])
    point = ContactPoint.objects.get(contact=contact)
    assert _client(personas.other_rep).post(f"/details/{point.pk}/remove/").status_code == 404
    assert ContactPoint.objects.filter(pk=point.pk).exists()


def test_account_page_shows_status_badges_of_contact_details(personas: Personas) -> None:
    account = account_create(created_by=personas.rep, name="Acme")
    contact_point_add(added_by=personas.rep, kind="phone", value="+49 30 1234567", account=account)
    client = _client(personas.rep)
    client.post(
        f"/accounts/{account.pk}/activities/",
        {
            "kind": "call",
            "subject": "Intro",
            "outcome": "not_in_service",
            "contact_point": ContactPoint.objects.get().pk,
        },
    )
    body = client.get(f"/accounts/{account.pk}/").content.decode()
    assert '<span class="status status-disconnected">Disconnected</span>' in body
    assert "Number not in service" in body


def test_accounts_and_contacts_are_in_the_main_navigation(personas: Personas) -> None:
    body = _client(personas.rep).get("/contacts/").content.decode()
    assert '<a href="/accounts/">Accounts</a>' in body
    assert '<a href="/contacts/" aria-current="page">Contacts</a>' in body
