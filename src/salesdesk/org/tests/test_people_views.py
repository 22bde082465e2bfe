"""The people pages: colleagues of one's own business unit only; anyone else does not exist (404)."""

from __future__ import annotations

import pytest
from django.test import Client

from salesdesk.conftest import Personas


def _client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.mark.parametrize("persona", ["manager", "rep", "coordinator", "admin", "design_staff"])
def test_a_person_of_north_answers_404_for_an_outsider(persona: str, personas: Personas) -> None:
    response = _client_for(personas.outsider).get(f"/people/{getattr(personas, persona).pk}/")

    assert response.status_code == 404


def test_a_colleague_page_shows_the_person(personas: Personas) -> None:
    response = _client_for(personas.other_rep).get(f"/people/{personas.rep.pk}/")

    assert response.status_code == 200
    assert "rep@example.test" in response.text


def test_an_outsider_is_404_for_north(personas: Personas) -> None:
    assert _client_for(personas.rep).get(f"/people/{personas.outsider.pk}/").status_code == 404


def test_a_person_who_left_is_404(personas: Personas) -> None:
    personas.other_rep.is_active = False
    personas.other_rep.save(update_fields=["is_active"])

    assert _client_for(personas.rep).get(f"/people/{personas.other_rep.pk}/").status_code == 404


def test_the_people_list_shows_the_unit_only(personas: Personas) -> None:
    north = _client_for(personas.rep).get("/people/")
    south = _client_for(personas.outsider).get("/people/")

    assert "rep@example.test" in north.text
    assert "outsider@example.test" not in north.text
    assert "outsider@example.test" in south.text
    assert "rep@example.test" not in south.text
