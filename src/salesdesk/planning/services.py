"""Every write to goals, plans and variance notes (G1–G4). One transaction each; bad input is refused with
the field named and nothing saved; every change after creation carries a reason and becomes a revision."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salesdesk.core.audit import audit_record
from salesdesk.core.periods import Period, PeriodKind, company_calendar, next_month
from salesdesk.core.versioning import save_versioned
from salesdesk.org.models import User
from salesdesk.planning import subjects
from salesdesk.planning.choices import LINE_METRICS, GoalScope, Metric, RevisionReason, SplitMethod
from salesdesk.planning.measures import Narrowing, actual_by_period
from salesdesk.planning.models import Goal, GoalRevision, PlanMonth, VarianceNote
from salesdesk.planning.splitting import check_manual, split_evenly, split_seasonally, step_for

ZERO = Decimal(0)
Errors = dict[str, list[str]]

# Which scopes a goal of each scope may be split into (G1: company → teams → reps).
SPLITS_INTO: dict[str, tuple[str, ...]] = {
    GoalScope.COMPANY: (GoalScope.DEPARTMENT, GoalScope.TEAM, GoalScope.PERSON),
    GoalScope.DEPARTMENT: (GoalScope.TEAM, GoalScope.PERSON),
    GoalScope.TEAM: (GoalScope.PERSON,),
    GoalScope.PERSON: (),
}


def months_of(goal: Goal) -> list[date]:
    """The first days of the months a goal's period covers; a week goal is not split into months."""
    if goal.period_kind == PeriodKind.WEEK:
        return []
    months = []
    month = goal.period_start.replace(day=1)
    while month <= goal.period_end:
        months.append(month)
        month = next_month(month)
    return months


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _subject_of(goal: Goal) -> subjects.Subject:
    return subjects.of_goal(goal)


def _check_goal(goal: Goal, *, acting: User, errors: Errors) -> None:
    if goal.scope == GoalScope.PERSON and goal.person_id is None:
        _add(errors, "person", _("Choose the person this goal is for."))
    if goal.scope == GoalScope.TEAM and goal.team_id is None:
        _add(errors, "team", _("Choose the team this goal is for."))
    if goal.scope == GoalScope.DEPARTMENT and goal.department_id is None:
        _add(errors, "department", _("Choose the department this goal is for."))
    if goal.target is None or goal.target < 0:
        _add(errors, "target", _("Enter a target of zero or more."))
    if not goal.title.strip():
        _add(errors, "title", _("Say exactly what the goal is."))
    if goal.deadline is None:
        _add(errors, "deadline", _("Give a deadline."))
    elif goal.deadline < goal.period_start:
        _add(errors, "deadline", _("The deadline cannot be before the period starts."))
    if (goal.product_id or goal.category_id) and goal.metric not in LINE_METRICS:
        _add(errors, "product", _("Only revenue, units and margin can be narrowed to a product or category."))
    if goal.product_id and goal.category_id:
        _add(errors, "category", _("Narrow to a product or to a category, not both."))
    if (goal.product_id or goal.category_id) and goal.territory_id:
        # The rollups keep products and territories in separate slices (see SalesActual).
        _add(errors, "territory", _("Narrow to a product or category, or to a territory, not both."))
    if goal.metric == Metric.UNITS and goal.target is not None and goal.target != goal.target.to_integral():
        _add(errors, "target", _("Units are counted in whole numbers."))
    if not errors and not subjects.may_plan(acting, _subject_of(goal)):
        _add(
            errors, "scope", _("You may not set goals for %(subject)s.") % {"subject": _subject_of(goal).name}
        )


def _period(kind: str, day: date) -> Period:
    return company_calendar().period(day, PeriodKind(kind))


def _months_for(goal: Goal, method: str, manual: Mapping[date, Decimal | None] | None) -> dict[date, Decimal]:
    months = months_of(goal)
    if not months:
        return {}
    step = step_for(goal.metric)
    if method == SplitMethod.MANUAL:
        return check_manual(goal.target, months, manual or {})
    if method == SplitMethod.SEASONAL:
        last_year = actual_by_period(
            owner_ids=_subject_of(goal).owner_ids(),
            metric=goal.metric,
            grain="month",
            first=months[0].replace(year=months[0].year - 1),
            last=months[-1].replace(year=months[-1].year - 1),
            narrowing=Narrowing(goal.product_id, goal.category_id, goal.territory_id),
        )
        shifted = {month.replace(year=month.year + 1): value for month, value in last_year.items()}
        return split_seasonally(goal.target, months, shifted, step=step)
    return split_evenly(goal.target, months, step=step)


