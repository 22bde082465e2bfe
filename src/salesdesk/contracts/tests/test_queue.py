"""Department queues: mine / my department, due this week / overdue; scoped; constant queries per page.
Also the worklist escalation and the account timeline."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from salesdesk.contracts.choices import DeliverableStatus
from salesdesk.contracts.models import Contract, Deliverable
from salesdesk.contracts.selectors import QueueQuery, end_of_week, queue, queue_counts, queue_page
from salesdesk.contracts.services import ContractLineInput, deliverable_claim, deliverable_start
from salesdesk.contracts.tests.fixtures_contracts import *  # noqa: F403
from salesdesk.contracts.tests.fixtures_contracts import MakeContract, Seed
from salesdesk.customers.timeline import timeline
from salesdesk.worklist.selectors import worklist_items

pytestmark = pytest.mark.django_db


def _advert_only(seed: Seed) -> list[ContractLineInput]:
    return [ContractLineInput(product=seed.advert, quantity=Decimal(1), issues=["2027/05"])]


def _due(contract: Contract, day: object) -> Deliverable:
    deliverable = contract.deliverables.get()
    Deliverable.objects.filter(pk=deliverable.pk).update(due_on=day)
    deliverable.refresh_from_db()
    return deliverable


def test_the_tabs_split_the_department_queue_by_due_date(seed: Seed, make_contract: MakeContract) -> None:
    today = seed.start_on  # any Monday-to-Sunday week works: the tabs are relative to it
    overdue = _due(make_contract(signed=True, lines=_advert_only(seed)), today - timedelta(days=1))
    this_week = _due(make_contract(signed=True, lines=_advert_only(seed)), end_of_week(today))
    later = _due(make_contract(signed=True, lines=_advert_only(seed)), end_of_week(today) + timedelta(days=1))
    staff, design = seed.personas.design_staff, seed.personas.design.pk

    def ids(due: str) -> list[int]:
        return [
            d.pk for d in queue(user=staff, scope="department", department_id=design, due=due, today=today)
        ]  # type: ignore[arg-type]

    assert ids("all") == [overdue.pk, this_week.pk, later.pk]
    assert ids("week") == [this_week.pk]
    assert ids("overdue") == [overdue.pk]
    counts = queue_counts(QueueQuery(staff, "department", design, today=today))
    assert {key: str(value) for key, value in counts.items()} == {"all": "3", "week": "1", "overdue": "1"}


def test_mine_holds_what_is_assigned_to_me(seed: Seed, make_contract: MakeContract) -> None:
    first = make_contract(signed=True, lines=_advert_only(seed)).deliverables.get()
    make_contract(signed=True, lines=_advert_only(seed))
    deliverable_claim(deliverable=first, by=seed.personas.design_staff)

    mine = queue(user=seed.personas.design_staff, scope="mine")

    assert [d.pk for d in mine] == [first.pk]


def test_a_design_staffer_sees_neither_webs_queue_nor_its_deliverables(
    seed: Seed, make_contract: MakeContract
) -> None:
    contract = make_contract(signed=True)
    banner = contract.deliverables.get(department=seed.web)
    staff = seed.personas.design_staff

    with pytest.raises(Http404):
        queue(user=staff, scope="department", department_id=seed.web.pk)
    client = Client()
    client.force_login(staff)
    assert client.get(reverse("contracts:deliverable-detail", args=[banner.pk])).status_code == 404
    assert (
        client.get(reverse("contracts:queue"), {"scope": "department", "department": seed.web.pk}).status_code
        == 404
    )
    # The contract opens for them, showing only their own department's promise.
    page = client.get(reverse("contracts:contract-detail", args=[contract.pk])).content.decode()
    assert "Place the advert in the issues" in page
    assert "Put the banner live" not in page


def test_a_rep_of_another_unit_gets_404(seed: Seed, make_contract: MakeContract) -> None:
    contract = make_contract(signed=True)
    client = Client()
    client.force_login(seed.personas.outsider)

    assert client.get(reverse("contracts:contract-detail", args=[contract.pk])).status_code == 404
    assert (
        client.get(
            reverse("contracts:deliverable-detail", args=[contract.deliverables.first().pk])
        ).status_code
        == 404
    )
    assert contract.number not in client.get(reverse("contracts:contract-list")).content.decode()


def test_pages_of_the_queue_follow_due_date_across_open_and_in_progress(
    seed: Seed, make_contract: MakeContract
) -> None:
    made = [
        _due(make_contract(signed=True, lines=_advert_only(seed)), seed.start_on + timedelta(days=n % 3))
        for n in range(7)
    ]
    for deliverable in made[::2]:
        deliverable_start(deliverable=deliverable, by=seed.personas.design_staff)
    query = QueueQuery(seed.personas.design_staff, "department", seed.personas.design.pk)

    seen, after = [], None
    while True:
        page = queue_page(query, after=after, limit=3)
        seen.extend(page.rows)
        if page.next_after is None:
            break
        after = page.next_after

    assert [(d.due_on, d.pk) for d in seen] == sorted((d.due_on, d.pk) for d in made)
    assert {d.status for d in seen} == {DeliverableStatus.OPEN, DeliverableStatus.IN_PROGRESS}


def test_the_queue_page_shows_tabs_and_offers_take_it(seed: Seed, make_contract: MakeContract) -> None:
    contract = make_contract(signed=True)
    client = Client()
    client.force_login(seed.fairs_staff)

    page = client.get(reverse("contracts:queue")).content.decode()

    assert "Fairs queue" in page
    assert "Invoice the discounted stand" in page
    assert "Place the advert" not in page
    assert "Take it" in page
    assert 'data-testid="tab-week"' in page
    assert contract.number in page


def test_a_coordinator_picks_among_the_units_departments(seed: Seed, make_contract: MakeContract) -> None:
    make_contract(signed=True)
    client = Client()
    client.force_login(seed.personas.coordinator)

    page = client.get(
        reverse("contracts:queue"), {"scope": "department", "department": seed.web.pk}
    ).content.decode()

    assert 'id="queue-department"' in page
    assert "Put the banner live" in page


def test_overdue_promises_escalate_to_the_coordinator_once_per_contract(
    seed: Seed, make_contract: MakeContract
) -> None:
    contract = make_contract(signed=True)
    late = seed.start_on + timedelta(days=1)  # advert and banner overdue, the stand not yet

    items = [
        i
        for i in worklist_items(user=seed.personas.coordinator, today=late)
        if i.rule == "contracts-overdue-promises"
    ]

    assert [(i.title, i.due_on) for i in items] == [
        (f"{contract.number}: 2 promises overdue", seed.start_on - timedelta(days=7))
    ]
    assert items[0].url == reverse("contracts:contract-detail", args=[contract.pk])
    assert not [
        i
        for i in worklist_items(user=seed.personas.rep, today=late)
        if i.rule == "contracts-overdue-promises"
    ]


def test_people_see_their_own_deliverables_due_this_week(seed: Seed, make_contract: MakeContract) -> None:
    banner = make_contract(signed=True).deliverables.get(department=seed.web)
    deliverable_claim(deliverable=banner, by=seed.web_staff)

    items = [
        i
        for i in worklist_items(user=seed.web_staff, today=seed.start_on)
        if i.rule == "contracts-my-deliverables"
    ]

    assert [(i.title, i.due_on) for i in items] == [("Put the banner live", seed.start_on)]


def test_the_coordinator_sees_the_contracts_late_longest_and_a_link_to_the_rest(
    seed: Seed, make_contract: MakeContract, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("salesdesk.contracts.rules_deliverables.ITEMS_PER_RULE", 2)
    today = seed.start_on
    late = [make_contract(signed=True, lines=_advert_only(seed)) for _ in range(3)]
    for days_late, contract in zip((3, 9, 5), late, strict=True):
        _due(contract, today - timedelta(days=days_late))
    twice_late = make_contract(signed=True, lines=_advert_only(seed) * 2)
    twice_late.deliverables.update(due_on=today - timedelta(days=7))

    items = [
        i
        for i in worklist_items(user=seed.personas.coordinator, today=today)
        if i.rule == "contracts-overdue-promises"
    ]

    assert [(i.title, i.due_on) for i in items[:2]] == [
        (f"{late[1].number}: 1 promise overdue", today - timedelta(days=9)),
        (f"{twice_late.number}: 2 promises overdue", today - timedelta(days=7)),
    ]
    assert len(items) == 3
    assert items[2].url == reverse("contracts:queue") + "?scope=department&due=overdue"
    assert items[2].due_on == today - timedelta(days=5)


def test_a_long_list_of_own_deliverables_ends_with_a_link_to_the_queue(
    seed: Seed, make_contract: MakeContract, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("salesdesk.contracts.rules_deliverables.ITEMS_PER_RULE", 2)
    staff = seed.personas.design_staff
    made = [
        _due(make_contract(signed=True, lines=_advert_only(seed)), seed.start_on - timedelta(days=n))
        for n in (1, 4, 2)
    ]
    for deliverable in made:
        deliverable_claim(deliverable=deliverable, by=staff)
    deliverable_start(deliverable=made[2], by=staff)  # in progress: merged with the open ones by due date

    items = [
        i for i in worklist_items(user=staff, today=seed.start_on) if i.rule == "contracts-my-deliverables"
    ]

    assert [i.due_on for i in items] == [
        seed.start_on - timedelta(days=4),
        seed.start_on - timedelta(days=2),
        seed.start_on - timedelta(days=1),
    ]
    assert [i.url for i in items[:2]] == [
        reverse("contracts:deliverable-detail", args=[made[1].pk]),
        reverse("contracts:deliverable-detail", args=[made[2].pk]),
    ]
    assert items[2].url == reverse("contracts:queue") + "?scope=mine"


def test_the_account_timeline_shows_the_contract(seed: Seed, make_contract: MakeContract) -> None:
    contract = make_contract(signed=True)

    titles = [entry.title for entry in timeline(user=seed.personas.rep, record=seed.account)]

    assert f"Contract signed: {contract}" in titles
    assert f"Contract drafted: {contract}" in titles


def test_the_deliverable_page_links_to_the_queue_only_for_who_may_open_it(
    seed: Seed, make_contract: MakeContract
) -> None:
    deliverable = make_contract(signed=True, lines=_advert_only(seed)).deliverables.get()
    queue_link = f"{reverse('contracts:queue')}?scope=department&amp;department={deliverable.department_id}"
    for person, linked in ((seed.personas.design_staff, True), (seed.personas.rep, False)):
        client = Client()
        client.force_login(person)
        page = client.get(reverse("contracts:deliverable-detail", args=[deliverable.pk])).content.decode()
        assert (queue_link in page) is linked, person
