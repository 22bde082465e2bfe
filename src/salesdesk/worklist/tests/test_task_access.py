"""A task out of someone's scope does not exist for them on any page: 404, never 403."""

from __future__ import annotations

import pytest
from django.test import Client

from salesdesk.conftest import Personas
from salesdesk.worklist.choices import TaskStatus
from salesdesk.worklist.models import Task
from salesdesk.worklist.services import task_create


@pytest.fixture
def rep_task(personas: Personas) -> Task:
    return task_create(created_by=personas.rep, title="Call Anna about the renewal")


def _client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.mark.parametrize("persona", ["other_rep", "finance", "design_staff", "outsider"])
@pytest.mark.parametrize("page", ["/tasks/{pk}/", "/tasks/{pk}/edit/"])
def test_it_answers_404_for_a_task_out_of_scope(
    persona: str, page: str, personas: Personas, rep_task: Task
) -> None:
    response = _client_for(getattr(personas, persona)).get(page.format(pk=rep_task.pk))

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["other_rep", "finance", "design_staff", "outsider"])
def test_it_refuses_a_status_change_out_of_scope_with_404(
    persona: str, personas: Personas, rep_task: Task
) -> None:
    response = _client_for(getattr(personas, persona)).post(
        f"/tasks/{rep_task.pk}/status/", {"action": "complete"}
    )

    assert response.status_code == 404
    rep_task.refresh_from_db()
    assert (rep_task.status, rep_task.version) == (TaskStatus.OPEN, 1)


@pytest.mark.parametrize("persona", ["other_rep", "outsider"])
def test_it_refuses_an_edit_post_out_of_scope_with_404(
    persona: str, personas: Personas, rep_task: Task
) -> None:
    response = _client_for(getattr(personas, persona)).post(
        f"/tasks/{rep_task.pk}/edit/", {"title": "Taken over", "priority": "normal", "version": "1"}
    )

    assert response.status_code == 404
    rep_task.refresh_from_db()
    assert rep_task.title == "Call Anna about the renewal"


@pytest.mark.parametrize("persona", ["rep", "manager", "coordinator", "admin"])
@pytest.mark.parametrize("page", ["/tasks/{pk}/", "/tasks/{pk}/edit/"])
def test_it_shows_the_task_to_people_in_scope(
    persona: str, page: str, personas: Personas, rep_task: Task
) -> None:
    response = _client_for(getattr(personas, persona)).get(page.format(pk=rep_task.pk))

    assert response.status_code == 200
    assert "Call Anna about the renewal" in response.text


def test_an_unknown_task_is_404(personas: Personas) -> None:
    assert _client_for(personas.admin).get("/tasks/999999/").status_code == 404


def test_it_sends_an_anonymous_visitor_to_sign_in(rep_task: Task) -> None:
    response = Client().get(f"/tasks/{rep_task.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next=/tasks/{rep_task.pk}/"


def test_the_task_list_page_shows_only_tasks_in_scope(personas: Personas, rep_task: Task) -> None:
    task_create(created_by=personas.other_rep, title="Other rep's private call")

    response = _client_for(personas.rep).get("/tasks/")

    assert response.status_code == 200
    assert "Call Anna about the renewal" in response.text
    assert "Other rep&#x27;s private call" not in response.text
    assert "Other rep's private call" not in response.text