def _write_months(goal: Goal, values: Mapping[date, Decimal]) -> dict[str, list[str]]:
    """Replace the goal's months; the changes as {"2027-03": [old, new]} for the revision."""
    old = {month.month_start: month.target for month in goal.months.all()}
    goal.months.all().delete()
    PlanMonth.objects.bulk_create(
        PlanMonth(goal=goal, month_start=month, target=value) for month, value in sorted(values.items())
    )
    changes = {}
    for month in sorted(set(old) | set(values)):
        before, after = old.get(month), values.get(month)
        if before is None or after is None or before != after:
            changes[f"{month:%Y-%m}"] = [_plain(before), _plain(after)]
    return changes


def _shown(value: object) -> str:
    """A revised value as the history shows it: amounts without trailing zeros, dates in ISO form."""
    if isinstance(value, Decimal):
        return _plain(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _plain(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


@dataclass(frozen=True, slots=True)
class GoalInput:
    scope: str
    metric: str
    period_kind: str
    period_day: date  # any day inside the period
    target: Decimal
    title: str
    owner: User
    person: User | None = None
    team_id: int | None = None
    department_id: int | None = None
    product_id: int | None = None
    category_id: int | None = None
    territory_id: int | None = None
    measure: str = ""
    rationale: str = ""
    deadline: date | None = None
    split_method: str = SplitMethod.EVEN


def _goal_from(data: GoalInput, *, parent: Goal | None, created_by: User) -> Goal:
    period = _period(data.period_kind, data.period_day)
    subject_unit = None
    if data.scope == GoalScope.PERSON and data.person is not None:
        subject_unit = data.person.business_unit_id
    return Goal(
        scope=data.scope,
        person=data.person if data.scope == GoalScope.PERSON else None,
        team_id=data.team_id if data.scope == GoalScope.TEAM else None,
        department_id=data.department_id if data.scope == GoalScope.DEPARTMENT else None,
        business_unit_id=subject_unit or created_by.business_unit_id,
        metric=data.metric,
        product_id=data.product_id,
        category_id=data.category_id,
        territory_id=data.territory_id,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        target=data.target,
        title=data.title.strip(),
        measure=data.measure.strip(),
        owner=data.owner,
        rationale=data.rationale.strip(),
        deadline=data.deadline or period.end,
        parent=parent,
        split_method=data.split_method,
        created_by=created_by,
    )


@transaction.atomic
def goal_create(
    *,
    created_by: User,
    data: GoalInput,
    months: Mapping[date, Decimal | None] | None = None,
    parent: Goal | None = None,
) -> Goal:
    """A new goal with its months split as asked; version 1 of its history."""
    if data.metric not in Metric.values:
        raise ValidationError({"metric": _("Choose a metric.")})
    if data.scope not in GoalScope.values:
        raise ValidationError({"scope": _("Choose whose goal it is.")})
    goal = _goal_from(data, parent=parent, created_by=created_by)
    errors: Errors = {}
    _check_goal(goal, acting=created_by, errors=errors)
    if errors:
        raise ValidationError(errors)
    _refuse_duplicate(goal)
    goal.save()
    values = _months_for(goal, goal.split_method, months)
    month_changes = _write_months(goal, values)
    GoalRevision.objects.create(
        goal=goal,
        version=goal.version,
        changed_by=created_by,
        note=_("Goal set"),
        changes={"target": ["", _plain(goal.target)], **month_changes},
    )
    audit_record(actor=created_by, verb="goal.created", target=goal, changes={"target": str(goal.target)})
    return goal


def _refuse_duplicate(goal: Goal) -> None:
    same = Goal.objects.filter(
        **subjects.of_goal(goal).goal_filter(),
        metric=goal.metric,
        period_kind=goal.period_kind,
        period_start=goal.period_start,
        product=goal.product_id,
        category=goal.category_id,
        territory=goal.territory_id,
    ).exclude(pk=goal.pk)
    if same.exists():
        raise ValidationError(
            {
                "period_day": _("%(subject)s already has this goal for this period; revise it instead.")
                % {"subject": subjects.of_goal(goal).name}
            }
        )


_REVISABLE = frozenset({"target", "title", "measure", "owner", "rationale", "deadline"})


def _require_reason(reason: str, note: str) -> None:
    errors: Errors = {}
    if reason not in RevisionReason.values:
        _add(errors, "reason", _("Choose why the goal changes."))
    if reason == RevisionReason.OTHER and not note.strip():
        _add(errors, "note", _("Explain the change in a note."))
    if errors:
        raise ValidationError(errors)


def _check_siblings(goal: Goal) -> None:
    """A goal that was split, or is a part of a split, keeps its parts adding up."""
    if goal.children.exists():
        parts = sum((child.target for child in goal.children.all()), ZERO)
        if parts != goal.target:
            raise ValidationError(
                {
                    "target": _(
                        "This goal is split into parts that add up to %(parts)s; change the target and "
                        "its parts together on the split page."
                    )
                    % {"parts": _plain(parts)}
                }
            )
    if goal.parent_id is not None:
        parent = goal.parent
        assert parent is not None
        parts = sum((sibling.target for sibling in parent.children.all()), ZERO)
        if parts != parent.target:
            raise ValidationError(
                {
                    "target": _(
                        "The parts of “%(parent)s” would add up to %(parts)s instead of %(target)s; change "
                        "them together on its split page."
                    )
                    % {"parent": parent.title, "parts": _plain(parts), "target": _plain(parent.target)}
                }
            )


@transaction.atomic
def goal_revise(
    *,
    goal: Goal,
    by: User,
    expected_version: int,
    reason: str,
    note: str = "",
    split_method: str | None = None,
    months: Mapping[date, Decimal | None] | None = None,
    **fields: Any,
) -> Goal:
    """G3: change a goal and/or re-split its months, with a reason; the revision records old and new."""
    _require_reason(reason, note)
    unknown = set(fields) - _REVISABLE
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})
    changes: dict[str, list[str]] = {}
    for field, value in fields.items():
        value = value.strip() if isinstance(value, str) else value
        old = getattr(goal, field)
        if old != value:
            changes[field] = [_shown(old), _shown(value)]
            setattr(goal, field, value)
    method = split_method or goal.split_method
    if method != goal.split_method:
        changes["split_method"] = [goal.split_method, method]
        goal.split_method = method
    errors: Errors = {}
    _check_goal(goal, acting=by, errors=errors)
    if errors:
        raise ValidationError(errors)
    resplit = "target" in changes or "split_method" in changes or months is not None
    if not changes and not resplit:
        raise ValidationError({"target": _("Nothing was changed.")})
    save_versioned(goal, expected_version=expected_version, reason=reason, changed_by=by)
    _check_siblings(goal)
    if resplit:
        changes.update(_write_months(goal, _months_for(goal, method, months)))
    GoalRevision.objects.create(
        goal=goal, version=goal.version, changed_by=by, reason=reason, note=note.strip(), changes=changes
    )
    audit_record(actor=by, verb="goal.revised", target=goal, changes=changes, reason=note.strip())
    return goal


