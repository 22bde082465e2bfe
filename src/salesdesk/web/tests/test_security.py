"""Cross-site request forgery and script injection, checked on the pages people use every day."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from salesdesk.conftest import Personas
from salesdesk.worklist.models import Task
from salesdesk.worklist.services import task_create

SCRIPT_TITLE = "<script>alert(1)</script>"
ESCAPED_TITLE = "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_it_refuses_to_create_a_task_from_a_post_without_csrf_token(personas: Personas) -> None:
    # Given a signed-in rep whose browser checks CSRF like a real one
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.rep)

    # When another site makes her browser post a new task without the token
    response = client.post("/tasks/new/", {"title": "Forged", "priority": "normal"})

    # Then the request is refused and no task exists
    assert response.status_code == 403
    assert not Task.objects.filter(title="Forged").exists()


def test_it_creates_a_task_from_a_post_with_the_csrf_token(personas: Personas) -> None:
    # Given a signed-in rep who opened the form, which set her CSRF cookie
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.rep)
    client.get("/tasks/new/")
    token = client.cookies["csrftoken"].value

    # When she submits it with the token
    response = client.post(
        "/tasks/new/", {"title": "Genuine", "priority": "normal", "csrfmiddlewaretoken": token}
    )

    # Then the task is created (so the refusal above was about the token, not the form)
    task = Task.objects.get(title="Genuine")
    assert response.status_code == 302
    assert response["Location"] == f"/tasks/{task.pk}/"
    assert task.owner == personas.rep


def test_it_escapes_a_script_in_a_task_title_on_the_worklist(personas: Personas, client: Client) -> None:
    # Given a task due today whose title is a script
    task_create(created_by=personas.rep, title=SCRIPT_TITLE, due_on=timezone.localdate())

    # When its owner opens the worklist
    client.force_login(personas.rep)
    content = client.get("/").content.decode()

    # Then the title is shown as text, never as markup
    assert ESCAPED_TITLE in content
    assert SCRIPT_TITLE not in content


def test_it_escapes_a_script_in_a_task_title_on_the_task_page(personas: Personas, client: Client) -> None:
    # Given a task whose title is a script
    task = task_create(created_by=personas.rep, title=SCRIPT_TITLE)

    # When its owner opens the task
    client.force_login(personas.rep)
    content = client.get(f"/tasks/{task.pk}/").content.decode()

    # Then the heading and the page title show it as text
    assert f"<h1>{ESCAPED_TITLE}</h1>" in content
    assert f"<title>{ESCAPED_TITLE} · Salesdesk</title>" in content
    assert SCRIPT_TITLE not in content
