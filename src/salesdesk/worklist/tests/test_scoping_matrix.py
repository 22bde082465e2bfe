"""Who sees which task: every persona against every kind of task, via the selector and the scope policy."""

from __future__ import annotations

import pytest

from salesdesk.conftest import Personas
from salesdesk.core.scoping import visible_to
from salesdesk.org.models import User
from salesdesk.worklist import selectors
from salesdesk.worklist.models import Task
from salesdesk.worklist.services import task_create

NORTH_TASKS = {
    "rep private",
    "rep shared",
    "other_rep private",
    "other_rep shared",
    "manager own",
    "coordinator own",
    "finance own",
    "design queue",
}

EXPECTED: dict[str, set[str]] = {
    "rep": {"rep private", "rep shared", "other_rep shared"},
    "other_rep": {"other_rep private", "other_rep shared", "rep shared"},
    "manager": {"manager own", "rep private", "rep shared", "other_rep private", "other_rep shared"},
    "coordinator": NORTH_TASKS,
    "admin": NORTH_TASKS,
    "design_staff": {"design queue"},
    "finance": {"finance own"},
    "outsider": {"outsider own", "outsider shared"},
}


@pytest.fixture
def tasks(personas: Personas) -> dict[str, Task]:
    def make(title: str, owner: User, **extra: object) -> Task:
        return task_create(created_by=owner, owner=owner, title=title, **extra)  # type: ignore[arg-type]

    return {
        task.title: task
        for task in [
            make("rep private", personas.rep),
            make("rep shared", personas.rep, is_shared=True),
            make("other_rep private", personas.other_rep),
            make("other_rep shared", personas.other_rep, is_shared=True),
            make("manager own", personas.manager),
            make("coordinator own", personas.coordinator),
            make("finance own", personas.finance),
            make("design queue", personas.coordinator, department=personas.design),
            make("outsider own", personas.outsider),
            make("outsider shared", personas.outsider, is_shared=True),
        ]
    }


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_task_list_shows_exactly_the_tasks_in_scope(
    persona: str, personas: Personas, tasks: dict[str, Task]
) -> None:
    # given every kind of task and one persona
    user = getattr(personas, persona)

    # when they list tasks
    titles = set(selectors.task_list(user=user).values_list("title", flat=True))

    # then they see exactly what their roles allow
    assert titles == EXPECTED[persona]


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_visible_to_agrees_with_the_selector(
    persona: str, personas: Personas, tasks: dict[str, Task]
) -> None:
    user = getattr(personas, persona)

    assert set(visible_to(user, Task).values_list("title", flat=True)) == EXPECTED[persona]
    assert set(Task.objects.visible_to(user).values_list("title", flat=True)) == EXPECTED[persona]


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_task_get_answers_404_for_every_task_out_of_scope(
    persona: str, personas: Personas, tasks: dict[str, Task]
) -> None:
    from django.http import Http404

    user = getattr(personas, persona)
    for title, task in tasks.items():
        if title in EXPECTED[persona]:
            assert selectors.task_get(user=user, pk=task.pk) == task
        else:
            with pytest.raises(Http404):
                selectors.task_get(user=user, pk=task.pk)


def test_a_manager_sees_tasks_of_reports_at_any_depth(personas: Personas) -> None:
    # given a rep who now manages a junior of their own
    from salesdesk.org.choices import Role
    from salesdesk.testing.factories import make_user

    junior = make_user("junior", roles=[Role.SALES_REP], business_unit=personas.unit, manager=personas.rep)
    task_create(created_by=junior, title="junior private")

    # then the top manager sees it, the junior's peer does not
    assert list(selectors.task_list(user=personas.manager).values_list("title", flat=True)) == [
        "junior private"
    ]
    assert not selectors.task_list(user=personas.other_rep).exists()


def test_an_inactive_person_sees_nothing(personas: Personas, tasks: dict[str, Task]) -> None:
    personas.admin.is_active = False
    personas.admin.save(update_fields=["is_active"])

    assert not selectors.task_list(user=personas.admin).exists()


def test_an_anonymous_visitor_sees_nothing(tasks: dict[str, Task]) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not visible_to(AnonymousUser(), Task).exists()
