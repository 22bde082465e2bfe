"""Company settings are read once per request, and a change made during the request is seen at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from salesdesk.core.models import CompanySettings
from salesdesk.core.request_memo import RequestMemoMiddleware

pytestmark = pytest.mark.django_db


def _settings_queries(captured: CaptureQueriesContext) -> int:
    table = CompanySettings._meta.db_table
    return sum(1 for query in captured.captured_queries if table in query["sql"])


def test_a_request_reads_the_settings_once_however_often_they_are_asked_for() -> None:
    CompanySettings.current()
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        for _round in range(20):
            seen.append(CompanySettings.current().currency)
        return HttpResponse("ok")

    with CaptureQueriesContext(connection) as captured:
        RequestMemoMiddleware(view)(RequestFactory().get("/"))
    assert seen == ["EUR"] * 20
    assert _settings_queries(captured) == 1


def test_a_change_saved_during_the_request_is_read_back_and_the_next_request_reads_afresh() -> None:
    seen: list[str] = []

    def change_currency(request: HttpRequest) -> HttpResponse:
        settings_row = CompanySettings.current()
        seen.append(settings_row.currency)
        settings_row.currency = "CHF"
        settings_row.save()
        seen.append(CompanySettings.current().currency)
        return HttpResponse("ok")

    RequestMemoMiddleware(change_currency)(RequestFactory().get("/"))
    assert seen == ["EUR", "CHF"]

    # Another process (a job, another worker) changes the row: the next request sees it.
    CompanySettings.objects.filter(pk=1).update(currency="USD")

    def read(request: HttpRequest) -> HttpResponse:
        seen.append(CompanySettings.current().currency)
        return HttpResponse("ok")

    RequestMemoMiddleware(read)(RequestFactory().get("/"))
    assert seen[-1] == "USD"


def test_outside_a_request_every_read_goes_to_the_database() -> None:
    CompanySettings.current()
    CompanySettings.objects.filter(pk=1).update(currency="GBP")
    assert CompanySettings.current().currency == "GBP"
