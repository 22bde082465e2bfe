"""Optimistic concurrency and the change history of versioned records (tasks as the example)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from salesdesk.conftest import Personas
from salesdesk.core.audit import history_diffs
from salesdesk.core.versioning import StaleRecordError, save_versioned
from salesdesk.worklist.models import Task
from salesdesk.worklist.services import task_create, task_update


def test_a_save_with_the_current_version_bumps_it(personas: Personas) -> None:
    task = task_create(created_by=personas.rep, title="Call Anna")

    task.title = "Call Anna Berg"
    save_versioned(task, expected_version=1)

    stored = Task.objects.get(pk=task.pk)
    assert (stored.title, stored.version, task.version) == ("Call Anna Berg", 2, 2)


def test_a_stale_save_is_refused_and_the_row_is_unchanged(personas: Personas) -> None:
    # given two people who loaded the same task at version 1
    task = task_create(created_by=personas.rep, title="Call Anna")
    first = Task.objects.get(pk=task.pk)
    second = Task.objects.get(pk=task.pk)
    first.title = "Call Anna on Monday"
    save_versioned(first, expected_version=1)

    # when the second saves on top of the first
    second.title = "Call Anna on Tuesday"
    second.notes = "She is away Monday"
    with pytest.raises(StaleRecordError) as caught:
        save_versioned(second, expected_version=1)

    # then it is refused, says why, and the stored row is the first person's
    assert (caught.value.expected, caught.value.current) == (1, 2)
    assert str(caught.value) == (
        "Call Anna on Monday was changed by someone else while you were editing it "
        "(you had version 1, it is now version 2). Reload it to see their changes, then make yours again."
    )
    stored = Task.objects.get(pk=task.pk)
    assert (stored.title, stored.notes, stored.version) == ("Call Anna on Monday", "", 2)
    assert stored.history.count() == 2


def test_task_update_refuses_a_stale_version(personas: Personas) -> None:
    task = task_create(created_by=personas.rep, title="Call Anna")
    task_update(
        task=Task.objects.get(pk=task.pk), changed_by=personas.rep, expected_version=1, priority="high"
    )

    with pytest.raises(StaleRecordError):
        task_update(
            task=Task.objects.get(pk=task.pk),
            changed_by=personas.manager,
            expected_version=1,
            title="Overwritten",
        )

    stored = Task.objects.get(pk=task.pk)
    assert (stored.title, stored.priority, stored.version) == ("Call Anna", "high", 2)


def test_history_diffs_shows_who_when_old_and_new_and_why(personas: Personas) -> None:
    # given a task the rep created on the page, the manager renamed on the page, and the rep completed
    before = timezone.now()
    rep = Client()
    rep.force_login(personas.rep)
    manager = Client()
    manager.force_login(personas.manager)
    rep.post("/tasks/new/", {"title": "Call Anna", "priority": "normal"})
    task = Task.objects.get()
    manager.post(
        f"/tasks/{task.pk}/edit/",
        {"title": "Call Anna Berg", "owner": str(personas.rep.pk), "priority": "normal", "version": "1"},
    )
    rep.post(f"/tasks/{task.pk}/status/", {"action": "complete"})
    after = timezone.now()

    # when the history is read
    completed, renamed, created = history_diffs(Task.objects.get(pk=task.pk))

    # then each version says who, when, what changed from what to what, and why
    assert (created["who"], created["type"], created["reason"], created["changes"]) == (
        personas.rep,
        "+",
        "Created",
        [],
    )
    assert (renamed["who"], renamed["type"], renamed["reason"]) == (personas.manager, "~", "")
    assert renamed["changes"] == [("Title", "Call Anna", "Call Anna Berg")]
    assert (completed["who"], completed["reason"]) == (personas.rep, "Completed")
    # status changes read as the labels people see, not the stored codes
    assert completed["changes"] == [("Status", "Open", "Done")]
    for entry in (created, renamed, completed):
        assert before - timedelta(seconds=1) <= entry["when"] <= after
    assert created["when"] <= renamed["when"] <= completed["when"]


def test_history_diffs_keeps_the_reason_given_to_the_service(personas: Personas) -> None:
    task = task_create(created_by=personas.rep, title="Call Anna")

    task_update(
        task=task,
        changed_by=personas.rep,
        expected_version=1,
        reason="Customer asked to move it",
        due_on=timezone.localdate() + timedelta(days=7),
    )

    latest = history_diffs(task)[0]
    assert latest["reason"] == "Customer asked to move it"
    assert latest["changes"] == [("Due date", None, timezone.localdate() + timedelta(days=7))]


def test_history_diffs_of_a_record_without_any_saved_version_is_empty(personas: Personas) -> None:
    # given a task written in bulk, which simple-history never saw
    Task.objects.bulk_create([Task(title="Imported", owner=personas.rep)])

    # when its history is read, then there is simply none to show
    assert history_diffs(Task.objects.get(title="Imported")) == []
