"""Goals (G1–G3): set with their months adding up, split downwards only when the parts add up, revised
only with a reason, every version kept."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from salesdesk.conftest import Personas
from salesdesk.core.versioning import StaleRecordError
from salesdesk.org.models import Team
from salesdesk.planning.choices import GoalScope, Metric, RevisionReason
from salesdesk.planning.models import Goal, GoalRevision
from salesdesk.planning.services import GoalInput, Part, goal_create, goal_revise, goal_split

pytestmark = pytest.mark.django_db


def _team_goal(personas: Personas, target: str = "120000") -> Goal:
    team = Team.objects.create(business_unit=personas.unit, name="Nord", lead=personas.manager)
    team.members.add(personas.rep, personas.other_rep)
    return goal_create(
        created_by=personas.manager,
        data=GoalInput(
            scope=GoalScope.TEAM,
            team_id=team.pk,
            metric=Metric.REVENUE,
            period_kind="year",
            period_day=date(2027, 5, 1),
            target=Decimal(target),
            title="Umsatz Team Nord",
            owner=personas.manager,
        ),
    )


def test_a_yearly_goal_is_split_into_twelve_months_that_add_up(personas: Personas) -> None:
    goal = _team_goal(personas, "100000.00")
    months = list(goal.months.order_by("month_start"))
    assert months[0].month_start == date(2027, 1, 1)
    assert len(months) == 12
    assert sum(m.target for m in months) == Decimal("100000.00")
    assert months[0].target == Decimal("8333.33")


def test_a_split_that_does_not_add_up_is_refused_and_nothing_is_saved(personas: Personas) -> None:
    goal = _team_goal(personas)
    with pytest.raises(ValidationError) as refused:
        goal_split(
            goal=goal,
            by=personas.manager,
            expected_version=goal.version,
            parts=[
                Part(GoalScope.PERSON, personas.rep.pk, Decimal(70000)),
                Part(GoalScope.PERSON, personas.other_rep.pk, Decimal(40000)),
            ],
        )
    assert "parts" in refused.value.message_dict
    assert "110000" in refused.value.message_dict["parts"][0]
    assert not goal.children.exists()
    goal.refresh_from_db()
    assert goal.version == 1


def test_a_split_that_adds_up_gives_each_rep_a_goal_with_months(personas: Personas) -> None:
    goal = _team_goal(personas)
    children = goal_split(
        goal=goal,
        by=personas.manager,
        expected_version=goal.version,
        parts=[
            Part(GoalScope.PERSON, personas.rep.pk, Decimal(70000)),
            Part(GoalScope.PERSON, personas.other_rep.pk, Decimal(50000)),
        ],
    )
    assert {child.person_id: child.target for child in children} == {
        personas.rep.pk: Decimal(70000),
        personas.other_rep.pk: Decimal(50000),
    }
    assert all(sum(m.target for m in child.months.all()) == child.target for child in children)


def test_revising_a_part_alone_would_break_the_split_and_is_refused(personas: Personas) -> None:
    goal = _team_goal(personas)
    (rep_goal, _other) = goal_split(
        goal=goal,
        by=personas.manager,
        expected_version=goal.version,
        parts=[
            Part(GoalScope.PERSON, personas.rep.pk, Decimal(70000)),
            Part(GoalScope.PERSON, personas.other_rep.pk, Decimal(50000)),
        ],
    )
    with pytest.raises(ValidationError) as refused:
        goal_revise(
            goal=rep_goal,
            by=personas.manager,
            expected_version=rep_goal.version,
            reason=RevisionReason.ECONOMY,
            target=Decimal(60000),
        )
    assert "target" in refused.value.message_dict
    rep_goal.refresh_from_db()
    assert rep_goal.target == Decimal(70000)


def test_a_revision_needs_a_reason_and_is_kept_in_the_history(personas: Personas) -> None:
    goal = _team_goal(personas)
    with pytest.raises(ValidationError) as refused:
        goal_revise(
            goal=goal, by=personas.manager, expected_version=goal.version, reason="", target=Decimal(90000)
        )
    assert "reason" in refused.value.message_dict
    goal_revise(
        goal=goal,
        by=personas.manager,
        expected_version=goal.version,
        reason=RevisionReason.COMPETITION,
        note="Neuer Wettbewerber in Hamburg",
        target=Decimal(90000),
    )
    goal.refresh_from_db()
    assert goal.target == Decimal(90000)
    assert sum(m.target for m in goal.months.all()) == Decimal(90000)
    latest = GoalRevision.objects.filter(goal=goal).order_by("-version").first()
    assert latest is not None
    assert latest.reason == RevisionReason.COMPETITION
    assert latest.changes["target"] == ["120000", "90000"]
    with pytest.raises(StaleRecordError):
        goal_revise(
            goal=Goal.objects.get(pk=goal.pk),
            by=personas.manager,
            expected_version=1,
            reason=RevisionReason.OTHER,
            note="x",
            target=Decimal(1),
        )


def test_hand_split_months_must_add_up_to_the_target(personas: Personas) -> None:
    goal = _team_goal(personas, "1200")
    months = {date(2027, month, 1): Decimal(100) for month in range(1, 13)}
    months[date(2027, 12, 1)] = Decimal(150)
    with pytest.raises(ValidationError) as refused:
        goal_revise(
            goal=goal,
            by=personas.manager,
            expected_version=goal.version,
            reason=RevisionReason.PERFORMANCE,
            split_method="manual",
            months=months,
        )
    assert "months" in refused.value.message_dict


def test_a_rep_cannot_set_their_own_goal(personas: Personas) -> None:
    with pytest.raises(ValidationError) as refused:
        goal_create(
            created_by=personas.rep,
            data=GoalInput(
                scope=GoalScope.PERSON,
                person=personas.rep,
                metric=Metric.CALLS,
                period_kind="month",
                period_day=date(2027, 3, 1),
                target=Decimal(80),
                title="Calls",
                owner=personas.rep,
            ),
        )
    assert "scope" in refused.value.message_dict


def test_a_split_goal_changes_its_target_together_with_its_parts(personas: Personas) -> None:
    goal = _team_goal(personas)
    parts = [
        Part(GoalScope.PERSON, personas.rep.pk, Decimal(70000)),
        Part(GoalScope.PERSON, personas.other_rep.pk, Decimal(50000)),
    ]
    goal_split(goal=goal, by=personas.manager, expected_version=goal.version, parts=parts)
    goal.refresh_from_db()
    lower = [
        Part(GoalScope.PERSON, personas.rep.pk, Decimal(60000)),
        Part(GoalScope.PERSON, personas.other_rep.pk, Decimal(40000)),
    ]
    with pytest.raises(ValidationError) as refused:
        goal_split(
            goal=goal, by=personas.manager, expected_version=goal.version, parts=lower, target=Decimal(100000)
        )
    assert "reason" in refused.value.message_dict
    goal_split(
        goal=goal,
        by=personas.manager,
        expected_version=goal.version,
        parts=lower,
        target=Decimal(100000),
        reason=RevisionReason.ECONOMY,
    )
    goal.refresh_from_db()
    assert goal.target == Decimal(100000)
    assert sum(m.target for m in goal.months.all()) == Decimal(100000)
    assert sorted(child.target for child in goal.children.all()) == [Decimal(40000), Decimal(60000)]


def test_only_the_head_of_sales_sets_company_goals_among_managers(personas: Personas) -> None:
    from salesdesk.org.choices import Role
    from salesdesk.testing.factories import make_user

    team_manager = make_user(
        "team_manager", roles=[Role.MANAGER], business_unit=personas.unit, manager=personas.manager
    )
    company_goal = GoalInput(
        scope=GoalScope.COMPANY,
        metric=Metric.REVENUE,
        period_kind="year",
        period_day=date(2027, 1, 1),
        target=Decimal(1_000_000),
        title="Umsatz 2027",
        owner=personas.manager,
    )
    with pytest.raises(ValidationError) as refused:
        goal_create(created_by=team_manager, data=company_goal)
    assert "scope" in refused.value.message_dict
    assert goal_create(created_by=personas.manager, data=company_goal).target == Decimal(1_000_000)
