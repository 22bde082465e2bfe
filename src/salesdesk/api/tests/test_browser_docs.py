"""The interactive API docs in a real browser: Swagger UI starts under our CSP with no network."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from salesdesk.conftest import Personas
from salesdesk.testing.browser import browser_page, chromium, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with chromium() as launched:
        yield launched


def test_the_docs_start_swagger_ui_from_our_own_files_under_the_csp(
    personas: Personas, live_server: LiveServer, browser: Browser
) -> None:
    with browser_page(browser, name="api-docs") as page:
        hosts: set[str] = set()
        problems: list[str] = []
        page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))

        # Given a rep signed in through the form
        sign_in(page, live_server, "rep")
        expect(page.locator("h1")).to_have_text("Your worklist")

        # When she opens the API docs
        page.goto(f"{live_server.url}/api/v1/docs")

        # Then Swagger UI shows the API and its endpoints, with nothing blocked and nothing fetched elsewhere
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Salesdesk API")
        expect(page.locator(".opblock-summary-path").first).to_be_visible()
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert "/api/v1/tasks/{task_id}/complete" in [path.replace("\u200b", "") for path in paths]

        # And she can call the API with her session from the page
        page.locator(".opblock-get .opblock-summary-path", has_text="/api/v1/users").first.click()
        page.get_by_role("button", name="Try it out").click()
        page.get_by_role("button", name="Execute").click()
        expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")

    assert hosts == {urlsplit(live_server.url).netloc}
    assert problems == []
