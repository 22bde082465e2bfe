"""Overdue promises escalate once: marked on the deliverable, and the unit's coordinators are told."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from salesdesk.contracts.escalation import escalate_overdue
from salesdesk.contracts.tasks import escalate_overdue_promises_daily
from salesdesk.contracts.tests.fixtures_contracts import *  # noqa: F403
from salesdesk.contracts.tests.fixtures_contracts import MakeContract, Seed
from salesdesk.core.choices import JobStatus
from salesdesk.core.models import JobRun, Notification

pytestmark = pytest.mark.django_db


def test_promises_past_due_are_escalated_once_and_the_coordinator_told(
    seed: Seed, make_contract: MakeContract
) -> None:
    contract = make_contract(signed=True)
    late = seed.start_on + timedelta(days=1)  # advert and banner overdue, the stand not yet

    run = escalate_overdue(today=late)

    assert (run.escalated, run.notified) == (2, 1)
    escalated = set(
        contract.deliverables.filter(escalated_at__isnull=False).values_list("department", flat=True)
    )
    assert escalated == {seed.personas.design.pk, seed.web.pk}
    note = Notification.objects.get(recipient=seed.personas.coordinator)
    assert note.title == "2 promises fell overdue"
    assert note.body == f"{contract.number}: 2 promises"
    assert note.url == reverse("worklist:home")
    assert not Notification.objects.filter(recipient=seed.personas.rep).exists()

    again = escalate_overdue(today=late)

    assert (again.escalated, again.notified) == (0, 0)
    assert Notification.objects.filter(recipient=seed.personas.coordinator).count() == 1


def test_the_deliverable_page_shows_when_it_was_escalated(seed: Seed, make_contract: MakeContract) -> None:
    contract = make_contract(signed=True)
    escalate_overdue(today=seed.start_on + timedelta(days=1))
    advert = contract.deliverables.get(department=seed.personas.design)
    client = Client()
    client.force_login(seed.personas.design_staff)

    page = client.get(reverse("contracts:deliverable-detail", args=[advert.pk])).content.decode()

    assert 'data-testid="escalated-at"' in page


def test_a_german_coordinator_is_told_in_german(seed: Seed, make_contract: MakeContract) -> None:
    coordinator = seed.personas.coordinator
    coordinator.language = "de"
    coordinator.save(update_fields=["language"])
    contract = make_contract(signed=True)

    escalate_overdue(today=seed.start_on + timedelta(days=1))

    note = Notification.objects.get(recipient=coordinator)
    assert note.title == "2 zugesagte Leistungen sind überfällig"
    assert note.body == f"{contract.number}: 2 zugesagte Leistungen"


@pytest.mark.django_db(transaction=True)
def test_the_morning_job_escalates_through_the_worker(
    seed: Seed, make_contract: MakeContract, django_capture_on_commit_callbacks: Any
) -> None:
    contract = make_contract(signed=True)
    contract.deliverables.update(due_on=timezone.localdate() - timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        run_id = escalate_overdue_promises_daily.call()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0, stdout=io.StringIO())

    run = JobRun.objects.get(pk=run_id)
    assert run.status == JobStatus.SUCCEEDED
    assert run.result == {"escalated": 3, "coordinators_notified": 1}
    assert not contract.deliverables.filter(escalated_at__isnull=True).exists()
