"""The worklist in a real browser: sign in, switch language, add a task, find it on the list."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from salesdesk.conftest import Personas
from salesdesk.org.choices import Role
from salesdesk.org.models import User
from salesdesk.testing.browser import sign_in
from salesdesk.testing.factories import make_user
from salesdesk.worklist.models import Task
from salesdesk.worklist.services import task_create

pytestmark = pytest.mark.browser


def translated(message: str, language: str) -> str:
    with translation.override(language):
        text = gettext(message)
    assert text != message, f"no {language} translation of {message!r}"
    return text


def test_it_lets_a_rep_switch_to_german_and_add_a_task_to_the_worklist(
    personas: Personas, live_server: LiveServer, page: Page
) -> None:
    # Given an English-speaking rep who signs in through the form
    sign_in(page, live_server, "rep")
    expect(page.locator("h1")).to_have_text("Your worklist")

    # When she switches the language to German with the switcher
    page.select_option("#language-select", "de")

    # Then the worklist speaks German, and German is remembered as her language
    expect(page.locator("h1")).to_have_text(translated("Your worklist", "de"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    personas.rep.refresh_from_db()
    assert personas.rep.language == "de"

    # When she adds a task due today with a reminder at eight that morning
    today = timezone.localdate()
    page.get_by_role("link", name=translated("New task", "de")).click()
    expect(page.locator("h1")).to_have_text(translated("New task", "de"))
    page.fill("#id_title", "Rückruf bei Bäckerei Schulz")
    page.fill("#id_due_on", today.isoformat())
    page.fill("#id_remind_at", f"{today.isoformat()}T08:00")
    page.locator("main form button[type=submit]").click()

    # Then the task page shows it, saved with the date and time she typed in her time zone
    expect(page.locator("h1")).to_have_text("Rückruf bei Bäckerei Schulz")
    expect(page.locator(".messages")).to_have_text(translated("Task created.", "de"))
    task = Task.objects.get(title="Rückruf bei Bäckerei Schulz")
    assert task.owner == personas.rep
    assert task.due_on == today
    assert task.remind_at == datetime(
        today.year, today.month, today.day, 8, 0, tzinfo=ZoneInfo("Europe/Berlin")
    )

    # And back on the worklist it is among today's items
    page.get_by_role("link", name="Salesdesk", exact=True).click()
    expect(page.locator("h1")).to_have_text(translated("Your worklist", "de"))
    today_section = page.locator("section.worklist-today")
    expect(today_section.locator("h2")).to_contain_text(translated("Due today", "de"))
    expect(today_section.get_by_role("link", name="Rückruf bei Bäckerei Schulz")).to_be_visible()


def test_it_keeps_the_due_date_when_a_german_rep_edits_a_task(
    personas: Personas, live_server: LiveServer, page: Page
) -> None:
    # Given a German rep with a task due on 1 December
    make_user("greta", roles=[Role.SALES_REP], business_unit=personas.unit, language="de")
    task = task_create(
        created_by=User.objects.get(username="greta"), title="Messe vorbereiten", due_on=date(2026, 12, 1)
    )
    sign_in(page, live_server, "greta")
    expect(page.locator("h1")).to_have_text(translated("Your worklist", "de"))

    # When she opens the task's form, where the browser's date picker shows the due date
    page.goto(f"{live_server.url}/tasks/{task.pk}/edit/")
    expect(page.locator("#id_due_on")).to_have_value("2026-12-01")

    # and saves it after changing only the title
    page.fill("#id_title", "Messe in Köln vorbereiten")
    page.locator("main form button[type=submit]").click()

    # Then the title changed and the due date is still 1 December
    expect(page.locator(".messages")).to_have_text(translated("Task saved.", "de"))
    task.refresh_from_db()
    assert task.title == "Messe in Köln vorbereiten"
    assert task.due_on == date(2026, 12, 1)


def test_it_shows_a_chinese_speaker_the_worklist_in_chinese(
    personas: Personas, live_server: LiveServer, page: Page
) -> None:
    # Given a rep whose language is Simplified Chinese
    make_user("li", roles=[Role.SALES_REP], business_unit=personas.unit, language="zh-hans")

    # When he signs in
    sign_in(page, live_server, "li")

    # Then his worklist is headed in Chinese
    expect(page.locator("h1")).to_have_text(translated("Your worklist", "zh-hans"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#language-select")).to_have_value("zh-hans")
