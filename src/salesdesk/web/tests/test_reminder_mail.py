"""Task reminders reach a real SMTP server, in the language of the person reminded."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone, translation
from django.utils.translation import gettext

from salesdesk.conftest import Personas
from salesdesk.core.models import Notification
from salesdesk.org.choices import Role
from salesdesk.org.models import User
from salesdesk.testing.factories import make_user
from salesdesk.testing.smtp import SmtpTestServer
from salesdesk.worklist.models import Task
from salesdesk.worklist.services import reminders_send_due, task_create
from salesdesk.worklist.tasks import send_due_reminders

TITLE = "Angebot für Müller & Söhne nachfassen"


def german_reminder_subject(title: str) -> str:
    with translation.override("de"):
        subject = gettext("Reminder: %(title)s") % {"title": title}
    # Without the German catalogue the subject is English and every assertion below would pass vacuously.
    assert subject != f"Reminder: {title}", "no German translation of 'Reminder: %(title)s'"
    return subject


def _german_rep_with_due_reminder(personas: Personas) -> tuple[User, Task]:
    greta = make_user(
        "greta", roles=[Role.SALES_REP], business_unit=personas.unit, manager=personas.manager, language="de"
    )
    task = task_create(created_by=greta, title=TITLE, remind_at=timezone.now() - timedelta(minutes=5))
    return greta, task


def test_it_sends_a_due_reminder_by_smtp_in_the_owners_language(
    personas: Personas, smtp_server: SmtpTestServer
) -> None:
    # Given a German rep whose task's reminder time has passed
    greta, task = _german_rep_with_due_reminder(personas)

    # When the due reminders are sent
    sent = reminders_send_due()

    # Then exactly one message reached the SMTP server, for her, in German
    assert sent == 1
    [mail] = smtp_server.messages
    assert mail.rcpt_tos == ("greta@example.test",)
    assert mail.message["To"] == "greta@example.test"
    assert mail.message["From"] == settings.DEFAULT_FROM_EMAIL
    assert mail.message["Content-Language"] == "de"
    assert mail.subject == german_reminder_subject(TITLE)
    assert f"  {TITLE}\n" in mail.plain_body
    assert f"{settings.SITE_URL}/tasks/{task.pk}/" in mail.plain_body
    assert "<strong>Angebot für Müller &amp; Söhne nachfassen</strong>" in (mail.html_body or "")
    # and she also finds it in the app, under the same German title
    notification = Notification.objects.get(recipient=greta)
    assert notification.title == german_reminder_subject(TITLE)
    assert notification.url == f"/tasks/{task.pk}/"


def test_it_sends_each_reminder_only_once(personas: Personas, smtp_server: SmtpTestServer) -> None:
    # Given a reminder that was sent already
    greta, _task = _german_rep_with_due_reminder(personas)
    assert reminders_send_due() == 1

    # When the scheduler runs again
    sent_again = reminders_send_due()

    # Then nothing more is sent, by mail or in the app
    assert sent_again == 0
    assert len(smtp_server.messages) == 1
    assert Notification.objects.filter(recipient=greta).count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_sends_the_reminder_through_the_job_worker(
    personas: Personas, smtp_server: SmtpTestServer
) -> None:
    # Given a due reminder and the every-minute task queued for the worker
    _greta, task = _german_rep_with_due_reminder(personas)
    queued = send_due_reminders.enqueue()

    # When a worker runs what is queued
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0, stdout=io.StringIO())

    # Then the task succeeded, having sent the one German reminder
    result = send_due_reminders.get_result(queued.id)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    [mail] = smtp_server.messages
    assert mail.rcpt_tos == ("greta@example.test",)
    assert mail.subject == german_reminder_subject(TITLE)
    task.refresh_from_db()
    assert task.reminder_sent_at is not None
