"""Cursor pages: every row once, in order, whatever the page size."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from salesdesk.api.tests.conftest import ApiClientFor
from salesdesk.conftest import Personas
from salesdesk.worklist.models import Task
from salesdesk.worklist.services import task_create

pytestmark = pytest.mark.django_db


def _walk(client: object, path: str, limit: int) -> tuple[list[int], int]:
    ids: list[int] = []
    pages = 0
    cursor = None
    while True:
        query = f"limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        response = client.get(f"{path}?{query}")  # type: ignore[attr-defined]
        assert response.status_code == 200, response.content
        body = response.json()
        assert len(body["items"]) <= limit
        ids += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return ids, pages


@pytest.mark.parametrize("limit", [1, 3, 7, 200])
def test_it_walks_every_task_once_in_order(
    personas: Personas, api_client_for: ApiClientFor, limit: int
) -> None:
    # Repeated and missing due dates put ties and empty values on page edges.
    start = date(2030, 1, 1)
    for number in range(20):
        due_on = None if number % 5 == 0 else start + timedelta(days=number % 3)
        task_create(created_by=personas.rep, title=f"Task {number}", due_on=due_on)
    expected = [
        task.pk
        for task in sorted(
            Task.objects.all(), key=lambda task: (task.due_on is None, task.due_on or start, task.pk)
        )
    ]

    ids, pages = _walk(api_client_for(personas.rep), "/api/v1/tasks", limit)

    assert ids == expected
    assert pages == -(-20 // limit)
    assert len(set(ids)) == 20


def test_it_walks_every_person_once(personas: Personas, api_client_for: ApiClientFor) -> None:
    ids, pages = _walk(api_client_for(personas.rep), "/api/v1/users", 2)

    assert len(ids) == len(set(ids)) == 7
    assert pages == 4


def test_it_answers_422_for_a_forged_cursor(personas: Personas, api_client_for: ApiClientFor) -> None:
    client = api_client_for(personas.rep)

    for cursor in ("not-base64!", "WzFd", "eyJhIjoxfQ"):
        response = client.get(f"/api/v1/tasks?cursor={cursor}")
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {"field": "cursor", "message": "This cursor is not valid; start again from the first page."}
        ]


@pytest.mark.parametrize("limit", [0, 201, -1])
def test_it_refuses_a_limit_outside_1_to_200(
    personas: Personas, api_client_for: ApiClientFor, limit: int
) -> None:
    response = api_client_for(personas.rep).get(f"/api/v1/tasks?limit={limit}")

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["limit"]
