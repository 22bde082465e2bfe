"""Notifications are their recipient's alone; a background job is its requester's (and administrators')."""

from __future__ import annotations

import pytest
from django.test import Client

from salesdesk.conftest import Personas
from salesdesk.core.models import JobRun, Notification
from salesdesk.core.notifications import notification_create
from salesdesk.core.scoping import visible_to


def _client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def rep_job(personas: Personas) -> JobRun:
    return JobRun.objects.create(
        kind="import.customers", label="Import customers.xlsx", requested_by=personas.rep
    )


@pytest.mark.parametrize("persona", ["other_rep", "manager", "coordinator", "finance", "outsider"])
def test_another_person_job_answers_404(persona: str, personas: Personas, rep_job: JobRun) -> None:
    response = _client_for(getattr(personas, persona)).get(f"/jobs/{rep_job.pk}/")

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["rep", "admin"])
def test_the_requester_and_an_administrator_see_the_job(
    persona: str, personas: Personas, rep_job: JobRun
) -> None:
    response = _client_for(getattr(personas, persona)).get(f"/jobs/{rep_job.pk}/")

    assert response.status_code == 200
    assert "Import customers.xlsx" in response.text


def test_the_job_list_shows_only_ones_own_jobs(personas: Personas, rep_job: JobRun) -> None:
    JobRun.objects.create(
        kind="report.send", label="Send the monthly report", requested_by=personas.other_rep
    )

    rep_page = _client_for(personas.rep).get("/jobs/")
    admin_page = _client_for(personas.admin).get("/jobs/")

    assert "Import customers.xlsx" in rep_page.text
    assert "Send the monthly report" not in rep_page.text
    assert "Import customers.xlsx" in admin_page.text
    assert "Send the monthly report" in admin_page.text


def test_an_administrator_sees_scheduled_jobs_nobody_requested(personas: Personas) -> None:
    scheduled = JobRun.objects.create(kind="worklist.build", label="Build everyone's worklist")

    assert list(visible_to(personas.admin, JobRun)) == [scheduled]
    assert not visible_to(personas.rep, JobRun).exists()


@pytest.mark.parametrize("persona", ["other_rep", "manager", "admin", "outsider"])
def test_notifications_are_private(persona: str, personas: Personas) -> None:
    notification_create(recipient=personas.rep, title="Your quote was accepted")

    page = _client_for(getattr(personas, persona)).get("/notifications/")

    assert page.status_code == 200
    assert "Your quote was accepted" not in page.text
    assert "No notifications yet." in page.text
    assert not visible_to(getattr(personas, persona), Notification).exists()


def test_the_recipient_sees_their_notification(personas: Personas) -> None:
    notification_create(recipient=personas.rep, title="Your quote was accepted")

    page = _client_for(personas.rep).get("/notifications/")

    assert "Your quote was accepted" in page.text


def test_marking_all_read_touches_only_ones_own(personas: Personas) -> None:
    mine = notification_create(recipient=personas.other_rep, title="Mine")
    theirs = notification_create(recipient=personas.rep, title="Theirs")

    response = _client_for(personas.other_rep).post("/notifications/read/")

    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None
