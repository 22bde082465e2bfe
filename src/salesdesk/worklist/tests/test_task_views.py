"""The task pages: create through the form, edit with a version check, complete from the worklist."""

from __future__ import annotations

from datetime import date

from django.test import Client

from salesdesk.conftest import Personas
from salesdesk.core.models import Notification
from salesdesk.worklist.choices import TaskPriority, TaskStatus
from salesdesk.worklist.models import Task
from salesdesk.worklist.services import task_create, task_update


def _client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Send the offer",
        "owner": "",
        "due_on": "2026-12-01",
        "remind_at": "",
        "priority": "high",
        "notes": "Include the volume discount",
        "version": "",
    }
    data.update(overrides)
    return data


def test_it_creates_a_task_for_oneself_from_the_form(personas: Personas) -> None:
    # given a rep on the new-task page
    client = _client_for(personas.rep)

    # when they submit the form without choosing an owner
    response = client.post("/tasks/new/", _form(), follow=True)

    # then the task is theirs, and they land on it with a confirmation
    task = Task.objects.get()
    assert response.redirect_chain == [(f"/tasks/{task.pk}/", 302)]
    assert "Task created." in response.text
    assert (task.title, task.owner, task.created_by) == ("Send the offer", personas.rep, personas.rep)
    assert (task.due_on, task.priority, task.notes) == (
        date(2026, 12, 1),
        TaskPriority.HIGH,
        "Include the volume discount",
    )
    assert (task.status, task.version) == (TaskStatus.OPEN, 1)


def test_it_creates_a_task_for_a_colleague_and_notifies_them(
    personas: Personas, django_capture_on_commit_callbacks: object
) -> None:
    client = _client_for(personas.manager)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post("/tasks/new/", _form(owner=str(personas.rep.pk)))

    task = Task.objects.get()
    assert response.status_code == 302
    assert task.owner == personas.rep
    note = Notification.objects.get()
    assert (note.recipient, note.title, note.url) == (
        personas.rep,
        "manager gave you a task: Send the offer",
        f"/tasks/{task.pk}/",
    )


def test_it_shows_the_form_again_when_the_title_is_blank(personas: Personas) -> None:
    response = _client_for(personas.rep).post("/tasks/new/", _form(title="   "))

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Task.objects.exists()


def test_it_does_not_offer_an_owner_out_of_scope(personas: Personas) -> None:
    response = _client_for(personas.rep).post("/tasks/new/", _form(owner=str(personas.outsider.pk)))

    assert response.status_code == 200
    assert "Select a valid choice. That choice is not one of the available choices." in response.text
    assert not Task.objects.exists()


def test_it_saves_an_edit_with_the_current_version(personas: Personas) -> None:
    task = task_create(created_by=personas.rep, title="Send the offer")

    response = _client_for(personas.rep).post(
        f"/tasks/{task.pk}/edit/", _form(title="Send the final offer", version="1")
    )

    assert response.status_code == 302
    assert response["Location"] == f"/tasks/{task.pk}/"
    task.refresh_from_db()
    assert (task.title, task.version) == ("Send the final offer", 2)


def test_a_stale_edit_shows_the_conflict_and_does_not_overwrite(personas: Personas) -> None:
    # given the rep opened the edit page at version 1, then the manager saved a change
    task = task_create(created_by=personas.rep, title="Send the offer")
    task_update(
        task=Task.objects.get(pk=task.pk),
        changed_by=personas.manager,
        expected_version=1,
        title="Send the offer by Friday",
    )

    # when the rep saves with the version they loaded
    response = _client_for(personas.rep).post(
        f"/tasks/{task.pk}/edit/", _form(title="Send the offer today", version="1")
    )

    # then they are told why, and the manager's change stands
    assert response.status_code == 200
    assert (
        "Send the offer by Friday was changed by someone else while you were editing it "
        "(you had version 1, it is now version 2). Reload it to see their changes, then make yours again."
    ) in response.text
    task.refresh_from_db()
    assert (task.title, task.version) == ("Send the offer by Friday", 2)


def test_the_edit_form_carries_the_current_version(personas: Personas) -> None:
    task = task_create(created_by=personas.rep, title="Send the offer")
    task_update(task=task, changed_by=personas.rep, expected_version=1, title="Send it")

    response = _client_for(personas.rep).get(f"/tasks/{task.pk}/edit/")

    assert '<input type="hidden" name="version" value="2" id="id_version">' in response.text


def test_completing_from_the_worklist_with_htmx_returns_the_row(personas: Personas) -> None:
    task = task_create(created_by=personas.rep, title="Send the offer")

    response = _client_for(personas.rep).post(
        f"/tasks/{task.pk}/status/", {"action": "complete"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert response.templates[0].name == "worklist/partials/_task_done.html"
    assert '<span class="worklist-title">Send the offer</span>' in response.text
    assert '<span class="status status-done">Done</span>' in response.text
    assert "<html" not in response.text
    task.refresh_from_db()
    assert (task.status, task.version) == (TaskStatus.DONE, 2)
    assert task.completed_at is not None


def test_completing_without_htmx_redirects_to_the_task(personas: Personas) -> None:
    task = task_create(created_by=personas.rep, title="Send the offer")

    response = _client_for(personas.rep).post(f"/tasks/{task.pk}/status/", {"action": "complete"})

    assert response.status_code == 302
    assert response["Location"] == f"/tasks/{task.pk}/"
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_completing_a_done_task_again_is_refused_with_a_message(personas: Personas) -> None:
    task = task_create(created_by=personas.rep, title="Send the offer")
    client = _client_for(personas.rep)
    client.post(f"/tasks/{task.pk}/status/", {"action": "complete"})

    response = client.post(f"/tasks/{task.pk}/status/", {"action": "complete"}, follow=True)

    assert "Only an open task can be completed." in response.text
    task.refresh_from_db()
    assert task.version == 2


def test_an_unknown_action_is_a_bad_request(personas: Personas) -> None:
    task = task_create(created_by=personas.rep, title="Send the offer")

    response = _client_for(personas.rep).post(f"/tasks/{task.pk}/status/", {"action": "explode"})

    assert (response.status_code, response.text) == (400, "Unknown action.")


def test_the_status_change_needs_post(personas: Personas) -> None:
    task = task_create(created_by=personas.rep, title="Send the offer")

    assert _client_for(personas.rep).get(f"/tasks/{task.pk}/status/").status_code == 405
