"""A rep hands in October's numbers: pre-filled from the real orders, corrections kept beside the
system's figures, every version kept, bad input refused naming the field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from salesdesk.core.versioning import StaleRecordError
from salesdesk.reports.compiler import compile_monthly_report
from salesdesk.reports.figures import system_figures
from salesdesk.reports.models import MonthlySubmission
from salesdesk.reports.scopes import of_team
from salesdesk.reports.services import submission_save
from salesdesk.reports.tests.scenario import OCTOBER, October, signed_in

TODAY = date(2026, 11, 3)
CONFIRMED = {"revenue": "8000", "units": "2", "new_customers": "0", "calls": "2", "meetings": "0"}


def test_the_system_figures_come_from_the_orders_and_activities_of_the_month(october: October) -> None:
    figures = system_figures(person_id=october.rep.pk, month=OCTOBER)

    assert figures == {
        "revenue": Decimal("8000.00"),
        "units": Decimal("2.00"),
        "new_customers": Decimal(0),
        "calls": Decimal(2),
        "meetings": Decimal(0),
    }


def test_the_form_is_pre_filled_with_the_system_figures_and_shows_the_target(october: October) -> None:
    response = signed_in(october.rep).get(reverse("reports:my-numbers"), {"month": "2026-10"})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["revenue"] == Decimal("8000.00")
    assert form.initial["calls"] == Decimal(2)
    page = response.content.decode()
    assert "€10,000.00" in page  # October's target
    assert "€8,000.00" in page  # the system's revenue
    assert "Due by 4 Nov 2026." in page


def test_handing_in_through_the_page_keeps_the_correction_beside_the_system_figure(october: October) -> None:
    client = signed_in(october.rep)
    data = {**CONFIRMED, "calls": "5", "comment": "Drei Anrufe fehlen im System.", "version": ""}

    response = client.post(f"{reverse('reports:my-numbers')}?month=2026-10", data)

    assert response.status_code == 302
    submission = MonthlySubmission.objects.get(person=october.rep, month=OCTOBER)
    assert submission.reported("calls") == 5
    assert submission.system("calls") == 2
    assert submission.reported("revenue") == Decimal("8000.00")
    assert submission.comment == "Drei Anrufe fehlen im System."
    report = compile_monthly_report(
        user=october.personas.manager, scope=of_team(october.team), month=OCTOBER, today=TODAY
    )
    [line] = [line for line in report.lines if line.person == october.rep]
    assert line.corrections == ["calls"]
    assert (line.figures["calls"].reported, line.figures["calls"].system) == (5, 2)
    page = signed_in(october.personas.manager).get(
        reverse("reports:monthly"), {"month": "2026-10", "team": october.team.pk}
    )
    assert '<mark data-testid="correction">5</mark> <span class="meta">(2)</span>' in page.content.decode()


def test_handing_in_again_makes_a_new_version_and_keeps_the_old_one(october: October) -> None:
    first = submission_save(
        person=october.rep,
        month=OCTOBER,
        figures=CONFIRMED,
        comment="Erste Fassung",
        submitted_by=october.rep,
        expected_version=None,
        today=TODAY,
    )
    second = submission_save(
        person=october.rep,
        month=OCTOBER,
        figures={**CONFIRMED, "meetings": "1"},
        comment="Ein Termin fehlte",
        submitted_by=october.rep,
        expected_version=first.version,
        today=TODAY,
    )

    assert second.pk == first.pk
    assert second.version == 2
    assert [row.comment for row in second.history.order_by("history_date")] == [
        "Erste Fassung",
        "Ein Termin fehlte",
    ]


def test_a_stale_version_is_refused(october: October) -> None:
    submission_save(
        person=october.rep,
        month=OCTOBER,
        figures=CONFIRMED,
        comment="Erste Fassung",
        submitted_by=october.rep,
        expected_version=None,
        today=TODAY,
    )
    with pytest.raises(StaleRecordError):
        submission_save(
            person=october.rep,
            month=OCTOBER,
            figures=CONFIRMED,
            comment="Aus einem alten Tab",
            submitted_by=october.rep,
            expected_version=None,
            today=TODAY,
        )


def test_bad_input_names_each_field_and_saves_nothing(october: October) -> None:
    with pytest.raises(ValidationError) as caught:
        submission_save(
            person=october.rep,
            month=date(2027, 1, 1),
            figures={"revenue": "-5", "units": "x", "new_customers": "1.5", "calls": "2", "bonus": "1"},
            comment=" ",
            submitted_by=october.rep,
            expected_version=None,
            today=TODAY,
        )

    assert set(caught.value.message_dict) == {
        "month",
        "revenue",
        "units",
        "new_customers",
        "meetings",
        "comment",
        "figures",
    }
    assert not MonthlySubmission.objects.exists()


def test_nobody_hands_in_someone_elses_numbers(october: October) -> None:
    with pytest.raises(ValidationError) as caught:
        submission_save(
            person=october.rep,
            month=OCTOBER,
            figures=CONFIRMED,
            comment="Vom Chef",
            submitted_by=october.personas.manager,
            expected_version=None,
            today=TODAY,
        )
    assert "person" in caught.value.message_dict


def test_the_page_shows_an_error_on_the_field_for_a_negative_figure(october: October) -> None:
    response = signed_in(october.rep).post(
        f"{reverse('reports:my-numbers')}?month=2026-10", {**CONFIRMED, "revenue": "-1", "comment": "x"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["revenue"]
    assert not MonthlySubmission.objects.exists()


def test_a_month_that_is_not_a_month_is_a_clear_error(october: October) -> None:
    response = signed_in(october.rep).get(reverse("reports:my-numbers"), {"month": "October"})

    assert response.status_code == 400
    assert "YYYY-MM" in response.content.decode()
