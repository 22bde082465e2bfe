"""The expiry digest reaches a real SMTP server, in the rep's language, once per rep and period."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from salesdesk.conftest import Personas
from salesdesk.contracts.digest import digest_periods_due, expiry_digests_send, period_key
from salesdesk.contracts.models import ExpiryDigest
from salesdesk.contracts.tasks import send_expiry_digests
from salesdesk.contracts.tests.expiry_data import make_account, make_contract
from salesdesk.core.models import CompanySettings, JobRun
from salesdesk.core.periods import FiscalCalendar, PeriodKind
from salesdesk.org.choices import Role
from salesdesk.org.models import User
from salesdesk.testing.factories import make_user
from salesdesk.testing.smtp import SmtpTestServer

DECEMBER = FiscalCalendar(1).period(date(2026, 12, 1), PeriodKind.MONTH)


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpTestServer]:
    with SmtpTestServer() as server:
        settings.MAILERS = server.mailer_settings()
        yield server


def _greta(personas: Personas) -> User:
    return make_user(
        "greta",
        roles=[Role.SALES_REP],
        business_unit=personas.unit,
        manager=personas.manager,
        language="de",
        full_name="Greta Müller",
    )


def test_a_german_rep_gets_the_months_digest_by_smtp_in_german(
    personas: Personas, smtp_server: SmtpTestServer
) -> None:
    greta = _greta(personas)
    account = make_account(greta, "Bäckerei Schmidt KG")
    make_contract(
        greta,
        date(2026, 12, 15),
        account=account,
        title="Jahresanzeigen 2027",
        value="12000",
        auto_renew=True,
        renewal_months=12,
        notice_days=30,
    )
    make_contract(greta, date(2026, 12, 31), account=account, title="Bannerpaket", value="800.5")
    make_contract(greta, date(2027, 1, 1), account=account, title="Nächster Monat")
    make_contract(personas.rep, date(2026, 12, 20), title="Für den anderen")

    run = expiry_digests_send(period=DECEMBER, today=date(2026, 12, 1))

    assert run.sent == 2  # Greta and the English-speaking rep
    [mail] = [m for m in smtp_server.messages if m.rcpt_tos == ("greta@example.test",)]
    assert mail.message["Content-Language"] == "de"
    body = mail.plain_body
    assert "Hallo Greta Müller," in body
    assert "Dezember 2026" in mail.subject
    assert "Dezember 2026" in body
    assert "Jahresanzeigen 2027 (C-" in body
    assert "Bannerpaket" in body
    assert "Nächster Monat" not in body
    assert "Für den anderen" not in body
    assert "Kunde: Bäckerei Schmidt KG" in body
    assert "15. Dezember 2026" in body  # the end, as Germans write dates
    assert "15. November 2026" in body  # the notice deadline, 30 days earlier
    assert "Wert: 12.000,00\xa0€" in body
    assert "Summe: 12.800,50\xa0€" in body
    assert "/contracts/expiry/?period=month&start=2026-12" in body
    html = mail.html_body or ""
    assert "<strong>Jahresanzeigen 2027</strong>" in html
    assert "12.000,00\xa0€" in html
    assert mail.subject == "Ihre 2 Verträge mit Ablauf im Dezember 2026"
    assert "Your" not in body
    assert "Renews automatically" not in body


def test_the_digest_is_sent_once_per_rep_and_period(personas: Personas, smtp_server: SmtpTestServer) -> None:
    make_contract(personas.rep, date(2026, 12, 15))
    assert expiry_digests_send(period=DECEMBER, today=date(2026, 12, 1)).sent == 1

    again = expiry_digests_send(period=DECEMBER, today=date(2026, 12, 1))

    assert again.sent == 0
    assert again.already_sent == 1
    assert len(smtp_server.messages) == 1
    assert ExpiryDigest.objects.get(user=personas.rep).period_key == "month:2026-12-01"


def test_a_failed_send_is_not_recorded_so_the_next_run_retries(
    personas: Personas, settings: Any, smtp_server: SmtpTestServer
) -> None:
    make_contract(personas.rep, date(2026, 12, 15))
    working = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},  # nothing listens there
        }
    }

    failed = expiry_digests_send(period=DECEMBER, today=date(2026, 12, 1))
    settings.MAILERS = working
    retried = expiry_digests_send(period=DECEMBER, today=date(2026, 12, 1))

    assert failed.failed == [personas.rep.pk]
    assert retried.sent == 1
    assert len(smtp_server.messages) == 1


def test_reps_without_expiring_contracts_get_nothing(personas: Personas, smtp_server: SmtpTestServer) -> None:
    make_contract(personas.rep, date(2027, 1, 15))

    run = expiry_digests_send(period=DECEMBER, today=date(2026, 12, 1))

    assert run.sent == 0
    assert smtp_server.messages == []


def test_at_a_fiscal_quarters_start_the_digest_covers_the_whole_quarter(
    personas: Personas, smtp_server: SmtpTestServer
) -> None:
    settings_row = CompanySettings.current()
    settings_row.fiscal_year_start_month = 4
    settings_row.save()
    make_contract(personas.rep, date(2026, 10, 20), title="October's")
    make_contract(personas.rep, date(2026, 12, 31), title="December's")
    make_contract(personas.rep, date(2027, 1, 1), title="January's")

    [quarter] = digest_periods_due(date(2026, 10, 1))
    run = expiry_digests_send(period=quarter, today=date(2026, 10, 1))

    assert (quarter.kind, quarter.start, quarter.end) == (
        PeriodKind.QUARTER,
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    assert run.sent == 1
    [mail] = smtp_server.messages
    assert mail.subject == "Your 2 contracts ending in Q3 FY 2027"
    assert "October's" in mail.plain_body
    assert "December's" in mail.plain_body
    assert "January's" not in mail.plain_body
    assert ExpiryDigest.objects.get(user=personas.rep).period_key == period_key(quarter)


def test_which_digest_is_due_on_which_day(db: None) -> None:
    april = FiscalCalendar(4)

    assert [(p.kind, p.start) for p in digest_periods_due(date(2026, 11, 1), calendar=april)] == [
        (PeriodKind.MONTH, date(2026, 11, 1))
    ]
    assert [(p.kind, p.start) for p in digest_periods_due(date(2027, 1, 1), calendar=april)] == [
        (PeriodKind.QUARTER, date(2027, 1, 1))
    ]
    assert digest_periods_due(date(2026, 11, 2), calendar=april) == []


def test_the_command_sends_a_given_months_digest(personas: Personas, smtp_server: SmtpTestServer) -> None:
    make_contract(personas.rep, date(2026, 12, 15))
    out = io.StringIO()

    call_command("send_expiry_digests", "--month", "2026-12", stdout=out)
    call_command("send_expiry_digests", "--month", "2026-12", stdout=out)

    assert len(smtp_server.messages) == 1
    assert "month:2026-12-01: 1 sent" in out.getvalue()
    assert "month:2026-12-01: 0 sent, 1 sent before" in out.getvalue()


def test_the_monthly_job_sends_whats_due_on_its_day(personas: Personas, smtp_server: SmtpTestServer) -> None:
    make_contract(personas.rep, date(2026, 12, 15))
    run = JobRun.objects.create(kind="contracts.expiry_digests", label="Send the expiry digests")

    result = send_expiry_digests.call(str(run.pk), "2026-12-01")

    assert result == {"month:2026-12-01": {"sent": 1, "already_sent": 0, "without_email": 0, "failed": 0}}
    assert len(smtp_server.messages) == 1
