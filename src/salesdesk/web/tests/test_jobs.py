"""Background jobs run by the real worker: progress, outcome, retries, and the page that shows them."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from salesdesk.conftest import Personas
from salesdesk.core.choices import JobStatus
from salesdesk.core.jobs import JobProgress, job_enqueue, job_task
from salesdesk.core.models import JobRun
from salesdesk.org.models import User
from salesdesk.worklist.models import WorklistDigest
from salesdesk.worklist.tasks import worklists_build_start

# The worker closes "old" connections between tasks, which would break a test wrapped in a transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@job_task(max_attempts=2, backoff=timedelta(0))
def sync_crm_that_never_answers(progress: JobProgress, account: str) -> None:
    progress.set_total(3)
    progress.advance()
    raise ConnectionError(f"The CRM of {account} did not answer")


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0, stdout=io.StringIO())


def test_it_builds_everyones_worklist_and_reports_full_progress(
    personas: Personas, django_capture_on_commit_callbacks: object
) -> None:
    # Given the build was started by the admin
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        run = worklists_build_start(requested_by=personas.admin)
    active_people = User.objects.filter(is_active=True).count()

    # When the worker runs it
    run_worker()

    # Then the run succeeded, one step per active person, and each has today's digest
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED
    assert run.total == active_people
    assert run.done == active_people
    assert run.attempts == 1
    assert run.result == {"people": active_people}
    assert run.error == ""
    assert WorklistDigest.objects.count() == active_people
    assert set(WorklistDigest.objects.values_list("user_id", flat=True)) == set(
        User.objects.filter(is_active=True).values_list("pk", flat=True)
    )


def test_it_shows_a_finished_jobs_outcome_on_its_page(
    personas: Personas, django_capture_on_commit_callbacks: object, client: Client
) -> None:
    # Given a finished build
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        run = worklists_build_start(requested_by=personas.admin)
    run_worker()
    active_people = User.objects.filter(is_active=True).count()

    # When the admin who started it opens its page
    client.force_login(personas.admin)
    response = client.get(f"/jobs/{run.pk}/")

    # Then it shows the label, the outcome and 100 %, and stops polling
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Build everyone&#x27;s worklist</h1>" in content
    assert '<span class="status status-succeeded">Succeeded</span>' in content
    assert f"{active_people} of {active_people} done" in content
    assert '<progress max="100" value="100">100%</progress> <strong>100%</strong>' in content
    assert 'hx-trigger="every 1s"' not in content


def test_it_shows_a_running_jobs_percentage_and_keeps_polling(personas: Personas, client: Client) -> None:
    # Given a run a quarter of the way through
    run = JobRun.objects.create(
        kind="worklist.build",
        label="Build everyone's worklist",
        requested_by=personas.admin,
        status=JobStatus.RUNNING,
        total=8,
        done=2,
    )

    # When its page is polled by htmx
    client.force_login(personas.admin)
    response = client.get(f"/jobs/{run.pk}/", headers={"HX-Request": "true"})

    # Then the fragment shows 25 % and asks to be polled again
    content = response.content.decode()
    assert '<span class="status status-running">Running</span>' in content
    assert "2 of 8 done" in content
    assert "<strong>25%</strong>" in content
    assert 'hx-trigger="every 1s"' in content
    assert "<html" not in content


def test_it_retries_a_failing_job_and_then_records_the_failure(personas: Personas, client: Client) -> None:
    # Given a job whose every attempt fails, allowed two attempts without waiting in between
    run = job_enqueue(
        job=sync_crm_that_never_answers,
        kind="test.crm",
        label="Sync the CRM",
        requested_by=personas.admin,
        args=("Acme",),
    )

    # When the worker runs until nothing is left (the retry is queued by the first attempt)
    run_worker()
    run.refresh_from_db()
    if run.status == JobStatus.RETRYING:
        run_worker()
        run.refresh_from_db()

    # Then it ran twice and is failed with the error people can read
    assert run.status == JobStatus.FAILED
    assert run.attempts == 2
    assert run.error == "ConnectionError: The CRM of Acme did not answer"
    assert run.finished_at is not None
    assert run.total == 3
    assert run.done == 1
    # and its page says so
    client.force_login(personas.admin)
    content = client.get(f"/jobs/{run.pk}/").content.decode()
    assert '<span class="status status-failed">Failed</span>' in content
    assert '<pre class="error-box">ConnectionError: The CRM of Acme did not answer</pre>' in content
    assert "<dt>Attempts</dt><dd>2</dd>" in content


def test_it_hides_a_job_from_someone_who_did_not_start_it(personas: Personas, client: Client) -> None:
    # Given a run the admin started
    run = JobRun.objects.create(kind="worklist.build", label="Build", requested_by=personas.admin)

    # When a rep from another business unit asks for it
    client.force_login(personas.outsider)
    response = client.get(f"/jobs/{run.pk}/")

    # Then it does not exist for them
    assert response.status_code == 404
