"""The expiry calendar page, its CSV and the API list: scoped, navigable, and a fixed number of queries."""

from __future__ import annotations

from datetime import date

from django.test import Client

from salesdesk.api.services import api_token_create
from salesdesk.conftest import Personas
from salesdesk.contracts.tests.expiry_data import make_account, make_contract
from salesdesk.core.models import CompanySettings
from salesdesk.org.models import User

URL = "/contracts/expiry/"
OUTLOOK = "/contracts/expiry/outlook/"


def _api(user: User) -> Client:
    _token, plaintext = api_token_create(user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


def _login(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_calendar_lists_the_months_contracts_with_terms_and_a_chart(personas: Personas) -> None:
    account = make_account(personas.rep, "北京广告有限公司")
    make_contract(
        personas.rep,
        date(2026, 12, 15),
        account=account,
        title="Jahresanzeigen 2027",
        value="12000",
        auto_renew=True,
        renewal_months=12,
        notice_days=30,
    )
    make_contract(personas.other_rep, date(2026, 12, 16), title="Not for the rep")

    client = _login(personas.rep)
    response = client.get(URL, {"period": "month", "start": "2026-12"})
    outlook = client.get(OUTLOOK, {"period": "month", "start": "2026-12"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    html = response.text
    assert "Jahresanzeigen 2027" in html
    assert "北京广告有限公司" in html
    assert "Not for the rep" not in html
    assert "€12,000.00" in html
    assert "Renews automatically for 12 months" in html
    assert 'datetime="2026-11-15"' in html  # the notice deadline, 30 days before the end
    # The year ahead is loaded after the page, as a chart of twelve months from the shown one.
    assert f'hx-get="{OUTLOOK}?period=month&amp;start=2026-12"' in html
    assert outlook.status_code == 200
    assert outlook.text.lstrip().startswith("<h2")  # only the fragment, for htmx to swap in
    assert '<svg class="chart"' in outlook.text
    assert "Dec 2026: €12,000.00" in outlook.text  # the bar's accessible title
    assert "Nov 2027" in outlook.text
    assert "Dec 2027" not in outlook.text
    # Without JavaScript the link opens the same outlook as a page of its own.
    assert "<!doctype html>" in client.get(OUTLOOK, {"start": "2026-12"}).text
    assert "period=month&amp;start=2026-11" in html
    assert "period=month&amp;start=2027-01" in html


def test_the_quarter_view_follows_the_fiscal_year(personas: Personas) -> None:
    settings_row = CompanySettings.current()
    settings_row.fiscal_year_start_month = 4
    settings_row.save()
    make_contract(personas.rep, date(2026, 10, 1), title="First day of Q3")
    make_contract(personas.rep, date(2027, 1, 1), title="First day of Q4")

    response = _login(personas.rep).get(URL, {"period": "quarter", "start": "2026-11"})

    assert response.status_code == 200
    assert "Q3 FY 2027" in response.text
    assert "First day of Q3" in response.text
    assert "First day of Q4" not in response.text
    assert "period=quarter&amp;start=2027-01" in response.text  # next: fiscal Q4


def test_a_manager_can_narrow_to_one_rep_and_bad_filters_are_ignored(personas: Personas) -> None:
    make_contract(personas.rep, date(2026, 12, 15), title="Alpha deal")
    make_contract(personas.other_rep, date(2026, 12, 15), title="Beta deal")
    client = _login(personas.manager)

    narrowed = client.get(URL, {"start": "2026-12", "rep": personas.other_rep.pk})
    nonsense = client.get(URL, {"start": "2026-13", "rep": "x", "period": "decade"})

    assert "Beta deal" in narrowed.text
    assert "Alpha deal" not in narrowed.text
    assert nonsense.status_code == 200
    assert "Give a month as YYYY-MM" in nonsense.text


def test_the_csv_holds_every_contract_of_the_period(personas: Personas) -> None:
    make_contract(personas.rep, date(2026, 12, 15), title="Jahresanzeigen; 2027", value="1234.5")

    response = _login(personas.rep).get("/contracts/expiry/export.csv", {"start": "2026-12"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert text.startswith("\ufeffNumber;Title;")
    assert '"Jahresanzeigen; 2027"' in text
    assert ";2026-12-15;" in text
    assert ";1234.50;EUR;" in text


def test_the_calendar_needs_signing_in(db: None) -> None:
    response = Client().get(URL)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_api_lists_expiring_contracts_by_end_date_page_by_page(
    personas: Personas,
) -> None:
    first = make_contract(personas.rep, date(2026, 12, 2), value="100", auto_renew=True, notice_days=10)
    second = make_contract(personas.rep, date(2026, 12, 9))
    third = make_contract(personas.rep, date(2026, 12, 9))
    make_contract(personas.other_rep, date(2026, 12, 3))  # not the rep's to see
    make_contract(personas.rep, date(2027, 1, 9))  # outside the window
    client = _api(personas.rep)

    page_one = client.get(
        "/api/v1/contracts/expiring", {"start": "2026-12-01", "end": "2026-12-31", "limit": 2}
    )
    body = page_one.json()
    page_two = client.get(
        "/api/v1/contracts/expiring",
        {"start": "2026-12-01", "end": "2026-12-31", "limit": 2, "cursor": body["next_cursor"]},
    ).json()

    assert page_one.status_code == 200
    assert [item["id"] for item in body["items"]] == [first.pk, second.pk]
    assert [item["id"] for item in page_two["items"]] == [third.pk]
    assert page_two["next_cursor"] is None
    item = body["items"][0]
    assert item["end_on"] == "2026-12-02"
    assert item["notice_deadline"] == "2026-11-22"
    assert item["auto_renew"] is True
    assert item["account_name"] == "Müller & Söhne GmbH"
    assert item["currency"] == "EUR"


def test_the_api_filters_by_team_and_refuses_an_end_before_the_start(
    personas: Personas,
) -> None:
    mine = make_contract(personas.rep, date(2026, 12, 2))
    make_contract(personas.outsider, date(2026, 12, 2))
    client = _api(personas.coordinator)

    team = client.get(
        "/api/v1/contracts/expiring",
        {"start": "2026-12-01", "end": "2026-12-31", "team": personas.manager.pk},
    )
    backwards = client.get("/api/v1/contracts/expiring", {"start": "2026-12-31", "end": "2026-12-01"})

    assert [item["id"] for item in team.json()["items"]] == [mine.pk]
    assert backwards.status_code in (400, 422)
    assert backwards["Content-Type"].startswith("application/problem+json")
    assert "end" in backwards.text
