"""People and teams through the API, scoped like the pages."""

from __future__ import annotations

import pytest

from salesdesk.api.tests.conftest import ApiClientFor
from salesdesk.conftest import Personas
from salesdesk.org.models import Team

pytestmark = pytest.mark.django_db

NORTH = ["admin", "coordinator", "design_staff", "finance", "manager", "other_rep", "rep"]


def _usernames(response: object) -> list[str]:
    return sorted(item["username"] for item in response.json()["items"])  # type: ignore[attr-defined]


def test_it_lists_the_people_of_my_business_unit(personas: Personas, api_client_for: ApiClientFor) -> None:
    response = api_client_for(personas.rep).get("/api/v1/users")

    assert response.status_code == 200
    assert _usernames(response) == NORTH
    assert response.json()["next_cursor"] is None


def test_it_shows_an_outsider_none_of_norths_people(personas: Personas, api_client_for: ApiClientFor) -> None:
    client = api_client_for(personas.outsider)

    assert _usernames(client.get("/api/v1/users")) == ["outsider"]
    assert client.get(f"/api/v1/users/{personas.rep.pk}").status_code == 404


def test_it_filters_people_by_search_and_role(personas: Personas, api_client_for: ApiClientFor) -> None:
    client = api_client_for(personas.manager)

    assert _usernames(client.get("/api/v1/users?search=rep")) == ["other_rep", "rep"]
    assert _usernames(client.get("/api/v1/users?role=manager")) == ["manager"]
    assert client.get("/api/v1/users?role=emperor").status_code == 422


def test_it_shows_one_person(personas: Personas, api_client_for: ApiClientFor) -> None:
    response = api_client_for(personas.manager).get(f"/api/v1/users/{personas.rep.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "rep"
    assert body["display_name"] == "rep"
    assert body["manager_id"] == personas.manager.pk
    assert body["business_unit_id"] == personas.unit.pk
    assert body["roles"] == ["rep"]


def test_it_lists_the_teams_of_my_business_unit(personas: Personas, api_client_for: ApiClientFor) -> None:
    north = Team.objects.create(business_unit=personas.unit, name="North field", lead=personas.manager)
    north.members.add(personas.rep, personas.other_rep)
    Team.objects.create(business_unit=personas.other_unit, name="South field")

    response = api_client_for(personas.rep).get("/api/v1/teams")

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": north.pk,
                "name": "North field",
                "business_unit_id": personas.unit.pk,
                "department_id": None,
                "lead_id": personas.manager.pk,
                "member_ids": sorted([personas.rep.pk, personas.other_rep.pk]),
            }
        ],
        "next_cursor": None,
    }
