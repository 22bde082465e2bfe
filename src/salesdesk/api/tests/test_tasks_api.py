"""Tasks through the API: scoping, writes through the services, conflicts and bad input."""

from __future__ import annotations

from datetime import date

import pytest

from salesdesk.api.tests.conftest import ApiClientFor
from salesdesk.conftest import Personas
from salesdesk.worklist.models import Task
from salesdesk.worklist.services import task_create, task_update

pytestmark = pytest.mark.django_db


def test_it_creates_a_task_for_the_caller(personas: Personas, api_client_for: ApiClientFor) -> None:
    client = api_client_for(personas.rep)

    response = client.post(
        "/api/v1/tasks",
        {"title": "  Call Mrs Rossi  ", "due_on": "2031-05-04", "priority": "high"},
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    task = Task.objects.get()
    assert body["id"] == task.pk
    assert body["title"] == "Call Mrs Rossi"
    assert body["owner_id"] == personas.rep.pk
    assert body["due_on"] == "2031-05-04"
    assert body["priority"] == "high"
    assert body["status"] == "open"
    assert body["version"] == 1
    assert body["notes"] == ""
    assert body["remind_at"] is None
    assert set(body) == {
        "id", "title", "notes", "owner_id", "due_on", "remind_at", "priority", "status", "version",
        "created_at", "updated_at",
    }  # fmt: skip


def test_it_lets_a_manager_give_a_report_a_task(personas: Personas, api_client_for: ApiClientFor) -> None:
    response = api_client_for(personas.manager).post(
        "/api/v1/tasks",
        {"title": "Prepare the review", "owner_id": personas.rep.pk},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert Task.objects.get().owner == personas.rep


def test_it_hides_another_reps_private_task(personas: Personas, api_client_for: ApiClientFor) -> None:
    private = task_create(created_by=personas.other_rep, title="Private follow-up")
    client = api_client_for(personas.rep)

    detail = client.get(f"/api/v1/tasks/{private.pk}")
    change = client.patch(
        f"/api/v1/tasks/{private.pk}", {"version": 1, "title": "Mine now"}, "application/json"
    )
    complete = client.post(f"/api/v1/tasks/{private.pk}/complete")
    listed = client.get("/api/v1/tasks")

    assert detail.status_code == 404
    assert detail["Content-Type"] == "application/problem+json"
    assert detail.json() == {
        "type": "about:blank",
        "title": "Not found",
        "status": 404,
        "detail": "There is nothing here, or you may not see it.",
    }
    assert change.status_code == 404
    assert complete.status_code == 404
    assert listed.json() == {"items": [], "next_cursor": None}
    private.refresh_from_db()
    assert (private.title, private.status, private.version) == ("Private follow-up", "open", 1)


def test_it_shows_a_manager_the_tasks_of_their_reports(
    personas: Personas, api_client_for: ApiClientFor
) -> None:
    task_create(created_by=personas.rep, title="Rep's task")
    task_create(created_by=personas.other_rep, title="Other rep's task")
    task_create(created_by=personas.coordinator, title="Coordinator's task")

    response = api_client_for(personas.manager).get("/api/v1/tasks")

    assert response.status_code == 200
    assert sorted(item["title"] for item in response.json()["items"]) == ["Other rep's task", "Rep's task"]


def test_it_shows_an_outsider_none_of_norths_tasks(personas: Personas, api_client_for: ApiClientFor) -> None:
    task = task_create(created_by=personas.rep, title="North's task", is_shared=True)

    client = api_client_for(personas.outsider)

    assert client.get("/api/v1/tasks").json() == {"items": [], "next_cursor": None}
    assert client.get(f"/api/v1/tasks/{task.pk}").status_code == 404


def test_it_filters_tasks(personas: Personas, api_client_for: ApiClientFor) -> None:
    task_create(created_by=personas.rep, title="Soon", due_on=date(2030, 1, 10))
    task_create(created_by=personas.rep, title="Later", due_on=date(2030, 3, 1))
    done = task_create(created_by=personas.other_rep, title="Done", due_on=date(2030, 1, 5))
    done.status = "done"
    done.save()
    client = api_client_for(personas.manager)

    def titles(query: str) -> list[str]:
        return [item["title"] for item in client.get(f"/api/v1/tasks?{query}").json()["items"]]

    assert titles("") == ["Done", "Soon", "Later"]
    assert titles("status=open") == ["Soon", "Later"]
    assert titles(f"owner_id={personas.other_rep.pk}") == ["Done"]
    assert titles("due_before=2030-01-10") == ["Done", "Soon"]


def test_it_changes_a_task_at_the_version_read(personas: Personas, api_client_for: ApiClientFor) -> None:
    task = task_create(created_by=personas.rep, title="Draft")

    response = api_client_for(personas.rep).patch(
        f"/api/v1/tasks/{task.pk}",
        {"version": 1, "title": "Final", "due_on": "2031-01-02"},
        "application/json",
    )

    assert response.status_code == 200
    assert response.json()["title"] == "Final"
    assert response.json()["due_on"] == "2031-01-02"
    assert response.json()["version"] == 2
    task.refresh_from_db()
    assert (task.title, task.due_on, task.version) == ("Final", date(2031, 1, 2), 2)


def test_it_refuses_a_stale_change_with_409_and_changes_nothing(
    personas: Personas, api_client_for: ApiClientFor
) -> None:
    task = task_create(created_by=personas.rep, title="Draft")
    task_update(task=task, changed_by=personas.rep, expected_version=1, title="Someone else's edit")

    response = api_client_for(personas.rep).patch(
        f"/api/v1/tasks/{task.pk}", {"version": 1, "title": "My edit"}, "application/json"
    )

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "urn:salesdesk:problem:stale-record",
        "title": "The record was changed by someone else",
        "status": 409,
        "detail": (
            "Someone else's edit was changed by someone else while you were editing it (you had version 1, "
            "it is now version 2). Reload it to see their changes, then make yours again."
        ),
    }
    task.refresh_from_db()
    assert (task.title, task.version) == ("Someone else's edit", 2)


def test_it_requires_the_version_to_change_a_task(personas: Personas, api_client_for: ApiClientFor) -> None:
    task = task_create(created_by=personas.rep, title="Draft")

    response = api_client_for(personas.rep).patch(
        f"/api/v1/tasks/{task.pk}", {"title": "X"}, "application/json"
    )

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["version"]
    task.refresh_from_db()
    assert task.title == "Draft"


def test_it_completes_a_task(personas: Personas, api_client_for: ApiClientFor) -> None:
    task = task_create(created_by=personas.rep, title="Call")
    client = api_client_for(personas.rep)

    response = client.post(f"/api/v1/tasks/{task.pk}/complete")
    again = client.post(f"/api/v1/tasks/{task.pk}/complete")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["version"]) == ("done", 2)
    assert again.status_code == 400
    assert again.json()["errors"] == [{"field": "status", "message": "Only an open task can be completed."}]


