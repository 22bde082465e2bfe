"""Every list endpoint costs the same number of queries for one row as for fifty."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from salesdesk.api.tests.conftest import ApiClientFor
from salesdesk.conftest import Personas
from salesdesk.org.choices import Role
from salesdesk.org.models import Team
from salesdesk.testing.factories import make_user
from salesdesk.worklist.services import task_create

pytestmark = pytest.mark.django_db


def _queries(client: object, path: str) -> int:
    client.get(path)  # type: ignore[attr-defined]  # the first use of a token records it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(queries)


def test_the_task_list_query_count_does_not_grow(personas: Personas, api_client_for: ApiClientFor) -> None:
    client = api_client_for(personas.manager)
    task_create(created_by=personas.rep, title="Task 0")
    one = _queries(client, "/api/v1/tasks?limit=50")

    for number in range(1, 50):
        task_create(created_by=personas.rep if number % 2 else personas.other_rep, title=f"Task {number}")
    fifty = _queries(client, "/api/v1/tasks?limit=50")

    assert len(client.get("/api/v1/tasks?limit=50").json()["items"]) == 50
    assert one == fifty


def test_the_user_list_query_count_does_not_grow(personas: Personas, api_client_for: ApiClientFor) -> None:
    client = api_client_for(personas.outsider)
    one = _queries(client, "/api/v1/users?limit=50")

    for number in range(49):
        make_user(f"south{number}", roles=[Role.SALES_REP, Role.FINANCE], business_unit=personas.other_unit)
    fifty = _queries(client, "/api/v1/users?limit=50")

    assert len(client.get("/api/v1/users?limit=50").json()["items"]) == 50
    assert one == fifty


def test_the_team_list_query_count_does_not_grow(personas: Personas, api_client_for: ApiClientFor) -> None:
    client = api_client_for(personas.rep)
    first = Team.objects.create(business_unit=personas.unit, name="Team 0", lead=personas.manager)
    first.members.add(personas.rep)
    one = _queries(client, "/api/v1/teams?limit=50")

    for number in range(1, 50):
        team = Team.objects.create(business_unit=personas.unit, name=f"Team {number}", lead=personas.manager)
        team.members.add(personas.rep, personas.other_rep)
    fifty = _queries(client, "/api/v1/teams?limit=50")

    assert len(client.get("/api/v1/teams?limit=50").json()["items"]) == 50
    assert one == fifty
