"""Reps see and hand in their own numbers; managers read their teams and line; coordinators and admins
their unit; nobody else."""

from __future__ import annotations

from django.urls import reverse

from salesdesk.reports.models import MonthlySubmission
from salesdesk.reports.selectors import submission_list
from salesdesk.reports.services import submission_save
from salesdesk.reports.tests.scenario import OCTOBER, October, signed_in

FIGURES = {"revenue": "8000", "units": "2", "new_customers": "0", "calls": "2", "meetings": "0"}
MONTHLY = reverse("reports:monthly")
NUMBERS = reverse("reports:my-numbers")


def _hand_in(october: October) -> MonthlySubmission:
    return submission_save(
        person=october.rep,
        month=OCTOBER,
        figures=FIGURES,
        comment="Meine Zahlen",
        submitted_by=october.rep,
        expected_version=None,
    )


def test_reps_read_no_compiled_report(october: October) -> None:
    assert signed_in(october.rep).get(MONTHLY, {"month": "2026-10"}).status_code == 404
    assert signed_in(october.rep).get(reverse("reports:monthly-pdf"), {"month": "2026-10"}).status_code == 404


def test_the_manager_reads_the_team_and_the_coordinator_the_unit(october: October) -> None:
    manager = signed_in(october.personas.manager).get(MONTHLY, {"month": "2026-10", "team": october.team.pk})
    coordinator = signed_in(october.personas.coordinator).get(MONTHLY, {"month": "2026-10"})
    admin = signed_in(october.personas.admin).get(MONTHLY, {"month": "2026-10", "team": october.team.pk})

    assert manager.status_code == coordinator.status_code == admin.status_code == 200
    assert "Monthly report: North, October 2026" in coordinator.content.decode()


def test_a_team_one_may_not_read_is_an_error_on_the_team_field(october: October) -> None:
    outsider_manager = october.personas.outsider
    from salesdesk.org.models import RoleGrant

    RoleGrant.objects.create(user=outsider_manager, role="manager")
    response = signed_in(outsider_manager).get(MONTHLY, {"month": "2026-10", "team": october.team.pk})

    assert response.status_code == 400
    assert response.context["form"].errors["team"]


def test_a_bad_month_is_an_error_on_the_month_field(october: October) -> None:
    response = signed_in(october.personas.coordinator).get(MONTHLY, {"month": "2026-13"})
    future = signed_in(october.personas.coordinator).get(MONTHLY, {"month": "2030-01"})
    download = signed_in(october.personas.coordinator).get(reverse("reports:monthly-xlsx"), {"month": "x"})

    assert response.status_code == future.status_code == download.status_code == 400
    assert "YYYY-MM" in response.context["form"].errors["month"][0]
    assert future.context["form"].errors["month"] == ["This month has not begun yet."]
    assert b"month" in download.content


def test_submissions_are_scoped(october: October) -> None:
    _hand_in(october)
    personas = october.personas

    assert submission_list(user=personas.rep).count() == 1
    assert submission_list(user=personas.other_rep).count() == 0
    assert submission_list(user=personas.manager).count() == 1
    assert submission_list(user=personas.coordinator).count() == 1
    assert submission_list(user=personas.outsider).count() == 0
    assert submission_list(user=personas.design_staff).count() == 0


def test_a_rep_cannot_open_someone_elses_numbers_but_their_manager_can(october: October) -> None:
    _hand_in(october)

    other = signed_in(october.other_rep).get(NUMBERS, {"month": "2026-10", "person": october.rep.pk})
    manager = signed_in(october.personas.manager).get(NUMBERS, {"month": "2026-10", "person": october.rep.pk})
    outsider = signed_in(october.personas.outsider).get(
        NUMBERS, {"month": "2026-10", "person": october.rep.pk}
    )

    assert other.status_code == outsider.status_code == 404
    assert manager.status_code == 200
    assert "Meine Zahlen" in manager.content.decode()
    assert 'data-testid="numbers-form"' not in manager.content.decode()


def test_nobody_posts_numbers_for_someone_else(october: October) -> None:
    response = signed_in(october.personas.manager).post(
        f"{NUMBERS}?month=2026-10&person={october.rep.pk}", {**FIGURES, "comment": "Vom Chef"}
    )

    assert response.status_code == 404
    assert not MonthlySubmission.objects.exists()
