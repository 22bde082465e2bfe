"""G1–G3 pages: the goals a person may see, setting one, its plan months and history, revising it with a
reason, and splitting it downwards."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import formset_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from salesdesk.core.models import CompanySettings
from salesdesk.core.periods import company_calendar
from salesdesk.core.scoping import get_visible_or_404, visible_to
from salesdesk.core.versioning import StaleRecordError
from salesdesk.org.models import Department, Team, User
from salesdesk.planning import subjects
from salesdesk.planning.choices import GoalScope, Grain
from salesdesk.planning.forms import GoalForm, RevisionForm, SplitMetaForm, SplitPartForm
from salesdesk.planning.measures import Narrowing, actual_by_period
from salesdesk.planning.models import Goal
from salesdesk.planning.presentation import figure
from salesdesk.planning.services import (
    SPLITS_INTO,
    GoalInput,
    Part,
    goal_create,
    goal_revise,
    goal_split,
    months_of,
)
from salesdesk.web.requests import signed_in_user

PAGE_SIZE = 50
SPLIT_ROWS = 12


def _may_plan_any(user: User) -> bool:
    return bool(user.roles & subjects.PLANNERS)


@login_required
def goal_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    calendar = company_calendar()
    year = request.GET.get("year")
    fiscal_year = int(year) if year and year.isdigit() else calendar.fiscal_year_of(timezone.localdate())
    first = calendar.year_start(fiscal_year)
    last = calendar.year_start(fiscal_year + 1)
    goals = (
        visible_to(user, Goal)
        .filter(period_start__gte=first, period_start__lt=last)
        .select_related("person", "team", "department", "product", "category", "territory", "owner")
        .order_by("scope", "metric", "period_start", "pk")
    )
    page = Paginator(goals, PAGE_SIZE).get_page(request.GET.get("page"))
    currency = CompanySettings.current().currency
    rows = [(goal, figure(goal.target, goal.metric, currency)) for goal in page.object_list]
    return render(
        request,
        "planning/goal_list.html",
        {
            "page": page,
            "rows": rows,
            "fiscal_year": fiscal_year,
            "may_plan": _may_plan_any(user),
        },
    )


def _goal_input(data: dict[str, Any], user: User) -> GoalInput:
    return GoalInput(
        scope=data["scope"],
        metric=data["metric"],
        period_kind=data["period_kind"],
        period_day=data["period_day"],
        target=data["target"],
        title=data["title"],
        owner=data["owner"] or user,
        person=data["person"],
        team_id=data["team"].pk if data["team"] else None,
        department_id=data["department"].pk if data["department"] else None,
        product_id=data["product"].pk if data["product"] else None,
        category_id=data["category"].pk if data["category"] else None,
        territory_id=data["territory"].pk if data["territory"] else None,
        measure=data["measure"],
        rationale=data["rationale"],
        deadline=data["deadline"],
        split_method=data["split_method"],
    )


@login_required
def goal_create_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not _may_plan_any(user):
        raise Http404
    initial = {"period_day": timezone.localdate(), "owner": user, "scope": GoalScope.PERSON}
    form = GoalForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            goal = goal_create(created_by=user, data=_goal_input(form.cleaned_data, user))
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Goal set."))
            return redirect("planning:goal-detail", pk=goal.pk)
    return render(request, "planning/goal_form.html", {"form": form})


def _attach(form, exc: ValidationError) -> None:  # type: ignore[no-untyped-def]
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    goal = get_visible_or_404(
        user,
        Goal.objects.select_related("person", "team", "department", "owner", "parent", "product", "category"),
        pk=pk,
    )
    subject = subjects.of_goal(goal)
    currency = CompanySettings.current().currency
    months = list(goal.months.all())
    actuals = {}
    if months and subjects.may_view(user, subject):
        actuals = actual_by_period(
            owner_ids=subject.owner_ids(),
            metric=goal.metric,
            grain=Grain.MONTH,
            first=months[0].month_start,
            last=months[-1].month_start,
            narrowing=Narrowing(goal.product_id, goal.category_id, goal.territory_id),
        )
    today = timezone.localdate()
    month_rows = [
        (
            month,
            figure(month.target, goal.metric, currency),
            figure(actuals.get(month.month_start, Decimal(0)), goal.metric, currency)
            if month.month_start <= today
            else "",
        )
        for month in months
    ]
    children = [
        (child, figure(child.target, goal.metric, currency))
        for child in goal.children.select_related("person", "team", "department")
    ]
    return render(
        request,
        "planning/goal_detail.html",
        {
            "goal": goal,
            "target": figure(goal.target, goal.metric, currency),
            "month_rows": month_rows,
            "children": children,
            "revisions": goal.revisions.select_related("changed_by")[:50],
            "may_plan": subjects.may_plan(user, subject),
            "may_split": subjects.may_plan(user, subject) and bool(SPLITS_INTO[GoalScope(goal.scope)]),
        },
    )


@login_required
def goal_revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    goal = get_visible_or_404(user, Goal, pk=pk)
    if not subjects.may_plan(user, subjects.of_goal(goal)):
        raise Http404
    months = months_of(goal)
    initial = {
        "target": goal.target,
        "title": goal.title,
        "deadline": goal.deadline,
        "split_method": goal.split_method,
        "version": goal.version,
        **{f"month_{part.month_start:%Y_%m}": part.target for part in goal.months.all()},
    }
    form = RevisionForm(request.POST or None, months=months, initial=initial)
    conflict = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            name: data[name] for name in ("target", "title", "deadline") if data[name] != getattr(goal, name)
        }
        try:
            goal_revise(
                goal=goal,
                by=user,
                expected_version=data["version"],
                reason=data["reason"],
                note=data["note"],
                split_method=data["split_method"],
                months=form.months() if data["split_method"] == "manual" else None,
                **fields,
            )
        except StaleRecordError as exc:
            conflict = str(exc)
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Goal revised."))
            return redirect("planning:goal-detail", pk=goal.pk)
    return render(request, "planning/goal_revise.html", {"goal": goal, "form": form, "conflict": conflict})


def _part_choices(user: User, goal: Goal) -> list[tuple[str, str]]:
    allowed = SPLITS_INTO[GoalScope(goal.scope)]
    options: list[subjects.Subject] = []
    if GoalScope.DEPARTMENT in allowed:
        options += [
            subjects.of_department(d)
            for d in Department.objects.filter(business_unit_id=user.business_unit_id)
        ]
    if GoalScope.TEAM in allowed:
        teams = visible_to(user, Team)
        if goal.scope == GoalScope.DEPARTMENT:
            teams = teams.filter(department=goal.department)
        options += [subjects.of_team(team) for team in teams.order_by("name")]
    if GoalScope.PERSON in allowed:
        people = visible_to(user, User).filter(is_active=True)
        if goal.scope == GoalScope.TEAM:
            people = people.filter(teams=goal.team_id)
        options += [subjects.of_person(person) for person in people.order_by("full_name", "username")]
    return [(subject.key, subject.name) for subject in options if subjects.may_plan(user, subject)]


@login_required
def goal_split_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    goal = get_visible_or_404(user, Goal, pk=pk)
    if not subjects.may_plan(user, subjects.of_goal(goal)) or not SPLITS_INTO[GoalScope(goal.scope)]:
        raise Http404
    choices = _part_choices(user, goal)
    existing = [
        {"part": subjects.of_goal(child).key, "target": child.target}
        for child in goal.children.select_related("person", "team", "department")
    ]
    PartFormSet = formset_factory(SplitPartForm, extra=max(SPLIT_ROWS - len(existing), 2))
    formset = PartFormSet(
        request.POST or None, initial=existing, form_kwargs={"part_choices": choices}, prefix="parts"
    )
    meta = SplitMetaForm(request.POST or None, initial={"version": goal.version, "target": goal.target})
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid() and meta.is_valid():
        parts = []
        for entry in formset.cleaned_data:
            if entry.get("part") and entry.get("target") is not None:
                scope, _sep, subject_pk = entry["part"].partition("-")
                parts.append(Part(scope, int(subject_pk), entry["target"]))
        try:
            goal_split(
                goal=goal,
                by=user,
                expected_version=meta.cleaned_data["version"],
                parts=parts,
                reason=meta.cleaned_data["reason"],
                note=meta.cleaned_data["note"],
                target=meta.cleaned_data["target"],
            )
        except StaleRecordError as exc:
            errors.append(str(exc))
        except ValidationError as exc:
            errors += exc.messages
        else:
            messages.success(request, _("Goal split."))
            return redirect("planning:goal-detail", pk=goal.pk)
    currency = CompanySettings.current().currency
    return render(
        request,
        "planning/goal_split.html",
        {
            "goal": goal,
            "formset": formset,
            "meta": meta,
            "errors": errors,
            "target": figure(goal.target, goal.metric, currency),
        },
    )
