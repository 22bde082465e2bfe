"""Pages of the worklist and of tasks. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salesdesk.core.audit import history_diffs
from salesdesk.core.versioning import StaleRecordError
from salesdesk.web.requests import add_service_errors, signed_in_user
from salesdesk.worklist import selectors, services
from salesdesk.worklist.choices import TaskStatus
from salesdesk.worklist.forms import TaskForm


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The daily worklist: everything that needs this person, most pressing first."""
    today = timezone.localdate()
    sections = selectors.worklist_sections(user=signed_in_user(request), today=today)
    return render(
        request,
        "worklist/home.html",
        {"sections": sections, "today": today, "item_count": sum(len(s.items) for s in sections)},
    )


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", TaskStatus.OPEN)
    if status not in TaskStatus.values and status != "all":
        status = TaskStatus.OPEN
    search = request.GET.get("q", "").strip()
    tasks = selectors.task_list(
        user=signed_in_user(request), status="" if status == "all" else status, search=search
    )
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "worklist/task_list.html",
        {
            "page": page,
            "status": status,
            "search": search,
            "statuses": TaskStatus.choices,
            "query": f"status={status}&q={search}",
        },
    )


def _save_task_form(request: HttpRequest, form: TaskForm, task: object | None) -> HttpResponse | None:
    data = form.cleaned_data
    fields = {
        "title": data["title"],
        "owner": data["owner"] or signed_in_user(request),
        "due_on": data["due_on"],
        "remind_at": data["remind_at"],
        "priority": data["priority"],
        "notes": data["notes"],
    }
    try:
        if task is None:
            created = services.task_create(created_by=signed_in_user(request), **fields)
            messages.success(request, _("Task created."))
            return HttpResponseRedirect(reverse("worklist:task-detail", args=[created.pk]))
        services.task_update(
            task=task,  # type: ignore[arg-type]
            changed_by=signed_in_user(request),
            expected_version=data["version"] or 0,
            **fields,
        )
    except StaleRecordError as exc:
        form.add_error(None, str(exc))
        return None
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, _("Task saved."))
    return HttpResponseRedirect(reverse("worklist:task-detail", args=[task.pk]))  # type: ignore[attr-defined]


@login_required
def task_create(request: HttpRequest) -> HttpResponse:
    form = TaskForm(request.POST or None, user=signed_in_user(request))
    if request.method == "POST" and form.is_valid():
        response = _save_task_form(request, form, None)
        if response:
            return response
    return render(request, "worklist/task_form.html", {"form": form, "task": None})


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=signed_in_user(request), pk=pk)
    initial = {
        "title": task.title,
        "owner": task.owner if task.owner_id != request.user.pk else None,
        "due_on": task.due_on,
        "remind_at": timezone.localtime(task.remind_at) if task.remind_at else None,
        "priority": task.priority,
        "notes": task.notes,
        "version": task.version,
    }
    form = TaskForm(request.POST or None, initial=initial, user=signed_in_user(request))
    if request.method == "POST" and form.is_valid():
        response = _save_task_form(request, form, task)
        if response:
            return response
    return render(request, "worklist/task_form.html", {"form": form, "task": task})


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=signed_in_user(request), pk=pk)
    return render(request, "worklist/task_detail.html", {"task": task, "history": history_diffs(task)})


@login_required
@require_POST
def task_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Complete, reopen or cancel a task; from the worklist this answers with the updated row (htmx)."""
    task = selectors.task_get(user=signed_in_user(request), pk=pk)
    action = request.POST.get("action", "")
    operations = {
        "complete": lambda: services.task_complete(task=task, completed_by=signed_in_user(request)),
        "reopen": lambda: services.task_reopen(task=task, reopened_by=signed_in_user(request)),
        "cancel": lambda: services.task_cancel(task=task, cancelled_by=signed_in_user(request)),
    }
    if action not in operations:
        return HttpResponse(_("Unknown action."), status=400)
    try:
        operations[action]()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "worklist/partials/_task_done.html", {"task": task})
    return HttpResponseRedirect(request.POST.get("next") or reverse("worklist:task-detail", args=[task.pk]))


@login_required
@require_POST
def item_snooze(request: HttpRequest) -> HttpResponse:
    key = request.POST.get("key", "")
    days = request.POST.get("days", "1")
    try:
        services.worklist_item_snooze(
            user=signed_in_user(request),
            key=key,
            until=timezone.localdate() + timedelta(days=max(1, int(days))),
        )
    except (ValueError, ValidationError):
        return HttpResponse(_("Choose how many days to snooze."), status=400)
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse("")
    return HttpResponseRedirect(reverse("worklist:home"))
