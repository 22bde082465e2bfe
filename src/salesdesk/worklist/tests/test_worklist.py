"""The worklist: items from every registered rule, grouped by urgency, minus snoozed and dismissed ones."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from salesdesk.conftest import Personas
from salesdesk.org.models import User
from salesdesk.worklist import rules
from salesdesk.worklist.choices import Urgency
from salesdesk.worklist.rules import WorklistItem, register_rule
from salesdesk.worklist.selectors import worklist_items, worklist_sections
from salesdesk.worklist.services import (
    task_cancel,
    task_complete,
    task_create,
    worklist_item_dismiss,
    worklist_item_snooze,
)

WEDNESDAY = date(2026, 11, 18)


def _titles(sections: list) -> list[tuple[Urgency, list[str]]]:  # type: ignore[type-arg]
    return [(section.urgency, [item.title for item in section.items]) for section in sections]


@pytest.fixture
def rep_tasks(personas: Personas) -> None:
    rep = personas.rep
    task_create(created_by=rep, title="Undated note")
    task_create(created_by=rep, title="Next Monday", due_on=date(2026, 11, 23))
    task_create(created_by=rep, title="Sunday, normal", due_on=date(2026, 11, 22))
    task_create(created_by=rep, title="Sunday, high", due_on=date(2026, 11, 22), priority="high")
    task_create(created_by=rep, title="Thursday", due_on=date(2026, 11, 19))
    task_create(created_by=rep, title="Today", due_on=WEDNESDAY)
    task_create(created_by=rep, title="Last week", due_on=date(2026, 11, 11))
    task_create(created_by=rep, title="Yesterday", due_on=date(2026, 11, 17))
    task_complete(task=task_create(created_by=rep, title="Done already", due_on=WEDNESDAY), completed_by=rep)
    task_cancel(task=task_create(created_by=rep, title="Cancelled", due_on=WEDNESDAY), cancelled_by=rep)
    task_create(created_by=personas.other_rep, title="Other rep's", due_on=WEDNESDAY, is_shared=True)


def test_worklist_sections_group_by_urgency_most_pressing_first(personas: Personas, rep_tasks: None) -> None:
    sections = worklist_sections(user=personas.rep, today=WEDNESDAY)

    assert _titles(sections) == [
        (Urgency.OVERDUE, ["Last week", "Yesterday"]),
        (Urgency.TODAY, ["Today"]),
        (Urgency.THIS_WEEK, ["Thursday", "Sunday, high", "Sunday, normal"]),
        (Urgency.LATER, ["Next Monday"]),
        (Urgency.UNDATED, ["Undated note"]),
    ]


def test_on_sunday_the_week_ends_today(personas: Personas, rep_tasks: None) -> None:
    sections = worklist_sections(user=personas.rep, today=date(2026, 11, 22))

    assert _titles(sections) == [
        (Urgency.OVERDUE, ["Last week", "Yesterday", "Today", "Thursday"]),
        (Urgency.TODAY, ["Sunday, high", "Sunday, normal"]),
        (Urgency.LATER, ["Next Monday"]),
        (Urgency.UNDATED, ["Undated note"]),
    ]


def test_an_empty_worklist_has_no_sections(personas: Personas) -> None:
    assert worklist_sections(user=personas.rep, today=WEDNESDAY) == []


def test_snoozing_hides_an_item_until_the_day(personas: Personas) -> None:
    # given an overdue task
    today = timezone.localdate()
    task = task_create(created_by=personas.rep, title="Chase the invoice", due_on=today - timedelta(days=2))
    key = f"task:{task.pk}"

    # when it is snoozed for three days
    worklist_item_snooze(user=personas.rep, key=key, until=today + timedelta(days=3))

    # then it is gone until that day, and back on it
    def keys(day: date) -> list[str]:
        return [item.key for item in worklist_items(user=personas.rep, today=day)]

    assert keys(today) == []
    assert keys(today + timedelta(days=2)) == []
    assert keys(today + timedelta(days=3)) == [key]


def test_snoozing_is_personal(personas: Personas) -> None:
    today = timezone.localdate()
    task = task_create(created_by=personas.rep, title="Chase the invoice", due_on=today)

    worklist_item_snooze(user=personas.other_rep, key=f"task:{task.pk}", until=today + timedelta(days=1))

    assert [item.title for item in worklist_items(user=personas.rep, today=today)] == ["Chase the invoice"]


def test_snoozing_until_today_is_refused(personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        worklist_item_snooze(user=personas.rep, key="task:1", until=timezone.localdate())

    assert caught.value.message_dict == {"until": ["Snooze until a day after today."]}


def test_dismissing_hides_an_item_for_good(personas: Personas) -> None:
    task = task_create(created_by=personas.rep, title="Chase the invoice")

    worklist_item_dismiss(user=personas.rep, key=f"task:{task.pk}")

    assert worklist_items(user=personas.rep, today=date(2030, 1, 1)) == []


def test_snoozing_on_the_page_with_htmx_removes_the_row(personas: Personas) -> None:
    task = task_create(created_by=personas.rep, title="Chase the invoice", due_on=timezone.localdate())
    client = Client()
    client.force_login(personas.rep)

    response = client.post(
        "/worklist/snooze/", {"key": f"task:{task.pk}", "days": "2"}, headers={"HX-Request": "true"}
    )

    assert (response.status_code, response.text) == (200, "")
    assert worklist_items(user=personas.rep, today=timezone.localdate()) == []
    assert worklist_items(user=personas.rep, today=timezone.localdate() + timedelta(days=2)) != []


class ExpiringContractsRule:
    name = "test-expiring-contracts"
    label = "Expiring contracts"

    def items(self, *, user: User, today: date) -> Iterator[WorklistItem]:
        if user.username == "rep":
            yield WorklistItem(
                key="contract:7",
                rule=self.name,
                title="Contract 7 expires",
                url="/contracts/7/",
                due_on=today + timedelta(days=1),
                priority=5,
            )


def test_a_registered_rule_adds_its_items_and_changes_nothing_else(
    personas: Personas, rep_tasks: None
) -> None:
    # given the worklist as the task rule builds it
    before = _titles(worklist_sections(user=personas.rep, today=WEDNESDAY))
    other_before = _titles(worklist_sections(user=personas.other_rep, today=WEDNESDAY))

    # when another capability registers a rule
    register_rule(ExpiringContractsRule())
    try:
        after = _titles(worklist_sections(user=personas.rep, today=WEDNESDAY))
        other_after = _titles(worklist_sections(user=personas.other_rep, today=WEDNESDAY))
    finally:
        rules._rules.pop(ExpiringContractsRule.name)

    # then its item joins the right section and everything else stays as it was
    assert before == [
        (Urgency.OVERDUE, ["Last week", "Yesterday"]),
        (Urgency.TODAY, ["Today"]),
        (Urgency.THIS_WEEK, ["Thursday", "Sunday, high", "Sunday, normal"]),
        (Urgency.LATER, ["Next Monday"]),
        (Urgency.UNDATED, ["Undated note"]),
    ]
    assert after == [
        (Urgency.OVERDUE, ["Last week", "Yesterday"]),
        (Urgency.TODAY, ["Today"]),
        (Urgency.THIS_WEEK, ["Contract 7 expires", "Thursday", "Sunday, high", "Sunday, normal"]),
        (Urgency.LATER, ["Next Monday"]),
        (Urgency.UNDATED, ["Undated note"]),
    ]
    assert other_after == other_before
    assert ExpiringContractsRule.name not in rules._rules


def test_registering_a_different_rule_under_a_taken_name_is_refused() -> None:
    class Impostor:
        name = "tasks"
        label = "Not tasks"

        def items(self, *, user: User, today: date) -> list[WorklistItem]:
            return []

    with pytest.raises(ValueError, match=r"^A worklist rule named 'tasks' is registered already\.$"):
        register_rule(Impostor())
    assert type(rules._rules["tasks"]).__name__ == "OpenTasksRule"


class EndlessRule:
    """A rule that would put an item on the list for every day there is."""

    name = "test-endless"
    label = "Endless"

    def items(self, *, user: User, today: date) -> Iterator[WorklistItem]:
        day = 0
        while True:
            day += 1
            yield WorklistItem(
                key=f"endless:{day}", rule=self.name, title=f"Day {day}", url="/", due_on=today
            )


def test_the_list_takes_a_bounded_number_of_items_from_any_rule(personas: Personas) -> None:
    register_rule(EndlessRule())
    try:
        items = [i for i in worklist_items(user=personas.rep, today=WEDNESDAY) if i.rule == EndlessRule.name]
    finally:
        rules._rules.pop(EndlessRule.name)

    assert len(items) == rules.ITEMS_PER_RULE + 1
    assert items[0].title == "Day 1"
