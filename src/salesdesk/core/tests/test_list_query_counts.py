"""List pages make a fixed number of queries, however many rows they show (no query per row)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from salesdesk.conftest import Personas
from salesdesk.core.models import JobRun
from salesdesk.core.notifications import notification_create
from salesdesk.org.choices import Role
from salesdesk.org.models import JobTitle, User
from salesdesk.testing.factories import BusinessUnitFactory, make_user
from salesdesk.worklist.services import task_create


def _get(client: Client, url: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.text, [query["sql"] for query in captured.captured_queries]


def _assert_same_queries_for_1_and_50_rows(
    *, viewer: User, url: str, add_row: Callable[[int], object], row_text: Callable[[int], str]
) -> None:
    """Row 0 must exist already; rows 1..49 are added between the two measured requests."""
    client = Client()
    client.force_login(viewer)
    client.get(url)  # warm per-process caches (content types, translations)

    one_page, one_row = _get(client, url)
    for index in range(1, 50):
        add_row(index)
    fifty_page, fifty_rows = _get(client, url)

    assert row_text(0) in one_page
    assert row_text(1) in fifty_page
    assert len(fifty_rows) == len(one_row), "\n".join(fifty_rows)


def test_the_task_list_does_not_query_per_row(personas: Personas) -> None:
    owners = [personas.rep, personas.other_rep]

    def add_task(index: int) -> None:
        task_create(
            created_by=personas.manager,
            owner=owners[index % 2],
            title=f"Task number {index}",
            department=personas.design if index % 3 == 0 else None,
            is_shared=index % 4 == 0,
        )

    add_task(0)
    _assert_same_queries_for_1_and_50_rows(
        viewer=personas.manager,
        url="/tasks/",
        add_row=add_task,
        row_text=lambda index: f"Task number {index}<",
    )


@pytest.mark.django_db
def test_the_people_list_does_not_query_per_row() -> None:
    # given a unit whose only member is the viewer; then 49 colleagues with titles, managers and roles
    east = BusinessUnitFactory(code="east", name="East")
    people: list[User] = []

    def add_person(index: int) -> None:
        title, _created = JobTitle.objects.get_or_create(name=f"Title {index % 5}")
        people.append(
            make_user(
                f"person{index:02d}",
                roles=[Role.SALES_REP, Role.FINANCE] if index % 2 else [Role.MANAGER],
                business_unit=east,
                manager=people[index // 2] if people else None,
                job_title=title,
                full_name=f"Person {index:02d}",
            )
        )

    add_person(0)
    _assert_same_queries_for_1_and_50_rows(
        viewer=people[0], url="/people/", add_row=add_person, row_text=lambda index: f"Person {index:02d}<"
    )


def test_the_job_list_does_not_query_per_row(personas: Personas) -> None:
    requesters = [personas.rep, personas.other_rep, personas.admin, None]

    def add_job(index: int) -> None:
        JobRun.objects.create(
            kind="import",
            label=f"Import file {index}",
            requested_by=requesters[index % 4],
            total=10,
            done=index % 10,
        )

    add_job(0)
    _assert_same_queries_for_1_and_50_rows(
        viewer=personas.admin, url="/jobs/", add_row=add_job, row_text=lambda index: "Import file"
    )


def test_the_notification_list_does_not_query_per_row(personas: Personas) -> None:
    def add_notification(index: int) -> None:
        notification_create(
            recipient=personas.rep,
            title=f"Message {index}",
            body="Read me",
            url=f"/tasks/{index}/" if index else "",
        )

    add_notification(0)
    _assert_same_queries_for_1_and_50_rows(
        viewer=personas.rep, url="/notifications/", add_row=add_notification, row_text=lambda index: "Message"
    )