@dataclass(frozen=True, slots=True)
class Part:
    """One piece of a split: a team, department or person and its share of the target."""

    scope: str
    subject_id: int
    target: Decimal


@transaction.atomic
def goal_split(
    *,
    goal: Goal,
    by: User,
    expected_version: int,
    parts: Sequence[Part],
    reason: str = "",
    note: str = "",
    target: Decimal | None = None,
) -> list[Goal]:
    """G1: split a goal downwards. The parts must add up to the goal's target exactly; existing parts are
    revised (with the reason), new ones created, parts left out removed. A new `target` for the goal
    itself is changed here, together with its parts, so the split never stops adding up."""
    errors: Errors = {}
    old_goal_target = goal.target
    if target is not None and target != goal.target:
        if target < 0:
            raise ValidationError({"target": _("Enter a target of zero or more.")})
        _require_reason(reason, note)
        goal.target = target
    allowed = SPLITS_INTO[GoalScope(goal.scope)]
    if not allowed:
        raise ValidationError({"parts": _("A person's goal cannot be split further.")})
    seen: set[tuple[str, int]] = set()
    for number, part in enumerate(parts, start=1):
        if part.scope not in allowed:
            _add(
                errors,
                f"parts-{number}",
                _("A %(scope)s goal cannot be split into this kind of part.")
                % {"scope": GoalScope(goal.scope).label},
            )
        if part.target < 0:
            _add(errors, f"parts-{number}", _("A target cannot be negative."))
        if (part.scope, part.subject_id) in seen:
            _add(errors, f"parts-{number}", _("Each part may appear only once."))
        seen.add((part.scope, part.subject_id))
    total = sum((part.target for part in parts), ZERO)
    if not parts:
        _add(errors, "parts", _("Add at least one part."))
    elif total != goal.target:
        _add(
            errors,
            "parts",
            _("The parts add up to %(total)s, but the goal is %(target)s.")
            % {"total": _plain(total), "target": _plain(goal.target)},
        )
    if errors:
        raise ValidationError(errors)
    existing = {(child.scope, _subject_id(child)): child for child in goal.children.all()}
    if existing:
        _require_reason(reason, note)
    # The parent's version moves, so two people splitting at once cannot both win.
    save_versioned(goal, expected_version=expected_version, reason=reason or "split", changed_by=by)
    goal_changes: dict[str, list[str]] = {}
    if goal.target != old_goal_target:
        goal_changes["target"] = [_plain(old_goal_target), _plain(goal.target)]
        goal_changes.update(_write_months(goal, _months_for(goal, goal.split_method, None)))
    children = []
    for part in parts:
        child = existing.pop((part.scope, part.subject_id), None)
        if child is None:
            children.append(_create_part(goal, part, by))
        elif child.target != part.target:
            old_target = child.target
            child.target = part.target
            save_versioned(child, expected_version=child.version, reason=reason, changed_by=by)
            month_changes = _write_months(child, _months_for(child, child.split_method, None))
            GoalRevision.objects.create(
                goal=child,
                version=child.version,
                changed_by=by,
                reason=reason,
                note=note.strip(),
                changes={"target": [_plain(old_target), _plain(part.target)], **month_changes},
            )
            children.append(child)
        else:
            children.append(child)
    for removed in existing.values():
        removed.delete()
    GoalRevision.objects.create(
        goal=goal,
        version=goal.version,
        changed_by=by,
        reason=reason,
        note=note.strip()
        or ngettext("Split into %(count)s part", "Split into %(count)s parts", len(parts))
        % {"count": len(parts)},
        changes={
            **goal_changes,
            **{f"{part.scope}-{part.subject_id}": ["", _plain(part.target)] for part in parts},
        },
    )
    return children


