"""The monthly report goes by e-mail through a real SMTP server on its day: to the team's manager in
their language with the PDF attached, once; "send now" queues a job that sends it again by hand."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from salesdesk.core.choices import JobStatus
from salesdesk.core.models import JobRun
from salesdesk.reports.choices import DeliveryTrigger
from salesdesk.reports.delivery import month_due, scheduled_reports_send
from salesdesk.reports.models import ReportDelivery
from salesdesk.reports.tests.scenario import OCTOBER, REPORT_DAY, October, signed_in
from salesdesk.testing.smtp import SmtpTestServer


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpTestServer]:
    with SmtpTestServer() as server:
        settings.MAILERS = server.mailer_settings()
        yield server


@pytest.mark.django_db
def test_the_report_is_due_from_the_working_day_after_the_deadline() -> None:
    assert month_due(date(2026, 11, 4)) is None
    assert month_due(REPORT_DAY) == OCTOBER
    assert month_due(date(2026, 11, 20)) == OCTOBER


def test_the_team_manager_gets_the_report_in_german_with_the_pdf(
    october: October, smtp_server: SmtpTestServer
) -> None:
    manager = october.personas.manager
    manager.language = "de"
    manager.full_name = "Ivan Petrov"
    manager.save()

    run = scheduled_reports_send(today=REPORT_DAY)

    [mail] = [m for m in smtp_server.messages if m.rcpt_tos == ("manager@example.test",)]
    # The month is in German (the report's own phrases are translated once the .po files have them).
    assert mail.subject.endswith(": Team Nord, Oktober 2026")
    assert mail.message["Content-Language"] == "de"
    assert "Hallo Ivan Petrov," in mail.plain_body
    assert "15.000,00\xa0€" in mail.plain_body  # the team's revenue target, as Germans write it
    [attachment] = list(mail.message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"monthly-report-team-{october.team.pk}-2026-10.pdf"
    assert attachment.get_content().startswith(b"%PDF")
    # The unit's report goes to its coordinator, in English.
    [unit_mail] = [m for m in smtp_server.messages if m.rcpt_tos == ("coordinator@example.test",)]
    assert unit_mail.subject == "Monthly report: North, October 2026"
    assert run.sent == 2
    assert ReportDelivery.objects.filter(trigger=DeliveryTrigger.SCHEDULED).count() == 2


def test_the_scheduled_report_is_not_sent_twice(october: October, smtp_server: SmtpTestServer) -> None:
    scheduled_reports_send(today=REPORT_DAY)
    again = scheduled_reports_send(today=date(2026, 11, 6))

    assert again.sent == 0
    assert len(smtp_server.messages) == 2


def test_nothing_goes_out_before_the_report_day(october: October, smtp_server: SmtpTestServer) -> None:
    assert scheduled_reports_send(today=date(2026, 11, 4)).sent == 0
    assert smtp_server.messages == []


@pytest.mark.django_db(transaction=True)
def test_send_now_queues_a_job_that_sends_it(
    october: October, smtp_server: SmtpTestServer, django_capture_on_commit_callbacks: Any
) -> None:
    client = signed_in(october.personas.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:monthly-send"), {"month": "2026-10", "team": october.team.pk})
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0, stdout=io.StringIO())

    assert response.status_code == 302
    run = JobRun.objects.get(kind="reports.send_now")
    assert run.status == JobStatus.SUCCEEDED
    assert run.result == {"sent": 1, "skipped": 0, "failed": []}
    assert [m.rcpt_tos for m in smtp_server.messages] == [("manager@example.test",)]
    delivery = ReportDelivery.objects.get()
    assert (delivery.trigger, delivery.requested_by) == (DeliveryTrigger.MANUAL, october.personas.manager)