def test_it_refuses_to_complete_a_task_changed_since_the_version_given(
    personas: Personas, api_client_for: ApiClientFor
) -> None:
    task = task_create(created_by=personas.rep, title="Call")
    task_update(task=task, changed_by=personas.rep, expected_version=1, notes="Ring twice")

    response = api_client_for(personas.rep).post(f"/api/v1/tasks/{task.pk}/complete?version=1")

    assert response.status_code == 409
    task.refresh_from_db()
    assert task.status == "open"


def test_it_names_the_field_of_a_malformed_date(personas: Personas, api_client_for: ApiClientFor) -> None:
    response = api_client_for(personas.rep).post(
        "/api/v1/tasks", {"title": "Call", "due_on": "31/02/2030"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert (body["type"], body["title"], body["status"]) == (
        "urn:salesdesk:problem:invalid-request",
        "The request is not valid",
        422,
    )
    assert [error["field"] for error in body["errors"]] == ["due_on"]
    assert not Task.objects.exists()


def test_it_names_the_field_of_a_malformed_filter(personas: Personas, api_client_for: ApiClientFor) -> None:
    response = api_client_for(personas.rep).get("/api/v1/tasks?due_before=soon")

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["due_before"]


def test_it_refuses_an_unknown_owner(personas: Personas, api_client_for: ApiClientFor) -> None:
    response = api_client_for(personas.rep).post(
        "/api/v1/tasks", {"title": "Call", "owner_id": 999_999}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "urn:salesdesk:problem:invalid-data",
        "title": "The data cannot be saved",
        "status": 400,
        "detail": "Choose an active person you can give tasks to.",
        "errors": [{"field": "owner", "message": "Choose an active person you can give tasks to."}],
    }
    assert not Task.objects.exists()


def test_it_refuses_an_owner_outside_the_callers_scope(
    personas: Personas, api_client_for: ApiClientFor
) -> None:
    response = api_client_for(personas.rep).post(
        "/api/v1/tasks", {"title": "Call", "owner_id": personas.outsider.pk}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "owner", "message": "Choose an active person you can give tasks to."}
    ]
    assert not Task.objects.exists()


def test_it_refuses_an_empty_title(personas: Personas, api_client_for: ApiClientFor) -> None:
    client = api_client_for(personas.rep)
    task = task_create(created_by=personas.rep, title="Keep me")

    created = client.post("/api/v1/tasks", {"title": "   "}, content_type="application/json")
    changed = client.patch(f"/api/v1/tasks/{task.pk}", {"version": 1, "title": ""}, "application/json")

    for response in (created, changed):
        assert response.status_code == 400
        assert response.json()["errors"] == [{"field": "title", "message": "Give the task a title."}]
    assert list(Task.objects.values_list("title", "version")) == [("Keep me", 1)]
