"""Launching Debian's Chromium through Playwright for the browser tests.

We drive the system Chromium rather than Playwright's downloaded builds, so the tests run wherever
`scripts/ensure-browser` could install it. A missing browser fails the test run loudly: a skipped browser
test looks like a passing one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Where screenshots of the last page of each browser test go (gitignored), for looking at failures.
RESULTS_DIR = Path(__file__).resolve().parents[3] / "test-results"
# Each step waits at most this long; a browser test as a whole should stay well under 20 s.
STEP_TIMEOUT_MS = 5_000


@contextmanager
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}. Run ./scripts/ensure-browser "
            "(or 'sudo apt-get install chromium fonts-noto-cjk'), then run the tests again.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def browser_page(browser: Browser, *, name: str, locale: str = "en-GB") -> Iterator[Page]:
    """A fresh page in its own context; its last state is saved as test-results/<name>.png."""
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        RESULTS_DIR.mkdir(exist_ok=True)
        try:
            page.screenshot(path=str(RESULTS_DIR / f"{screenshot_name(name)}.png"), full_page=True)
        finally:
            context.close()


def screenshot_name(test_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name).strip("_")


def sign_in(page: Page, live_server: LiveServer, username: str, *, password: str = "") -> None:
    """Sign in through the login form, as a person would; the worklist is where everyone lands."""
    from salesdesk.testing.factories import PASSWORD

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
