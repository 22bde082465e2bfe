"""The monthly report and one's own submission through the API: the compiler's figures, the pages'
visibility (404 for reps and for teams one may not read) and bad input answered naming the field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from salesdesk.api.tests.conftest import ApiClientFor
from salesdesk.org.models import RoleGrant
from salesdesk.reports.compiler import compile_monthly_report
from salesdesk.reports.scopes import of_team, of_unit
from salesdesk.reports.services import submission_save
from salesdesk.reports.tests.scenario import DEADLINE, OCTOBER, October

pytestmark = pytest.mark.django_db
MONTHLY = "/api/v1/reports/monthly"
MINE = "/api/v1/reports/monthly/submissions/mine"
FIGURES = {"revenue": "7500", "units": "2", "new_customers": "0", "calls": "2", "meetings": "0"}


def _hand_in(october: October) -> None:
    submission_save(
        person=october.rep,
        month=OCTOBER,
        figures=FIGURES,
        comment="Guter Monat",
        submitted_by=october.rep,
        expected_version=None,
        today=DEADLINE,
    )


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def test_the_team_report_has_the_compilers_figures(october: October, api_client_for: ApiClientFor) -> None:
    _hand_in(october)
    manager = october.personas.manager

    response = api_client_for(manager).get(MONTHLY, {"month": "2026-10", "team": october.team.pk})

    assert response.status_code == 200, response.content
    body = response.json()
    report = compile_monthly_report(
        user=manager, scope=of_team(october.team), month=OCTOBER, today=timezone.localdate()
    )
    assert body["month"] == "2026-10-01"
    assert body["scope"] == {
        "kind": "team",
        "id": october.team.pk,
        "key": report.scope.key,
        "label": "Team Nord",
    }
    assert body["currency"] == report.currency
    totals = {total["metric"]: total for total in body["totals"]}
    assert list(totals) == list(report.metrics)
    for metric, figure in report.totals.items():
        shown = totals[metric]
        assert _decimal(shown["target"]) == figure.target
        assert _decimal(shown["system"]) == figure.system
        assert _decimal(shown["reported"]) == figure.reported
        assert _decimal(shown["variance"]) == figure.variance
        assert _decimal(shown["attainment"]) == figure.attainment
    # Real orders: 8,000 and 6,000 against targets of 10,000 and 5,000; the rep reported 7,500.
    revenue = totals["revenue"]
    assert (_decimal(revenue["system"]), _decimal(revenue["target"])) == (Decimal(14000), Decimal(15000))
    assert _decimal(revenue["reported"]) == Decimal(13500)
    assert [line["person_id"] for line in body["lines"]] == [line.person.pk for line in report.lines]
    rep_line = next(line for line in body["lines"] if line["person_id"] == october.rep.pk)
    assert rep_line["comment"] == "Guter Monat"
    assert rep_line["submitted_at"] is not None
    rep_revenue = next(figure for figure in rep_line["figures"] if figure["metric"] == "revenue")
    assert [_decimal(rep_revenue[key]) for key in ("system", "reported", "target")] == [
        Decimal(8000),
        Decimal(7500),
        Decimal(10000),
    ]
    other_line = next(line for line in body["lines"] if line["person_id"] == october.other_rep.pk)
    assert (other_line["submitted_at"], other_line["comment"]) == (None, "")
    assert body["top"] == [line.person.pk for line in report.top] == [october.other_rep.pk]
    assert body["bottom"] == [line.person.pk for line in report.bottom] == [october.rep.pk]
    assert body["not_submitted"] == [
        {"person_id": october.other_rep.pk, "name": october.other_rep.display_name}
    ]
    assert len(body["pipeline"]) == len(report.pipeline.stages) == 1
    stage = body["pipeline"][0]
    assert (stage["count"], _decimal(stage["amount"]), _decimal(stage["weighted"])) == (
        1,
        Decimal(10000),
        Decimal(1000),
    )
    assert stage["currency"] == report.pipeline.currency
    assert stage["stage"] == report.pipeline.stages[0].stage


def test_the_coordinator_reads_the_unit_by_default(october: October, api_client_for: ApiClientFor) -> None:
    coordinator = october.personas.coordinator

    response = api_client_for(coordinator).get(MONTHLY, {"month": "2026-10"})

    assert response.status_code == 200
    body = response.json()
    report = compile_monthly_report(
        user=coordinator, scope=of_unit(october.personas.unit), month=OCTOBER, today=timezone.localdate()
    )
    assert body["scope"]["kind"] == "unit"
    assert body["scope"]["label"] == "North"
    assert [line["person_id"] for line in body["lines"]] == [line.person.pk for line in report.lines]
    assert _decimal(body["totals"][0]["system"]) == report.totals["revenue"].system


def test_reps_and_strangers_get_404(october: October, api_client_for: ApiClientFor) -> None:
    personas = october.personas
    assert api_client_for(personas.rep).get(MONTHLY, {"month": "2026-10"}).status_code == 404
    assert api_client_for(personas.design_staff).get(MONTHLY, {"month": "2026-10"}).status_code == 404
    stranger = personas.outsider
    RoleGrant.objects.create(user=stranger, role="manager")
    response = api_client_for(stranger).get(MONTHLY, {"month": "2026-10", "team": october.team.pk})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"month": "2026-13"}, "month", "YYYY-MM"),
        ({"month": "Oktober"}, "month", "YYYY-MM"),
        ({"month": "2099-01"}, "month", "This month has not begun yet."),
        ({"month": "2026-10", "team": "Nord"}, "team", "Choose a team from the list."),
    ],
)
def test_bad_input_is_answered_400_naming_the_field(
    october: October, api_client_for: ApiClientFor, query: dict[str, str], field: str, message: str
) -> None:
    response = api_client_for(october.personas.manager).get(MONTHLY, query)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [error["field"] for error in errors] == [field]
    assert message in errors[0]["message"]


def test_a_rep_reads_their_own_submission(october: October, api_client_for: ApiClientFor) -> None:
    personas = october.personas
    assert api_client_for(personas.rep).get(MINE, {"month": "2026-10"}).status_code == 404
    _hand_in(october)

    response = api_client_for(personas.rep).get(MINE, {"month": "2026-10"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["person_id"], body["month"], body["comment"], body["version"]) == (
        personas.rep.pk,
        "2026-10-01",
        "Guter Monat",
        1,
    )
    assert body["deadline"] == DEADLINE.isoformat()
    revenue = next(figure for figure in body["figures"] if figure["metric"] == "revenue")
    assert (_decimal(revenue["reported"]), _decimal(revenue["system"])) == (Decimal(7500), Decimal(8000))
    assert api_client_for(personas.other_rep).get(MINE, {"month": "2026-10"}).status_code == 404
    assert api_client_for(personas.manager).get(MINE, {"month": "2026-10"}).status_code == 404
    bad = api_client_for(personas.rep).get(MINE, {"month": "10/2026"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "month"
