"""task_create and friends: validated before anything is saved, with errors named by field."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from salesdesk.conftest import Personas
from salesdesk.core.models import Notification
from salesdesk.worklist.choices import TaskStatus
from salesdesk.worklist.models import Task
from salesdesk.worklist.services import task_cancel, task_complete, task_create, task_reopen, task_update


@pytest.mark.parametrize("title", ["", "   "])
def test_task_create_refuses_an_empty_title(title: str, personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        task_create(created_by=personas.rep, title=title)

    assert caught.value.message_dict == {"title": ["Give the task a title."]}
    assert not Task.objects.exists()


def test_task_create_refuses_an_inactive_owner(personas: Personas) -> None:
    personas.other_rep.is_active = False
    personas.other_rep.save(update_fields=["is_active"])

    with pytest.raises(ValidationError) as caught:
        task_create(created_by=personas.manager, owner=personas.other_rep, title="Call Anna")

    assert caught.value.message_dict == {"owner": ["Choose an active person to own the task."]}
    assert not Task.objects.exists()


def test_task_create_refuses_an_owner_outside_the_creator_scope(personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        task_create(created_by=personas.rep, owner=personas.outsider, title="Call Anna")

    assert caught.value.message_dict == {"owner": ["You cannot give tasks to that person."]}
    assert not Task.objects.exists()
    assert not Notification.objects.exists()


def test_task_create_refuses_a_department_of_another_unit(personas: Personas) -> None:
    from salesdesk.org.choices import DepartmentKind
    from salesdesk.testing.factories import DepartmentFactory

    south_design = DepartmentFactory(business_unit=personas.other_unit, kind=DepartmentKind.DESIGN)

    with pytest.raises(ValidationError) as caught:
        task_create(created_by=personas.rep, title="Draw the banner", department=south_design)

    assert caught.value.message_dict == {"department": ["That department is not in your business unit."]}
    assert not Task.objects.exists()


def test_task_create_reports_every_invalid_field_at_once(personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        task_create(created_by=personas.rep, owner=personas.outsider, title=" ", priority="urgent")

    assert caught.value.message_dict == {
        "title": ["Give the task a title."],
        "priority": ["Choose a priority."],
        "owner": ["You cannot give tasks to that person."],
    }


def test_task_create_trims_the_title_and_defaults_the_owner(personas: Personas) -> None:
    task = task_create(created_by=personas.rep, title="  Call Anna  ")

    assert (task.title, task.owner, task.status, task.version) == (
        "Call Anna",
        personas.rep,
        TaskStatus.OPEN,
        1,
    )


def test_task_update_refuses_fields_that_are_not_editable(personas: Personas) -> None:
    task = task_create(created_by=personas.rep, title="Call Anna")

    with pytest.raises(ValidationError) as caught:
        task_update(task=task, changed_by=personas.rep, expected_version=1, status="done", version=9)

    assert caught.value.message_dict == {
        "status": ["This field cannot be changed."],
        "version": ["This field cannot be changed."],
    }
    task.refresh_from_db()
    assert (task.status, task.version) == (TaskStatus.OPEN, 1)


def test_a_new_reminder_time_resets_the_sent_reminder(personas: Personas) -> None:
    from datetime import timedelta

    from django.utils import timezone

    task = task_create(created_by=personas.rep, title="Call Anna", remind_at=timezone.now())
    Task.objects.filter(pk=task.pk).update(reminder_sent_at=timezone.now())
    task.refresh_from_db()

    task_update(
        task=task, changed_by=personas.rep, expected_version=1, remind_at=timezone.now() + timedelta(days=1)
    )

    task.refresh_from_db()
    assert task.reminder_sent_at is None


def test_complete_reopen_and_cancel_move_through_the_statuses(personas: Personas) -> None:
    task = task_create(created_by=personas.rep, title="Call Anna")

    task_complete(task=task, completed_by=personas.rep)
    assert (task.status, task.version) == (TaskStatus.DONE, 2)
    assert task.completed_at is not None

    task_reopen(task=task, reopened_by=personas.rep)
    assert (task.status, task.version, task.completed_at) == (TaskStatus.OPEN, 3, None)

    task_cancel(task=task, cancelled_by=personas.rep, reason="Customer closed")
    task.refresh_from_db()
    assert (task.status, task.version) == (TaskStatus.CANCELLED, 4)
    assert task.history.first().history_change_reason == "Customer closed"


def test_a_cancelled_task_cannot_be_completed(personas: Personas) -> None:
    task = task_create(created_by=personas.rep, title="Call Anna")
    task_cancel(task=task, cancelled_by=personas.rep)

    with pytest.raises(ValidationError) as caught:
        task_complete(task=task, completed_by=personas.rep)

    assert caught.value.message_dict == {"status": ["Only an open task can be completed."]}
