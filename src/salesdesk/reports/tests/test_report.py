"""The compiled report: totals are the sums of the reps, plan vs actual per rep, the ranking, the
pipeline in the company currency, comments and who is missing; the same figures in the PDF and XLSX.
(Its query count is guarded in test_query_counts.py.)"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from salesdesk.planning.choices import Grain, Metric
from salesdesk.planning.measures import actual_by_period
from salesdesk.reports.choices import REPORT_METRICS
from salesdesk.reports.compiler import compile_monthly_report
from salesdesk.reports.exports import monthly_pdf
from salesdesk.reports.figures import system_figures_by_person
from salesdesk.reports.scopes import of_team
from salesdesk.reports.services import submission_save
from salesdesk.reports.tests.scenario import OCTOBER, October, signed_in

TODAY = date(2026, 11, 5)
FIGURES = {"revenue": "8000", "units": "2", "new_customers": "0", "calls": "2", "meetings": "0"}


def _hand_in(october: October, comment: str = "Guter Monat") -> None:
    submission_save(
        person=october.rep,
        month=OCTOBER,
        figures=FIGURES,
        comment=comment,
        submitted_by=october.rep,
        expected_version=None,
        today=TODAY,
    )


def _report(october: October):  # type: ignore[no-untyped-def]
    return compile_monthly_report(
        user=october.personas.manager, scope=of_team(october.team), month=OCTOBER, today=TODAY
    )


def test_the_totals_are_the_sums_of_the_reps(october: October) -> None:
    _hand_in(october)

    report = _report(october)

    assert [line.person for line in report.lines] == [october.other_rep, october.rep]
    for metric in report.metrics:
        total = report.totals[metric]
        assert total.system == sum(line.figures[metric].system for line in report.lines)
        assert total.reported == sum(line.figures[metric].confirmed for line in report.lines)
    revenue = report.totals["revenue"]
    assert (revenue.target, revenue.system) == (Decimal(15000), Decimal(14000))
    assert revenue.attainment == Decimal("93.3")
    assert revenue.variance == Decimal(-1000)


def test_plan_vs_actual_per_rep_and_the_ranking(october: October) -> None:
    report = _report(october)

    rep = next(line for line in report.lines if line.person == october.rep)
    other = next(line for line in report.lines if line.person == october.other_rep)
    assert (rep.headline.target, rep.headline.system, rep.headline.variance) == (
        Decimal(10000),
        Decimal(8000),
        Decimal(-2000),
    )
    assert rep.headline.attainment == Decimal("80.0")
    assert other.headline.attainment == Decimal("120.0")
    assert [line.person for line in report.top] == [october.other_rep]
    assert [line.person for line in report.bottom] == [october.rep]


def test_the_pipeline_is_weighted_in_the_company_currency(october: October) -> None:
    report = _report(october)

    [stage] = report.pipeline.stages
    assert (stage.count, stage.amount, stage.weighted) == (1, Decimal(10000), Decimal(1000))
    assert report.pipeline.currency == "EUR"


def test_comments_and_who_has_not_handed_in(october: October) -> None:
    _hand_in(october, comment="Zwei große Aufträge")

    report = _report(october)

    assert [line.submission.comment for line in report.submitted if line.submission] == [
        "Zwei große Aufträge"
    ]
    assert [line.person for line in report.not_submitted] == [october.other_rep]


def test_counted_figures_for_many_reps_agree_with_planning_measures(october: October) -> None:
    ids = [october.rep.pk, october.other_rep.pk]

    grouped = system_figures_by_person(person_ids=ids, month=OCTOBER)

    for metric in REPORT_METRICS:
        for person_id in ids:
            expected = actual_by_period(
                owner_ids=[person_id], metric=metric, grain=Grain.MONTH, first=OCTOBER, last=OCTOBER
            ).get(OCTOBER, Decimal(0))
            assert grouped[metric].get(person_id, Decimal(0)) == expected, (metric, person_id)
    assert grouped[Metric.CALLS][october.rep.pk] == 2


def test_the_page_shows_the_figures(october: October) -> None:
    _hand_in(october)

    response = signed_in(october.personas.manager).get(
        reverse("reports:monthly"), {"month": "2026-10", "team": october.team.pk}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Monthly report: Team Nord, October 2026" in page
    assert "€15,000.00" in page
    assert "€14,000.00" in page
    assert "−€2,000.00" in page  # the rep's variance
    assert "Guter Monat" in page
    assert '<svg class="chart"' in page
    # The page's strict Content Security Policy blocks inline styles: the chart's colours come from the
    # style sheet, only the PDF carries them inside the SVG.
    assert "<style>" not in page


def test_the_pdf_is_a_pdf_that_prints_chinese_and_cyrillic(october: October) -> None:
    october.rep.full_name = "王芳"
    october.rep.save()
    october.other_rep.full_name = "Георги Димитров"
    october.other_rep.save()
    _hand_in(october, comment="本月很好")

    pdf = monthly_pdf(_report(october))

    assert pdf.startswith(b"%PDF")
    response = signed_in(october.personas.manager).get(
        reverse("reports:monthly-pdf"), {"month": "2026-10", "team": october.team.pk}
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_xlsx_holds_numbers_as_numbers(october: October) -> None:
    _hand_in(october, comment="Guter Monat")

    response = signed_in(october.personas.manager).get(
        reverse("reports:monthly-xlsx"), {"month": "2026-10", "team": october.team.pk}
    )

    workbook = load_workbook(BytesIO(response.content))
    plan = workbook["Plan vs actual"]
    rows = {row[0]: row for row in plan.iter_rows(min_row=5, values_only=True)}
    assert rows["rep"][1:5] == (10000, 8000, -2000, 80.0)
    assert rows["other_rep"][1:5] == (5000, 6000, 1000, 120.0)
    assert rows["Total"][1:3] == (15000, 14000)
    figures = {row[0]: row for row in workbook["Figures"].iter_rows(min_row=2, values_only=True)}
    assert figures["rep"][10:13] == (None, 2, 2)  # calls: no target, system 2, reported 2
    assert figures["other_rep"][12] is None  # not handed in
    pipeline = list(workbook["Pipeline"].iter_rows(min_row=2, values_only=True))
    assert pipeline[-1][2:5] == (1, 10000, 1000)
    comments = {row[0]: row[2] for row in workbook["Comments"].iter_rows(min_row=2, values_only=True)}
    assert comments == {"rep": "Guter Monat", "other_rep": "Not handed in"}
