"""Signing: one deliverable per promised item in the right department's queue, billing entries for
finance, all in one transaction; and the bulk path that signs thousands as one job."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from salesdesk.catalog.choices import DeliverableAction
from salesdesk.contracts.choices import ContractStatus, DeliverableStatus
from salesdesk.contracts.models import Contract, Deliverable
from salesdesk.contracts.services import ContractLineInput, contract_sign
from salesdesk.contracts.signing import sign_contracts_bulk
from salesdesk.contracts.tests.fixtures_contracts import *  # noqa: F403
from salesdesk.contracts.tests.fixtures_contracts import MakeContract, Seed
from salesdesk.core.choices import JobStatus
from salesdesk.core.models import AuditEvent, JobRun
from salesdesk.orders.models import BillingEntry

pytestmark = pytest.mark.django_db


def test_signing_routes_each_promise_to_its_department_with_due_date_and_what_to_do(
    seed: Seed, make_contract: MakeContract
) -> None:
    contract = make_contract()
    today = timezone.localdate()

    contract_sign(
        contract=contract, signed_by=seed.personas.rep, signed_on=today, expected_version=contract.version
    )

    contract.refresh_from_db()
    assert (contract.status, contract.signed_on, contract.signed_by) == (
        ContractStatus.SIGNED,
        today,
        seed.personas.rep,
    )
    advert, banner, stand = Deliverable.objects.order_by("line__position")
    assert (advert.department, advert.action, advert.title, advert.due_on) == (
        seed.personas.design,
        DeliverableAction.PLACE_IN_ISSUES,
        "Place the advert in the issues",
        seed.start_on - timedelta(days=7),
    )
    assert "Issues: 2027/03, 2027/04" in advert.detail
    assert "Quantity: 2" in advert.detail
    assert (banner.department, banner.due_on) == (seed.web, seed.start_on)
    assert "Target address: https://schulz.example/fruehling" in banner.detail
    assert (stand.department, stand.due_on) == (seed.fairs, seed.start_on + timedelta(days=14))
    assert "Invoice 1,200.00 EUR instead of 2,000.00 EUR (40% discount)" in stand.detail
    assert {d.status for d in (advert, banner, stand)} == {DeliverableStatus.OPEN}
    assert AuditEvent.objects.filter(verb="contract.signed", object_id=str(contract.pk)).exists()
    assert contract.history.first().history_change_reason == "Signed"


def test_signing_creates_the_billing_entries_with_the_discounted_amount(
    seed: Seed, make_contract: MakeContract
) -> None:
    contract = make_contract(signed=True)

    entries = {
        (e.contract_line.product.name, e.amount) for e in BillingEntry.objects.filter(contract=contract)
    }
    # The advert per issue, the free banner at nothing, the stand at its discounted price.
    assert entries == {
        ("Print advert", Decimal(1000)),
        ("Web banner", Decimal(0)),
        ("Trade-show stand", Decimal(1200)),
    }
    assert BillingEntry.objects.filter(contract=contract).count() == 4
    stand_entry = BillingEntry.objects.get(contract=contract, contract_line__product=seed.stand)
    assert "1,200.00" in stand_entry.description


def test_a_promise_is_never_due_before_the_signature(seed: Seed, make_contract: MakeContract) -> None:
    # Given a contract that started a while ago (the advert is due a week before the start)
    contract = make_contract(start_on=timezone.localdate() - timedelta(days=3))

    contract_sign(
        contract=contract,
        signed_by=seed.personas.rep,
        signed_on=timezone.localdate(),
        expected_version=contract.version,
    )

    advert = Deliverable.objects.get(line__product=seed.advert)
    assert advert.due_on == timezone.localdate()


def test_signing_refuses_when_a_department_is_missing_and_saves_nothing(
    seed: Seed, make_contract: MakeContract
) -> None:
    contract = make_contract()
    seed.fairs.delete()

    with pytest.raises(ValidationError) as raised:
        contract_sign(
            contract=contract,
            signed_by=seed.personas.rep,
            signed_on=timezone.localdate(),
            expected_version=contract.version,
        )

    message = raised.value.message_dict["lines.2.product"][0]
    assert "Trade-show stand" in message
    assert "Trade fairs" in message
    contract.refresh_from_db()
    assert contract.status == ContractStatus.DRAFT
    assert (Deliverable.objects.count(), BillingEntry.objects.count()) == (0, 0)


@pytest.mark.parametrize("when", ["twice", "future"])
def test_signing_refuses_a_second_signature_or_a_future_date(
    seed: Seed, make_contract: MakeContract, when: str
) -> None:
    contract = make_contract(signed=when == "twice")
    signed_on = timezone.localdate() + timedelta(days=1 if when == "future" else 0)

    with pytest.raises(ValidationError) as raised:
        contract_sign(
            contract=contract,
            signed_by=seed.personas.rep,
            signed_on=signed_on,
            expected_version=contract.version,
        )

    assert set(raised.value.message_dict) == {"status" if when == "twice" else "signed_on"}
    assert Deliverable.objects.count() == (3 if when == "twice" else 0)


def _outcome(contracts: list[Contract]) -> list[tuple[object, ...]]:
    """What signing produced, without the ids: for comparing two ways of signing."""
    rows = []
    for contract in contracts:
        contract.refresh_from_db()
        rows.append((contract.status, contract.signed_on, contract.version))
        rows.extend(
            (d.line.position, d.department_id, d.action, d.title, d.detail, d.due_on, d.status)
            for d in contract.deliverables.select_related("line").order_by("line__position", "pk")
        )
        rows.extend(
            (e.contract_line.position, e.kind, e.description, e.amount, e.bill_on, e.instalment)
            for e in BillingEntry.objects.filter(contract=contract)
            .select_related("contract_line")
            .order_by("pk")
        )
    return rows


def test_bulk_signing_gives_the_same_result_as_signing_one_by_one(
    seed: Seed, make_contract: MakeContract
) -> None:
    rep = seed.personas.rep
    today = timezone.localdate()
    one_by_one = [make_contract() for _ in range(3)]
    in_bulk = [make_contract() for _ in range(3)]
    for contract in one_by_one:
        contract_sign(contract=contract, signed_by=rep, signed_on=today, expected_version=contract.version)

    signed = sign_contracts_bulk(contract_ids=[c.pk for c in in_bulk], signed_by=rep, signed_on=today)

    assert signed == 3
    assert _outcome(in_bulk) == _outcome(one_by_one)
    assert in_bulk[0].history.first().history_change_reason == "Signed"
    assert AuditEvent.objects.filter(verb="contract.signed").count() == 6
    # Running it again signs nothing twice.
    assert sign_contracts_bulk(contract_ids=[c.pk for c in in_bulk], signed_by=rep, signed_on=today) == 0
    assert Deliverable.objects.count() == 18


def _drafts(seed: Seed, make_contract: MakeContract, count: int) -> list[int]:
    lines = [ContractLineInput(product=seed.stand, quantity=Decimal(1), discount_percent=Decimal(10))]
    return [make_contract(lines=lines).pk for _ in range(count)]


def test_bulk_signing_runs_a_number_of_queries_that_does_not_grow_with_the_contracts(
    seed: Seed, make_contract: MakeContract
) -> None:
    few, many = _drafts(seed, make_contract, 3), _drafts(seed, make_contract, 300)
    rep, today = seed.personas.rep, timezone.localdate()

    with CaptureQueriesContext(connection) as for_few:
        sign_contracts_bulk(contract_ids=few, signed_by=rep, signed_on=today)
    with CaptureQueriesContext(connection) as for_many:
        assert sign_contracts_bulk(contract_ids=many, signed_by=rep, signed_on=today) == 300

    assert len(for_many) == len(for_few) <= 15
    assert Deliverable.objects.filter(contract_id__in=many).count() == 300
    assert BillingEntry.objects.filter(contract_id__in=many, amount=Decimal(1800)).count() == 300


def test_bulk_signing_skips_contracts_it_cannot_sign_and_signs_the_rest(
    seed: Seed, make_contract: MakeContract
) -> None:
    good, empty = make_contract(), make_contract()
    empty.lines.all().delete()
    other_reps = make_contract(owner=seed.personas.other_rep)
    skipped: list[str] = []

    signed = sign_contracts_bulk(
        contract_ids=[good.pk, empty.pk, other_reps.pk],
        signed_by=seed.personas.rep,
        signed_on=timezone.localdate(),
        skipped=skipped,
    )

    # The rep may not sign what they cannot see (the coordinator could); a contract without lines waits.
    assert signed == 1
    assert skipped == [f"{empty.number} has no lines."]
    statuses = dict(Contract.objects.values_list("pk", "status"))
    assert statuses == {
        good.pk: ContractStatus.SIGNED,
        empty.pk: ContractStatus.DRAFT,
        other_reps.pk: ContractStatus.DRAFT,
    }


def test_a_coordinator_signs_the_selected_drafts_as_a_job(
    seed: Seed,
    make_contract: MakeContract,
    django_capture_on_commit_callbacks: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The worker closes "old" connections between tasks; on PostgreSQL that would be the test's own.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    drafts = [make_contract(), make_contract(owner=seed.personas.other_rep)]
    client = Client()
    client.force_login(seed.personas.coordinator)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(
            reverse("contracts:contract-sign-selected"),
            {"contract": [str(c.pk) for c in drafts], "signed_on": timezone.localdate().isoformat()},
        )
    run = JobRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:job-detail", args=[run.pk])

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0, stdout=io.StringIO())

    run.refresh_from_db()
    assert (run.status, run.total, run.done, run.result["signed"]) == (JobStatus.SUCCEEDED, 2, 2, 2)
    assert set(Contract.objects.values_list("status", flat=True)) == {ContractStatus.SIGNED}
    assert Deliverable.objects.count() == 6
    job_page = client.get(reverse("web:job-detail", args=[run.pk])).content.decode()
    assert "2 contracts signed" in job_page


def test_a_rep_cannot_sign_in_bulk(seed: Seed, make_contract: MakeContract) -> None:
    draft = make_contract()
    client = Client()
    client.force_login(seed.personas.rep)

    client.post(reverse("contracts:contract-sign-selected"), {"contract": [str(draft.pk)]})

    assert JobRun.objects.count() == 0
