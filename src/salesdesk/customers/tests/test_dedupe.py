"""Finding duplicates: each signal is found, unrelated companies are not, and the review list and scan job."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from salesdesk.conftest import Personas
from salesdesk.core.choices import JobStatus
from salesdesk.core.models import JobRun
from salesdesk.customers.dedupe import clean_company_name, duplicates_scan, find_account_duplicates
from salesdesk.customers.models import Account, DuplicatePair
from salesdesk.customers.services import account_create, contact_create, contact_point_add

pytestmark = pytest.mark.django_db


def _signals(first: Account, second: Account) -> list[str]:
    found = find_account_duplicates(Account.objects.all())
    key = (min(first.pk, second.pk), max(first.pk, second.pk))
    return [reason["signal"] for reason in found[key].reasons] if key in found else []


def test_legal_forms_and_accents_do_not_count_in_names() -> None:
    assert clean_company_name("Müller GmbH & Co. KG") == "muller"
    assert clean_company_name("Costruzioni Rossi S.r.l.") == "costruzioni rossi"
    assert clean_company_name("Acme Ltd") == "acme"
    assert clean_company_name("Стройинвест ООД") == "строиинвест"
    assert clean_company_name("上海华信贸易有限公司") == "上海华信贸易"


def test_the_same_vat_id_is_found(personas: Personas) -> None:
    first = account_create(created_by=personas.rep, name="Alpha Handels GmbH", vat_id="DE 123 456 789")
    second = account_create(created_by=personas.rep, name="Omega Trading", vat_id="de123456789")

    assert _signals(first, second) == ["vat"]


def test_the_same_domain_is_found(personas: Personas) -> None:
    first = account_create(created_by=personas.rep, name="Alpha", website="https://www.alpha.example/")
    second = account_create(created_by=personas.rep, name="Zulu Holdings", website="http://alpha.example")

    assert _signals(first, second) == ["domain"]


def test_a_shared_email_or_phone_is_found(personas: Personas) -> None:
    first = account_create(created_by=personas.rep, name="Blue Ocean", country="DE")
    second = account_create(created_by=personas.rep, name="Red Mountain", country="DE")
    contact_point_add(added_by=personas.rep, kind="email", value="info@shared.example", account=first)
    contact_point_add(added_by=personas.rep, kind="email", value="INFO@shared.example", account=second)
    third = account_create(created_by=personas.rep, name="Green Valley", country="DE")
    fourth = account_create(created_by=personas.rep, name="Grey Desert", country="DE")
    contact_point_add(added_by=personas.rep, kind="phone", value="030 1234567", account=third)
    contact_point_add(added_by=personas.rep, kind="phone", value="+49 30 1234567", account=fourth)

    assert _signals(first, second) == ["email"]
    assert _signals(third, fourth) == ["phone"]


def test_a_similar_name_is_found_without_legal_forms(personas: Personas) -> None:
    first = account_create(created_by=personas.rep, name="Costruzioni Rossi S.r.l.")
    second = account_create(created_by=personas.rep, name="Costruzioni Rossi SRL")
    third = account_create(created_by=personas.rep, name="Acme GmbH")
    fourth = account_create(created_by=personas.rep, name="ACME Ltd.")

    assert _signals(first, second) == ["name"]
    assert _signals(third, fourth) == ["name"]


def test_unrelated_companies_are_not_paired(personas: Personas) -> None:
    account_create(
        created_by=personas.rep, name="Acme Trading GmbH", website="https://acme.example", vat_id="DE1"
    )
    account_create(
        created_by=personas.rep, name="Zeta Trading Ltd", website="https://zeta.example", vat_id="GB2"
    )
    account_create(created_by=personas.rep, name="Costruzioni Rossi S.r.l.")
    account_create(created_by=personas.rep, name="Costruzioni Bianchi S.r.l.")

    assert find_account_duplicates(Account.objects.all()) == {}


def test_accounts_of_different_business_units_are_not_paired(personas: Personas) -> None:
    account_create(created_by=personas.rep, name="Acme GmbH", vat_id="DE123")
    account_create(created_by=personas.outsider, name="Acme GmbH", vat_id="DE123")

    assert find_account_duplicates(Account.objects.all()) == {}


def test_contacts_sharing_an_email_or_with_a_similar_name_at_one_account_are_found(
    personas: Personas,
) -> None:
    acme = account_create(created_by=personas.rep, name="Acme GmbH")
    anna = contact_create(created_by=personas.rep, full_name="Anna Schmidt", account=acme)
    anna_again = contact_create(created_by=personas.rep, full_name="Schmidt, Anna", account=acme)
    elsewhere = contact_create(created_by=personas.rep, full_name="Anna Schmidt")
    bob = contact_create(created_by=personas.rep, full_name="Bob Maier", emails=["bob@x.example"])
    robert = contact_create(created_by=personas.rep, full_name="Robert Maier", emails=["Bob@X.example"])

    duplicates_scan()

    pairs = {
        (pair.first_id, pair.second_id): [r["signal"] for r in pair.reasons]
        for pair in DuplicatePair.objects.filter(entity="contact")
    }
    assert pairs == {(anna.pk, anna_again.pk): ["name"], (bob.pk, robert.pk): ["email"]}
    assert elsewhere.pk not in {pk for pair in pairs for pk in pair}


def test_a_scan_is_idempotent_and_leaves_dismissed_pairs_alone(personas: Personas) -> None:
    account_create(created_by=personas.rep, name="Acme GmbH", vat_id="DE123")
    account_create(created_by=personas.rep, name="Acme AG", vat_id="DE123")
    duplicates_scan()
    pair = DuplicatePair.objects.get()
    assert (pair.score, pair.status) == (100, "open")
    pair.status = "dismissed"
    pair.save()

    duplicates_scan()

    assert DuplicatePair.objects.count() == 1
    assert DuplicatePair.objects.get().status == "dismissed"


def test_the_review_list_shows_pairs_with_their_reasons(personas: Personas, client: Client) -> None:
    account_create(created_by=personas.rep, name="Acme GmbH", vat_id="DE123")
    account_create(created_by=personas.other_rep, name="Acme AG", vat_id="DE 123")
    duplicates_scan()
    client.force_login(personas.coordinator)

    body = client.get("/duplicates/").content.decode()

    assert '<td>Acme AG <span class="meta">other_rep' in body
    assert "<td>100</td>" in body
    assert '<span class="tag">Same VAT ID: DE123</span>' in body
    assert '<span class="tag">Similar name: 100%</span>' in body


def test_the_review_list_makes_the_same_queries_for_1_and_50_pairs(
    personas: Personas, client: Client
) -> None:
    client.force_login(personas.coordinator)
    account_create(created_by=personas.rep, name="Pair 0 a", vat_id="X0")
    account_create(created_by=personas.rep, name="Other 0 b", vat_id="X0")
    duplicates_scan()
    client.get("/duplicates/")
    with CaptureQueriesContext(connection) as one:
        client.get("/duplicates/")
    for index in range(1, 50):
        account_create(created_by=personas.rep, name=f"Pair {index} a", vat_id=f"X{index}")
        account_create(created_by=personas.rep, name=f"Other {index} b", vat_id=f"X{index}")
    duplicates_scan()
    assert DuplicatePair.objects.filter(entity="account").count() >= 50
    with CaptureQueriesContext(connection) as fifty:
        body = client.get("/duplicates/").content.decode()
    assert body.count("Compare and merge") == 50
    assert len(fifty.captured_queries) == len(one.captured_queries)


@pytest.mark.parametrize("persona", ["rep", "manager", "finance", "outsider"])
def test_people_who_do_not_review_duplicates_get_404(
    personas: Personas, client: Client, persona: str
) -> None:
    account_create(created_by=personas.rep, name="Acme GmbH", vat_id="DE123")
    account_create(created_by=personas.rep, name="Acme AG", vat_id="DE123")
    duplicates_scan()
    pair = DuplicatePair.objects.get()
    client.force_login(getattr(personas, persona))

    assert client.get("/duplicates/").status_code == 404
    assert client.post("/duplicates/scan/").status_code == 404
    assert client.get(f"/duplicates/{pair.pk}/merge/").status_code == 404
    assert client.post(f"/duplicates/{pair.pk}/merge/", {"keep": "first"}).status_code == 404
    assert client.post(f"/duplicates/{pair.pk}/dismiss/").status_code == 404
    assert DuplicatePair.objects.get().status == "open"


@pytest.mark.django_db(transaction=True)
def test_scan_now_runs_a_job_with_progress(personas: Personas, client: Client) -> None:
    account_create(created_by=personas.rep, name="Acme GmbH", vat_id="DE123")
    account_create(created_by=personas.rep, name="Acme AG", vat_id="DE123")
    client.force_login(personas.coordinator)

    response = client.post("/duplicates/scan/")
    run = JobRun.objects.get(kind="customers.duplicates_scan")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0, stdout=io.StringIO())

    assert response["Location"] == f"/jobs/{run.pk}/"
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED
    assert (run.total, run.done) == (2, 2)
    assert run.result == {"accounts": 1, "contacts": 0, "new": 1}
    assert DuplicatePair.objects.count() == 1
