"""Keeping a promise: only with evidence and who confirmed it, only by the department (or coordinators);
and the contract knows whether all its promises were kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from salesdesk.contracts.choices import DeliverableStatus
from salesdesk.contracts.models import Contract, Deliverable
from salesdesk.contracts.selectors import promises_kept
from salesdesk.contracts.services import (
    deliverable_assign,
    deliverable_cancel,
    deliverable_claim,
    deliverable_complete,
    deliverable_reopen,
    deliverable_start,
)
from salesdesk.contracts.tests.fixtures_contracts import *  # noqa: F403
from salesdesk.contracts.tests.fixtures_contracts import MakeContract, Seed

pytestmark = pytest.mark.django_db


def _promises(contract: Contract) -> dict[str, Deliverable]:
    return {
        d.line.product.name: d for d in contract.deliverables.select_related("line__product", "department")
    }


def test_completion_needs_evidence_and_records_who_confirmed_it(
    seed: Seed, make_contract: MakeContract
) -> None:
    advert = _promises(make_contract(signed=True))["Print advert"]
    staff = seed.personas.design_staff

    with pytest.raises(ValidationError) as raised:
        deliverable_complete(deliverable=advert, by=staff, note="  ")
    assert "evidence" in raised.value.message_dict
    advert.refresh_from_db()
    assert (advert.status, advert.completed_at, advert.confirmed_by) == (DeliverableStatus.OPEN, None, None)

    deliverable_complete(deliverable=advert, by=staff, reference="Issue 2027/03 p. 14")

    advert.refresh_from_db()
    assert (advert.status, advert.evidence_reference, advert.confirmed_by, advert.assignee) == (
        DeliverableStatus.DONE,
        "Issue 2027/03 p. 14",
        staff,
        staff,
    )
    assert advert.completed_at is not None
    assert advert.history.first().history_change_reason == "Done"


def test_only_the_department_or_a_coordinator_may_complete(seed: Seed, make_contract: MakeContract) -> None:
    promises = _promises(make_contract(signed=True))

    with pytest.raises(ValidationError) as raised:
        deliverable_complete(deliverable=promises["Print advert"], by=seed.web_staff, note="I did it")
    assert "Design" in raised.value.messages[0]
    with pytest.raises(ValidationError):
        deliverable_complete(
            deliverable=promises["Web banner"], by=seed.personas.rep, link="https://x.example"
        )

    deliverable_complete(
        deliverable=promises["Web banner"], by=seed.personas.coordinator, link="https://x.example"
    )
    assert Deliverable.objects.get(pk=promises["Web banner"].pk).status == DeliverableStatus.DONE


def test_work_is_taken_started_assigned_within_the_department(
    seed: Seed, make_contract: MakeContract
) -> None:
    banner = _promises(make_contract(signed=True))["Web banner"]

    with pytest.raises(ValidationError):
        deliverable_claim(deliverable=banner, by=seed.personas.design_staff)
    deliverable_claim(deliverable=banner, by=seed.web_staff)
    deliverable_start(deliverable=banner, by=seed.web_staff)
    banner.refresh_from_db()
    assert (banner.assignee, banner.status) == (seed.web_staff, DeliverableStatus.IN_PROGRESS)

    with pytest.raises(ValidationError) as raised:
        deliverable_assign(
            deliverable=banner, assignee=seed.fairs_staff, assigned_by=seed.personas.coordinator
        )
    assert "assignee" in raised.value.message_dict
    deliverable_assign(deliverable=banner, assignee=None, assigned_by=seed.personas.coordinator)
    banner.refresh_from_db()
    assert banner.assignee is None


def test_done_work_is_reopened_with_a_reason_and_open_work_cancelled(
    seed: Seed, make_contract: MakeContract
) -> None:
    promises = _promises(make_contract(signed=True))
    stand = promises["Trade-show stand"]
    deliverable_complete(deliverable=stand, by=seed.fairs_staff, reference="INV-77")

    with pytest.raises(ValidationError):
        deliverable_reopen(deliverable=stand, by=seed.fairs_staff, reason="")
    deliverable_reopen(deliverable=stand, by=seed.fairs_staff, reason="Invoice was for the wrong amount")
    stand.refresh_from_db()
    assert (stand.status, stand.confirmed_by, stand.evidence_reference) == (DeliverableStatus.OPEN, None, "")

    deliverable_cancel(
        deliverable=promises["Web banner"], by=seed.web_staff, reason="Customer declined the banner"
    )
    with pytest.raises(ValidationError):
        deliverable_complete(deliverable=promises["Web banner"], by=seed.web_staff, note="too late")


def test_promises_kept_counts_done_open_and_overdue(seed: Seed, make_contract: MakeContract) -> None:
    contract = make_contract(signed=True)
    promises = _promises(contract)
    late = seed.start_on + timedelta(days=1)  # the advert (and the banner) are overdue then

    assert promises_kept(contract, today=late).summary == "0 of 3 promises kept, 2 overdue"
    deliverable_complete(deliverable=promises["Print advert"], by=seed.personas.design_staff, note="Placed")
    deliverable_complete(deliverable=promises["Trade-show stand"], by=seed.fairs_staff, reference="INV-1")
    state = promises_kept(contract, today=late)
    assert (state.done, state.open, state.overdue, state.all_kept) == (2, 1, 1, False)
    assert state.summary == "2 of 3 promises kept, 1 overdue"

    deliverable_cancel(
        deliverable=promises["Web banner"], by=seed.web_staff, reason="Dropped by the customer"
    )

    state = promises_kept(contract, today=late)
    assert (state.done, state.open, state.all_kept, state.summary) == (2, 0, True, "All promises kept")


def test_the_contract_page_shows_every_promise_and_the_all_kept_banner(
    seed: Seed, make_contract: MakeContract
) -> None:
    contract = make_contract(signed=True)
    staff = {
        "Print advert": seed.personas.design_staff,
        "Web banner": seed.web_staff,
        "Trade-show stand": seed.fairs_staff,
    }
    for name, deliverable in _promises(contract).items():
        client = Client()
        client.force_login(staff[name])
        response = client.post(
            reverse("contracts:deliverable-complete", args=[deliverable.pk]),
            {"reference": f"proof of {name}"},
        )
        assert response.status_code == 302

    client = Client()
    client.force_login(seed.personas.rep)
    page = client.get(reverse("contracts:contract-detail", args=[contract.pk])).content.decode()

    assert "All promises kept" in page
    assert "promises-kept" in page
    for name, person in staff.items():
        assert f"proof of {name}" in page
        assert person.display_name in page


def test_completing_without_evidence_on_the_page_shows_the_error(
    seed: Seed, make_contract: MakeContract
) -> None:
    advert = _promises(make_contract(signed=True))["Print advert"]
    client = Client()
    client.force_login(seed.personas.design_staff)

    response = client.post(reverse("contracts:deliverable-complete", args=[advert.pk]), {"note": ""})

    assert response.status_code == 400
    assert "Show that it was done" in response.content.decode()
    assert Deliverable.objects.get(pk=advert.pk).status == DeliverableStatus.OPEN


def test_taking_and_completing_from_a_queue_row_answers_with_the_row(
    seed: Seed, make_contract: MakeContract
) -> None:
    advert = _promises(make_contract(signed=True))["Print advert"]
    client = Client()
    client.force_login(seed.personas.design_staff)

    taken = client.post(
        reverse("contracts:deliverable-claim", args=[advert.pk]), headers={"HX-Request": "true"}
    )
    refused = client.post(
        reverse("contracts:deliverable-complete", args=[advert.pk]), headers={"HX-Request": "true"}
    )
    done = client.post(
        reverse("contracts:deliverable-complete", args=[advert.pk]),
        {"reference": "p. 14"},
        headers={"HX-Request": "true"},
    )

    assert taken.content.decode().startswith(f'<tr id="deliverable-{advert.pk}"')
    assert "Show that it was done" in refused.content.decode()
    assert "confirmed by" in done.content.decode()
    assert Deliverable.objects.get(pk=advert.pk).confirmed_by == seed.personas.design_staff
    assert timezone.now() >= Deliverable.objects.get(pk=advert.pk).completed_at