def _subject_id(goal: Goal) -> int:
    return goal.person_id or goal.team_id or goal.department_id or 0


def _create_part(parent: Goal, part: Part, by: User) -> Goal:
    person = User.objects.filter(pk=part.subject_id).first() if part.scope == GoalScope.PERSON else None
    data = GoalInput(
        scope=part.scope,
        metric=parent.metric,
        period_kind=parent.period_kind,
        period_day=parent.period_start,
        target=part.target,
        title=parent.title,
        owner=person or parent.owner,
        person=person,
        team_id=part.subject_id if part.scope == GoalScope.TEAM else None,
        department_id=part.subject_id if part.scope == GoalScope.DEPARTMENT else None,
        product_id=parent.product_id,
        category_id=parent.category_id,
        territory_id=parent.territory_id,
        measure=parent.measure,
        rationale=parent.rationale,
        deadline=parent.deadline,
        split_method=parent.split_method if parent.split_method != SplitMethod.MANUAL else SplitMethod.EVEN,
    )
    return goal_create(created_by=by, data=data, parent=parent)


@transaction.atomic
def variance_note_save(
    *,
    by: User,
    subject: subjects.Subject,
    metric: str,
    grain: str,
    period_start: date,
    analysis: str,
    next_action: str,
    expected_version: int | None,
) -> VarianceNote:
    """G4: the variance analysis and next action of one row, written by the person or their managers."""
    if not (subjects.may_plan(by, subject) or (subject.scope == GoalScope.PERSON and subject.pk == by.pk)):
        raise ValidationError(
            {"analysis": _("You may not write notes for %(subject)s.") % {"subject": subject.name}}
        )
    note, created = VarianceNote.objects.get_or_create(
        scope=subject.scope,
        subject_id=subject.pk,
        metric=metric,
        grain=grain,
        period_start=period_start,
        defaults={"analysis": analysis.strip(), "next_action": next_action.strip(), "updated_by": by},
    )
    if created:
        return note
    note.analysis = analysis.strip()
    note.next_action = next_action.strip()
    note.updated_by = by
    save_versioned(
        note,
        expected_version=note.version if expected_version is None else expected_version,
        reason=_("Variance note"),
        changed_by=by,
    )
    return note
