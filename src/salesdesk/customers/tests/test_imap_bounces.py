"""Reading bounces from a real IMAP mailbox (the test server in salesdesk.testing.imap), as a job."""

from __future__ import annotations

import imaplib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from salesdesk.conftest import Personas
from salesdesk.core.choices import JobStatus
from salesdesk.core.models import JobRun
from salesdesk.customers.imap import MailboxSettings, mailbox_read_bounces
from salesdesk.customers.models import ContactPoint
from salesdesk.customers.services import contact_create
from salesdesk.testing.imap import ImapTestServer

DATA = Path(__file__).parent / "data"


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[ImapTestServer]:
    with ImapTestServer(user="bounces@salesdesk.example", password='pa ss"word') as server:
        monkeypatch.setenv("SALESDESK_BOUNCE_IMAP_HOST", server.host)
        monkeypatch.setenv("SALESDESK_BOUNCE_IMAP_PORT", str(server.port))
        monkeypatch.setenv("SALESDESK_BOUNCE_IMAP_USER", server.user)
        monkeypatch.setenv("SALESDESK_BOUNCE_IMAP_PASSWORD", server.password)
        monkeypatch.setenv("SALESDESK_BOUNCE_IMAP_FOLDER", "INBOX")
        monkeypatch.setenv("SALESDESK_BOUNCE_IMAP_SSL", "false")
        yield server


def _settings(server: ImapTestServer) -> MailboxSettings:
    return MailboxSettings(
        host=server.host, port=server.port, user=server.user, password=server.password, use_ssl=False
    )


def _fill(server: ImapTestServer) -> None:
    server.add_message((DATA / "dsn_hard_bounce.eml").read_bytes())
    server.add_message((DATA / "out_of_office.eml").read_bytes())
    server.add_message((DATA / "exim_plain_bounce.eml").read_bytes())
    server.add_message((DATA / "dsn_hard_bounce.eml").read_bytes(), seen=True)


@pytest.mark.django_db
def test_it_marks_the_bounces_of_unseen_messages_and_flags_them_seen(
    personas: Personas, mailbox: ImapTestServer
) -> None:
    # Given Anna and Dora on file, and a mailbox with two bounces, an auto-reply and an old seen message
    anna = contact_create(created_by=personas.rep, full_name="Anna", emails=["anna.schmidt@acme.example"])
    dora = contact_create(created_by=personas.rep, full_name="Dora", emails=["dora.rossi@zeta.example"])
    _fill(mailbox)

    # When the mailbox is read
    results = mailbox_read_bounces(config=_settings(mailbox))

    # Then both addresses are bounced, the bounces are flagged seen and the auto-reply is left unseen
    assert [r.understood for r in results] == [True, False, True]
    assert anna.contact_points.get().status == "bounced"
    assert dora.contact_points.get().status == "bounced"
    assert [message.flags for message in mailbox.messages] == [{"\\Seen"}, set(), {"\\Seen"}, {"\\Seen"}]
    assert "SEARCH UNSEEN" in mailbox.commands
    assert "STORE 1 +FLAGS (\\Seen)" in mailbox.commands

    # and a second run skips the handled messages
    mailbox.commands.clear()
    again = mailbox_read_bounces(config=_settings(mailbox))
    assert [r.name for r in again] == ["#2"]
    assert [c for c in mailbox.commands if c.startswith("FETCH")] == ["FETCH 2 (RFC822)"]


@pytest.mark.django_db
def test_wrong_credentials_fail_loudly(personas: Personas, mailbox: ImapTestServer) -> None:
    config = MailboxSettings(
        host=mailbox.host, port=mailbox.port, user=mailbox.user, password="wrong", use_ssl=False
    )

    with pytest.raises(imaplib.IMAP4.error):
        mailbox_read_bounces(config=config)


@pytest.mark.django_db(transaction=True)
def test_the_check_now_button_runs_a_job_that_reads_the_mailbox(
    personas: Personas, mailbox: ImapTestServer, client: Client, django_capture_on_commit_callbacks: object
) -> None:
    # Given a bounce in the mailbox for an address on file
    contact = contact_create(created_by=personas.rep, full_name="Anna", emails=["anna.schmidt@acme.example"])
    mailbox.add_message((DATA / "dsn_hard_bounce.eml").read_bytes())
    client.force_login(personas.coordinator)

    # When the coordinator presses "check the mailbox now" and the worker runs
    response = client.post("/hygiene/bounces/mailbox/")
    run = JobRun.objects.get(kind="customers.bounce_mailbox")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0, stdout=io.StringIO())

    # Then they are sent to the job's progress page, and the job marked the address
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/{run.pk}/"
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED
    assert run.result == {"messages": 1, "marked": 1, "not_understood": 0}
    assert (run.total, run.done) == (1, 1)
    assert contact.contact_points.get().status == "bounced"
    assert mailbox.messages[0].flags == {"\\Seen"}
    body = client.get(f"/jobs/{run.pk}/").content.decode()
    assert "1 of 1 done" in body


@pytest.mark.django_db
def test_a_rep_cannot_start_the_mailbox_check(
    personas: Personas, mailbox: ImapTestServer, client: Client
) -> None:
    client.force_login(personas.rep)

    assert client.post("/hygiene/bounces/mailbox/").status_code == 404
    assert JobRun.objects.count() == 0


@pytest.mark.django_db
def test_the_upload_page_offers_the_mailbox_check_when_one_is_configured(
    personas: Personas, mailbox: ImapTestServer, client: Client
) -> None:
    client.force_login(personas.coordinator)

    body = client.get("/hygiene/bounces/").content.decode()

    assert "Check the mailbox now" in body
    assert ContactPoint.objects.count() == 0
