"""A missing submission lands on the coordinator's worklist once the deadline has come, and the rep is
reminded by e-mail (through a real SMTP server, in their language) and in the bell, once a day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from salesdesk.core.models import Notification
from salesdesk.org.choices import Role
from salesdesk.reports.models import SubmissionReminder
from salesdesk.reports.reminders import submission_reminders_send
from salesdesk.reports.services import submission_save
from salesdesk.reports.tests.scenario import DEADLINE, OCTOBER, October
from salesdesk.reports.worklist_rules import MissingSubmissionsRule
from salesdesk.testing.factories import make_user
from salesdesk.testing.smtp import SmtpTestServer
from salesdesk.worklist.selectors import worklist_items

FIGURES = {"revenue": "8000", "units": "2", "new_customers": "0", "calls": "2", "meetings": "0"}


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpTestServer]:
    with SmtpTestServer() as server:
        settings.MAILERS = server.mailer_settings()
        yield server


def _hand_in(october: October) -> None:
    submission_save(
        person=october.rep,
        month=OCTOBER,
        figures=FIGURES,
        comment="Fertig",
        submitted_by=october.rep,
        expected_version=None,
        today=DEADLINE,
    )


def test_missing_submissions_are_on_the_coordinators_worklist_from_the_deadline(october: October) -> None:
    _hand_in(october)
    coordinator = october.personas.coordinator

    before = list(MissingSubmissionsRule().items(user=coordinator, today=date(2026, 11, 3)))
    on_the_day = list(MissingSubmissionsRule().items(user=coordinator, today=DEADLINE))

    assert before == []
    assert [item.title for item in on_the_day] == ["No numbers from other_rep for October 2026"]
    assert on_the_day[0].due_on == DEADLINE
    titles = [item.title for item in worklist_items(user=coordinator, today=date(2026, 11, 6))]
    assert "No numbers from other_rep for October 2026" in titles
    assert list(MissingSubmissionsRule().items(user=october.personas.manager, today=DEADLINE)) == []
    assert list(MissingSubmissionsRule().items(user=october.personas.outsider, today=DEADLINE)) == []


def test_a_reminder_is_sent_once_a_day_in_the_reps_language(
    october: October, smtp_server: SmtpTestServer
) -> None:
    _hand_in(october)
    greta = make_user(
        "greta",
        roles=[Role.SALES_REP],
        business_unit=october.personas.unit,
        manager=october.personas.manager,
        language="de",
        full_name="Greta Müller",
    )

    first = submission_reminders_send(today=date(2026, 11, 5))
    again = submission_reminders_send(today=date(2026, 11, 5))

    recipients = sorted(mail.rcpt_tos[0] for mail in smtp_server.messages)
    # other_rep and greta have not handed in; the outsider (another unit) is a rep too.
    assert recipients == ["greta@example.test", "other_rep@example.test", "outsider@example.test"]
    assert (first.sent, again.sent, again.already_reminded) == (3, 0, 3)
    [german] = [mail for mail in smtp_server.messages if mail.rcpt_tos == ("greta@example.test",)]
    assert german.message["Content-Language"] == "de"
    assert "Oktober 2026" in german.subject
    assert "Hallo Greta Müller," in german.plain_body
    assert "/reports/my-numbers/?month=2026-10" in german.plain_body
    note = Notification.objects.get(recipient=greta)
    assert "Oktober 2026" in note.title
    assert note.url == "/reports/my-numbers/?month=2026-10"

    submission_reminders_send(today=date(2026, 11, 6))

    assert len(smtp_server.messages) == 6  # the next working day, once more each
    assert SubmissionReminder.objects.filter(person=greta).count() == 2


def test_no_reminders_at_the_weekend(october: October, smtp_server: SmtpTestServer) -> None:
    run = submission_reminders_send(today=date(2026, 11, 7))

    assert run.sent == 0
    assert smtp_server.messages == []
