"""Tasks in the API: the same services and scoping as the task pages."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from salesdesk.api.auth import request_user
from salesdesk.api.pagination import Page, PageParams, paginate
from salesdesk.org.models import User
from salesdesk.org.selectors import user_list
from salesdesk.worklist.choices import TaskPriority, TaskStatus
from salesdesk.worklist.models import Task
from salesdesk.worklist.selectors import task_get, task_list
from salesdesk.worklist.services import task_complete, task_create, task_update

router = Router(tags=["tasks"])


class TaskOut(Schema):
    id: int
    title: str
    notes: str
    owner_id: int
    due_on: date | None
    remind_at: datetime | None
    priority: TaskPriority
    status: TaskStatus
    version: int
    created_at: datetime
    updated_at: datetime


class TaskFilters(PageParams):
    status: TaskStatus | None = None
    owner_id: int | None = None
    due_before: date | None = Field(None, description="Due on this day or earlier.")


class TaskCreateIn(Schema):
    title: str = Field(max_length=300)
    notes: str = ""
    owner_id: int | None = Field(None, description="Whose task it is; you by default.")
    due_on: date | None = None
    remind_at: datetime | None = None
    priority: TaskPriority = TaskPriority.NORMAL


class TaskUpdateIn(Schema):
    version: int = Field(description="The version you read; a newer one on the server answers 409.")
    title: str | None = Field(None, max_length=300)
    notes: str | None = None
    owner_id: int | None = None
    due_on: date | None = None
    remind_at: datetime | None = None
    priority: TaskPriority | None = None


def _owner(acting: User, owner_id: int) -> User:
    owner = user_list(user=acting).filter(pk=owner_id).first()
    if owner is None:
        raise ValidationError({"owner": _("Choose an active person you can give tasks to.")})
    return owner


@router.get("/tasks", response=Page[TaskOut], summary="Tasks you may see")
def tasks(request: HttpRequest, filters: Query[TaskFilters]) -> dict[str, object]:
    rows = task_list(
        user=request_user(request),
        status=filters.status or "",
        owner_id=filters.owner_id,
        due_before=filters.due_before,
    )
    return paginate(rows, ordering=["due_on"], params=filters)


@router.post("/tasks", response={201: TaskOut}, summary="Create a task")
def task_add(request: HttpRequest, payload: TaskCreateIn) -> Status[Task]:
    acting = request_user(request)
    task = task_create(
        created_by=acting,
        title=payload.title,
        owner=_owner(acting, payload.owner_id) if payload.owner_id is not None else None,
        notes=payload.notes,
        due_on=payload.due_on,
        remind_at=payload.remind_at,
        priority=payload.priority,
    )
    return Status(201, task)


@router.get("/tasks/{task_id}", response=TaskOut, summary="One task")
def task_detail(request: HttpRequest, task_id: int) -> Task:
    return task_get(user=request_user(request), pk=task_id)


@router.patch("/tasks/{task_id}", response=TaskOut, summary="Change a task")
def task_change(request: HttpRequest, task_id: int, payload: TaskUpdateIn) -> Task:
    acting = request_user(request)
    task = task_get(user=acting, pk=task_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if "owner_id" in changes:
        owner_id = changes.pop("owner_id")
        if owner_id is None:
            raise ValidationError({"owner": _("Choose an active person you can give tasks to.")})
        changes["owner"] = _owner(acting, owner_id)
    if changes.get("title") is None and "title" in changes:
        changes["title"] = ""
    if changes.get("notes") is None and "notes" in changes:
        changes["notes"] = ""
    if "priority" in changes and changes["priority"] is None:
        raise ValidationError({"priority": _("Choose a priority.")})
    return task_update(task=task, changed_by=acting, expected_version=payload.version, **changes)


@router.post("/tasks/{task_id}/complete", response=TaskOut, summary="Mark a task done")
def task_done(
    request: HttpRequest,
    task_id: int,
    version: int | None = Query(None, description="If given, refuse (409) when the task changed since."),
) -> Task:
    acting = request_user(request)
    task = task_get(user=acting, pk=task_id)
    return task_complete(task=task, completed_by=acting, expected_version=version)
