"""The search: typos, any script, e-mail and phone fragments, scoping, and a constant number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from salesdesk.conftest import Personas
from salesdesk.customers.services import account_create, contact_create
from salesdesk.org.models import User
from salesdesk.pipeline.services import opportunity_create
from salesdesk.prospects.models import Prospect
from salesdesk.search.selectors import search

pytestmark = pytest.mark.django_db


def _titles(user: User, query: str, kind: str) -> list[str]:
    groups = {group.kind: group for group in search(user=user, query=query, kinds=[kind])}
    return [result.title for result in groups[kind].results]


@pytest.fixture
def book(personas: Personas) -> Personas:
    rep = personas.rep
    schmidt = account_create(
        created_by=rep, name="Schmidt GmbH", vat_id="DE 123 456 789", website="https://schmidt.de"
    )
    account_create(
        created_by=rep, name="Ferrari S.p.A.", legal_name="Ferrari Società per Azioni", country="IT"
    )
    shanghai = account_create(created_by=rep, name="上海贸易有限公司", country="CN")
    account_create(created_by=rep, name="Petrov Trading")
    contact_create(
        created_by=rep, full_name="王芳", account=shanghai, country="CN", emails=["wang.fang@sh-trade.cn"]
    )
    contact_create(created_by=rep, full_name="Иван Петров", country="BG", phones=["+359 2 987 6543"])
    contact_create(
        created_by=rep,
        full_name="Anna Schmidt",
        account=schmidt,
        emails=["anna.schmidt@schmidt.de"],
        phones=["+49 30 1234567"],
        country="DE",
    )
    Prospect.objects.create(
        company_name="Müller Maschinenbau",
        contact_name="Jörg Müller",
        email="joerg@mueller.de",
        source="cold_call",
        owner=personas.coordinator,
        assigned_rep=rep,
    )
    opportunity_create(
        created_by=rep, account=schmidt, name="Fleet renewal 2027", expected_close=date(2027, 3, 31)
    )
    account_create(created_by=personas.other_rep, name="Schmidt Logistics (private)")
    return personas


def test_it_finds_an_account_despite_a_typo(book: Personas) -> None:
    # Given "Schmidt GmbH" and "Ferrari S.p.A." in the rep's book
    # When the rep types a misspelling
    # Then the right account comes first
    assert _titles(book.rep, "Schmitt", "account")[0] == "Schmidt GmbH"
    assert _titles(book.rep, "Fererri", "account") == ["Ferrari S.p.A."]


def test_it_finds_chinese_names_and_places(book: Personas) -> None:
    assert _titles(book.rep, "王芳", "contact") == ["王芳"]
    assert _titles(book.rep, "上海", "account") == ["上海贸易有限公司"]


def test_it_finds_cyrillic_names(book: Personas) -> None:
    assert _titles(book.rep, "Петров", "contact") == ["Иван Петров"]


def test_it_finds_contacts_by_email_and_phone_fragments(book: Personas) -> None:
    assert _titles(book.rep, "wang.fang@", "contact") == ["王芳"]
    assert _titles(book.rep, "30 1234", "contact") == ["Anna Schmidt"]
    assert _titles(book.rep, "987 6543", "contact") == ["Иван Петров"]


def test_it_finds_accounts_by_vat_id_and_domain(book: Personas) -> None:
    assert _titles(book.rep, "DE 123 456", "account") == ["Schmidt GmbH"]
    assert _titles(book.rep, "schmidt.de", "account") == ["Schmidt GmbH"]


def test_it_finds_prospects_and_opportunities(book: Personas) -> None:
    assert _titles(book.rep, "Maschinenbau", "prospect") == ["Müller Maschinenbau"]
    assert _titles(book.rep, "joerg@", "prospect") == ["Müller Maschinenbau"]
    assert _titles(book.rep, "Fleet", "opportunity") == ["Fleet renewal 2027"]
    # An opportunity is found by its account's name too.
    assert _titles(book.rep, "Schmidt GmbH", "opportunity") == ["Fleet renewal 2027"]


def test_it_never_finds_another_reps_private_account(book: Personas) -> None:
    assert "Schmidt Logistics (private)" not in _titles(book.rep, "Schmidt", "account")
    # while their manager does
    assert "Schmidt Logistics (private)" in _titles(book.manager, "Schmidt", "account")


def test_the_outsider_finds_nothing_of_north(book: Personas) -> None:
    for query in ("Schmidt", "Schmitt", "王芳", "Петров", "Maschinenbau", "Fleet"):
        assert all(not group.results for group in search(user=book.outsider, query=query)), query


def test_a_one_letter_latin_query_searches_nothing(book: Personas) -> None:
    assert search(user=book.rep, query="S") == []


def _make_accounts(owner: User, count: int) -> None:
    for number in range(count):
        account_create(created_by=owner, name=f"Nordwind {number:02d} AG")


def test_search_makes_the_same_number_of_queries_for_1_and_50_results(personas: Personas) -> None:
    _make_accounts(personas.rep, 1)
    search(user=personas.rep, query="warm up")  # reads the person's roles once; they stay cached
    with CaptureQueriesContext(connection) as one:
        groups = search(user=personas.rep, query="Nordwind", limit=50)
    assert sum(group.count for group in groups) == 1
    for number in range(1, 50):
        account_create(created_by=personas.rep, name=f"Nordwind {number:02d} KG")
    with CaptureQueriesContext(connection) as fifty:
        groups = search(user=personas.rep, query="Nordwind", limit=50)
    assert sum(group.count for group in groups) == 50
    assert len(fifty) == len(one)


def test_the_search_page_groups_results_by_kind_with_counts(book: Personas, client: Client) -> None:
    client.force_login(book.rep)
    response = client.get(reverse("search:search"), {"q": "Schmidt"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="count-account">1<' in page
    assert 'data-testid="count-contact">1<' in page
    assert 'data-testid="count-opportunity">1<' in page
    assert "Schmidt GmbH" in page
    assert "Anna Schmidt" in page
    assert "Schmidt Logistics (private)" not in page


def test_the_live_results_are_a_fragment(book: Personas, client: Client) -> None:
    client.force_login(book.rep)
    response = client.get(reverse("search:search"), {"q": "Fererri"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page
    assert "Ferrari S.p.A." in page


def test_the_search_page_needs_a_signed_in_person(client: Client) -> None:
    response = client.get(reverse("search:search"), {"q": "Schmidt"})
    assert response.status_code == 302


def test_the_api_searches_the_chosen_kinds(book: Personas, client: Client) -> None:
    client.force_login(book.rep)
    response = client.get("/api/v1/search", {"q": "Schmitt", "kinds": "account"})
    assert response.status_code == 200
    body = response.json()
    assert [group["kind"] for group in body["groups"]] == ["account"]
    assert body["groups"][0]["results"][0]["title"] == "Schmidt GmbH"
    assert body["groups"][0]["label"] == "Accounts"


def test_the_api_answers_the_outsider_with_nothing(book: Personas, client: Client) -> None:
    client.force_login(book.outsider)
    body = client.get("/api/v1/search", {"q": "Schmidt"}).json()
    assert all(group["count"] == 0 for group in body["groups"])


def test_the_api_needs_authentication(client: Client) -> None:
    assert client.get("/api/v1/search", {"q": "Schmidt"}).status_code == 401


def _accounts_found(user: User, query: str, limit: int) -> tuple[list[str], bool]:
    (group,) = search(user=user, query=query, kinds=["account"], limit=limit)
    return [result.title for result in group.results], group.has_more


def test_literal_matches_rank_above_typo_matches_which_are_still_found(book: Personas) -> None:
    # Given two accounts really named "Schmitt" beside "Schmidt GmbH"
    account_create(created_by=book.rep, name="Schmitt Bau")
    account_create(created_by=book.rep, name="Schmitt Logistik")
    # When the rep searches "Schmitt"
    titles, _more = _accounts_found(book.rep, "Schmitt", 10)
    # Then both literal matches come first, and the typo match is still offered after them
    assert sorted(titles[:2]) == ["Schmitt Bau", "Schmitt Logistik"]
    assert titles[2:] == ["Schmidt GmbH"]


def test_literal_matches_that_fill_the_answer_leave_out_typo_matches(book: Personas) -> None:
    for city in ("Bau", "Logistik", "Handel"):
        account_create(created_by=book.rep, name=f"Schmitt {city}")
    titles, more = _accounts_found(book.rep, "Schmitt", 2)
    assert len(titles) == 2
    assert all(title.startswith("Schmitt ") for title in titles)
    assert more


def test_a_typo_in_a_contacts_name_among_many_exact_names(personas: Personas) -> None:
    # Given a book where one family name is very common and one contact has a rarer one
    for number in range(12):
        contact_create(created_by=personas.rep, full_name=f"Person{number:02d} Schmidt")
    contact_create(created_by=personas.rep, full_name="Jörg Ferrari")
    # When the rep misspells the rare name, and types the common one
    # Then the typo still finds the rare one, and the common one lists its matches
    assert _titles(personas.rep, "Fererri", "contact") == ["Jörg Ferrari"]
    common = _titles(personas.rep, "Schmidt", "contact")
    assert len(common) == 10
    assert all(title.endswith(" Schmidt") for title in common)


def test_a_contact_found_by_email_ranks_above_typo_matches_of_the_name(personas: Personas) -> None:
    contact_create(created_by=personas.rep, full_name="Wang Fang", emails=["george.taylor2@example.com"])
    contact_create(created_by=personas.rep, full_name="George Taylor")
    assert _titles(personas.rep, "george.taylor2", "contact")[0] == "Wang Fang"
