"""Forms that pick an account or a contact offer a searchable select, never every record of the table."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from salesdesk.conftest import Personas
from salesdesk.core.widgets import RecordSelect
from salesdesk.customers.models import Account, Contact
from salesdesk.org.models import User
from salesdesk.pipeline.forms import OpportunityForm
from salesdesk.pipeline.models import Opportunity
from salesdesk.pipeline.services import pipeline_default
from salesdesk.testing.browser import sign_in

pytestmark = pytest.mark.django_db

OPTION = re.compile(r'<option value="(\d*)"( selected)?>([^<]*)</option>')


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _accounts(owner: User, count: int, prefix: str = "Firma") -> list[Account]:
    return [Account.objects.create(name=f"{prefix} {index:03d}", owner=owner) for index in range(count)]


def test_the_select_holds_the_chosen_record_and_the_first_few_of_many(personas: Personas) -> None:
    accounts = _accounts(personas.rep, RecordSelect.SHOWN + 20)
    chosen = accounts[-1]  # alphabetically last: not among the first ones shown
    form = OpportunityForm(initial={"account": chosen.pk}, user=personas.rep)
    html = str(form["account"])
    options = OPTION.findall(html)
    values = [value for value, _selected, _label in options]
    # "choose one", then the chosen account, then the first ones by name: never all 50.
    assert values[0] == ""
    assert options[1] == (str(chosen.pk), " selected", chosen.name)
    assert values[2:] == [str(account.pk) for account in accounts[: RecordSelect.SHOWN]]
    assert 'hx-get="/options/account/' in html


def test_a_record_the_page_did_not_offer_is_still_accepted_and_one_out_of_scope_refused(
    personas: Personas,
) -> None:
    mine = _accounts(personas.rep, RecordSelect.SHOWN + 5)[-1]
    theirs = _accounts(personas.other_rep, 1, prefix="Fremd")[0]
    data = {"name": "Deal", "amount": "100", "currency": "EUR", "probability": "20"}
    accepted = OpportunityForm({**data, "account": mine.pk}, user=personas.rep)
    accepted.is_valid()
    assert "account" not in accepted.errors
    refused = OpportunityForm({**data, "account": theirs.pk}, user=personas.rep)
    assert not refused.is_valid()
    assert "account" in refused.errors


def test_typing_finds_matching_records_the_reader_may_see(personas: Personas) -> None:
    _accounts(personas.rep, 3, prefix="Müller Bau")
    _accounts(personas.rep, 3, prefix="Rossi")
    _accounts(personas.other_rep, 2, prefix="Müller Holz")  # another rep's: not offered to this one
    html = _client(personas.rep).get("/options/account/", {"account_search": "müller"}).content.decode()
    labels = [label for _value, _selected, label in OPTION.findall(html)]
    assert labels == ["Müller Bau 000", "Müller Bau 001", "Müller Bau 002"]


def test_contacts_are_offered_with_their_account_and_an_empty_choice_when_optional(
    personas: Personas,
) -> None:
    account = Account.objects.create(name="Kaufhaus Nord", owner=personas.rep)
    Contact.objects.create(full_name="Anna Berger", account=account, owner=personas.rep)
    html = (
        _client(personas.rep)
        .get("/options/contact/", {"contact_search": "berger", "blank": "1"})
        .content.decode()
    )
    assert [label for _value, _selected, label in OPTION.findall(html)] == [
        "---------",
        "Anna Berger (Kaufhaus Nord)",
    ]


def test_an_unknown_kind_is_not_found(personas: Personas) -> None:
    assert _client(personas.rep).get("/options/user/").status_code == 404


def test_the_options_need_a_signed_in_person() -> None:
    assert Client().get("/options/account/").status_code == 302


@pytest.mark.browser
def test_in_the_browser_a_rep_types_part_of_a_name_and_picks_an_account_the_page_did_not_list(
    personas: Personas, live_server: LiveServer, page: Page
) -> None:
    # Given a rep with more accounts than the select lists, the one she wants sorting last
    pipeline_default(business_unit=personas.unit)
    _accounts(personas.rep, RecordSelect.SHOWN + 5)
    wanted = Account.objects.create(name="Zahnradwerk Ost", owner=personas.rep)
    sign_in(page, live_server, "rep")
    page.goto(f"{live_server.url}/opportunities/new/")
    expect(page.locator("#id_account option", has_text="Zahnradwerk Ost")).to_have_count(0)

    # When she types part of its name into the search box beside the account select and presses Enter
    search = page.locator("input[name=account_search]")
    search.fill("zahnrad")
    search.press("Enter")  # looks for accounts; does not send the half-filled form

    # Then the select offers it, she chooses it and saves the opportunity
    expect(page.locator("#id_account option", has_text="Zahnradwerk Ost")).to_have_count(1)
    page.select_option("#id_account", label="Zahnradwerk Ost")
    page.fill("#id_name", "Getriebe 2027")
    page.fill("#id_amount", "12000")
    page.fill("#id_currency", "EUR")
    page.fill("#id_expected_close", "2030-03-31")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Getriebe 2027")
    assert Opportunity.objects.get(name="Getriebe 2027").account_id == wanted.pk
