"""Who may see and change an opportunity: its owner, their manager, the unit's coordinator; nobody else."""

from __future__ import annotations

import pytest
from django.test import Client

from salesdesk.conftest import Personas
from salesdesk.pipeline.models import Opportunity, Pipeline
from salesdesk.pipeline.tests.conftest import ApiClientFor, MakeOpportunity, stage

pytestmark = pytest.mark.django_db

PAGES = [
    "/opportunities/{pk}/",
    "/opportunities/{pk}/edit/",
    "/opportunities/{pk}/lose/",
    "/opportunities/{pk}/competitors/",
    "/opportunities/{pk}/products/",
]


def _client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def rep_deal(make_opportunity: MakeOpportunity) -> Opportunity:
    return make_opportunity("Ovens for Schulz")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ["rep", "manager", "coordinator", "admin"])
def test_the_owner_and_those_above_may_open_every_page(
    personas: Personas, rep_deal: Opportunity, persona: str, page: str
) -> None:
    response = _client_for(getattr(personas, persona)).get(page.format(pk=rep_deal.pk))

    assert response.status_code == 200


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ["other_rep", "finance", "design_staff", "outsider"])
def test_anyone_else_gets_not_found(
    personas: Personas, rep_deal: Opportunity, persona: str, page: str
) -> None:
    response = _client_for(getattr(personas, persona)).get(page.format(pk=rep_deal.pk))

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["other_rep", "outsider"])
def test_another_rep_cannot_move_or_win_the_deal(
    personas: Personas, pipeline: Pipeline, rep_deal: Opportunity, persona: str
) -> None:
    client = _client_for(getattr(personas, persona))

    moved = client.post(f"/opportunities/{rep_deal.pk}/move/", {"stage": stage(pipeline, "Won").pk})
    won = client.post(f"/opportunities/{rep_deal.pk}/win/")

    assert (moved.status_code, won.status_code) == (404, 404)
    assert Opportunity.objects.get(pk=rep_deal.pk).stage.name == "Qualification"


def test_a_shared_deal_is_open_to_the_other_reps_of_the_unit_only(
    personas: Personas, make_opportunity: MakeOpportunity
) -> None:
    shared = make_opportunity("Shared ovens", is_shared=True)

    assert _client_for(personas.other_rep).get(f"/opportunities/{shared.pk}/").status_code == 200
    assert _client_for(personas.outsider).get(f"/opportunities/{shared.pk}/").status_code == 404


def test_lists_board_and_forecast_show_only_what_a_person_may_see(
    personas: Personas, make_opportunity: MakeOpportunity
) -> None:
    make_opportunity("Rep deal")
    make_opportunity("Other deal", owner=personas.other_rep)

    def names(user: object, path: str) -> tuple[bool, bool]:
        html = _client_for(user).get(path).content.decode()
        return "Rep deal" in html, "Other deal" in html

    for path in ("/opportunities/", "/pipeline/"):
        assert names(personas.rep, path) == (True, False)
        assert names(personas.other_rep, path) == (False, True)
        assert names(personas.manager, path) == (True, True)
        assert names(personas.outsider, path) == (False, False)


@pytest.mark.parametrize(
    ("persona", "status"), [("rep", 200), ("manager", 200), ("other_rep", 404), ("outsider", 404)]
)
def test_the_api_answers_not_found_outside_a_persons_scope(
    personas: Personas, rep_deal: Opportunity, api_client_for: ApiClientFor, persona: str, status: int
) -> None:
    client = api_client_for(getattr(personas, persona))

    assert client.get(f"/api/v1/opportunities/{rep_deal.pk}").status_code == status
    patched = client.patch(
        f"/api/v1/opportunities/{rep_deal.pk}",
        {"version": rep_deal.version + (0 if status == 404 else 100), "name": "Hijacked"},
        content_type="application/json",
    )
    assert patched.status_code == (404 if status == 404 else 409)
    assert Opportunity.objects.get(pk=rep_deal.pk).name == "Ovens for Schulz"


def test_signed_out_people_are_sent_to_sign_in(rep_deal: Opportunity) -> None:
    response = Client().get(f"/opportunities/{rep_deal.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
