"""The market analysis and the leaderboard through the API: the selectors' figures, the comment, the
pages' visibility (404 where the page is 404) and bad input answered naming the field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from salesdesk.api.tests.conftest import ApiClientFor
from salesdesk.conftest import Personas
from salesdesk.core.periods import PeriodKind, company_calendar
from salesdesk.customers.models import Segment
from salesdesk.org.choices import Role
from salesdesk.org.models import JobTitle
from salesdesk.performance.choices import PeerMeasure, PeerPeriod
from salesdesk.performance.leaderboard import build_leaderboard
from salesdesk.performance.market_analysis import Indicator, MarketAnalysis, market_analysis
from salesdesk.performance.market_comment import draft_comment
from salesdesk.performance.peer_window import peer_window
from salesdesk.performance.services import market_comment_save
from salesdesk.performance.tests.test_market import market, retail  # noqa: F401  (shared fixtures)
from salesdesk.performance.tests.test_peers import march  # noqa: F401  (shared fixture)
from salesdesk.testing.factories import make_user

pytestmark = pytest.mark.django_db
MARKET = "/api/v1/market-analysis"
PEERS = "/api/v1/peers"
INDICATORS = [Indicator.SALES, Indicator.MARKET_SIZE, Indicator.SHARE, Indicator.SATISFACTION]


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _analysis(personas: Personas, segment: Segment | None) -> MarketAnalysis:
    calendar = company_calendar()
    return market_analysis(
        business_unit_id=personas.unit.pk,
        segment=segment,
        period=calendar.period(date(2026, 3, 1), PeriodKind.MONTH),
        calendar=calendar,
    )


def test_the_market_table_has_the_selectors_figures(
    market: Personas,  # noqa: F811
    retail: Segment,  # noqa: F811
    api_client_for: ApiClientFor,
) -> None:
    response = api_client_for(market.coordinator).get(
        MARKET, {"kind": "month", "month": "2026-03", "segment": retail.pk}
    )

    assert response.status_code == 200, response.content
    body = response.json()
    analysis = _analysis(market, retail)
    assert body["period"]["key"] == analysis.period.key
    assert body["period"]["label"] == analysis.period.label()
    assert (body["period"]["start"], body["period"]["end"]) == ("2026-03-01", "2026-03-31")
    assert body["previous_period"]["start"] == "2026-02-01"
    assert body["last_year_period"]["start"] == "2025-03-01"
    assert (body["segment_id"], body["segment"]) == (retail.pk, "Retail")
    assert [row["indicator"] for row in body["indicators"]] == INDICATORS
    for row in body["indicators"]:
        previous = analysis.change(row["indicator"], against="previous")
        last_year = analysis.change(row["indicator"], against="last_year")
        assert _decimal(row["current"]) == previous.now
        assert _decimal(row["previous"]) == previous.before
        assert _decimal(row["previous_change"]) == previous.absolute
        assert _decimal(row["previous_change_percent"]) == previous.relative
        assert _decimal(row["last_year"]) == last_year.before
        assert _decimal(row["last_year_change"]) == last_year.absolute
        assert _decimal(row["last_year_change_percent"]) == last_year.relative
    sales, _size, share, satisfaction = body["indicators"]
    assert [_decimal(sales[key]) for key in ("current", "previous", "last_year")] == [
        Decimal(11000),
        Decimal(9000),
        Decimal(8000),
    ]
    assert (_decimal(sales["last_year_change"]), _decimal(sales["last_year_change_percent"])) == (
        Decimal(3000),
        Decimal("37.5"),
    )
    assert _decimal(share["current"]) == Decimal("11.0")
    assert _decimal(satisfaction["last_year_change"]) == Decimal("-4.0")
    assert body["comment"] == draft_comment(analysis)
    assert body["comment_edited"] is False
    assert body["comment_version"] is None


def test_the_edited_comment_is_shown_and_marked(
    market: Personas,  # noqa: F811
    retail: Segment,  # noqa: F811
    api_client_for: ApiClientFor,
) -> None:
    market_comment_save(
        by=market.manager, period_kind="month", period_day=date(2026, 3, 1), segment=retail, text="Gut."
    )

    body = api_client_for(market.manager).get(MARKET, {"month": "2026-03", "segment": retail.pk}).json()

    assert (body["comment"], body["comment_edited"], body["comment_version"]) == ("Gut.", True, 1)


def test_all_segments_and_a_quarter(market: Personas, api_client_for: ApiClientFor) -> None:  # noqa: F811
    client = api_client_for(market.finance)

    month = client.get(MARKET, {"kind": "month", "month": "2026-03"}).json()
    quarter = client.get(MARKET, {"kind": "quarter", "month": "2026-02"}).json()

    assert month["segment_id"] is None
    assert _decimal(month["indicators"][0]["current"]) == _analysis(market, None).current.sales
    assert month["indicators"][2]["current"] is None  # no market size for all segments
    assert quarter["period"]["kind"] == "quarter"
    assert quarter["period"]["start"] == "2026-01-01"


def test_reps_and_other_units_get_404(
    market: Personas,  # noqa: F811
    retail: Segment,  # noqa: F811
    api_client_for: ApiClientFor,
) -> None:
    query = {"month": "2026-03"}
    assert api_client_for(market.rep).get(MARKET, query).status_code == 404
    assert api_client_for(market.outsider).get(MARKET, query).status_code == 404
    south = make_user("south_coordinator", roles=[Role.COORDINATOR], business_unit=market.other_unit)
    response = api_client_for(south).get(MARKET, {**query, "segment": retail.pk})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_bad_input_is_answered_naming_the_field(market: Personas, api_client_for: ApiClientFor) -> None:  # noqa: F811
    client = api_client_for(market.coordinator)

    bad_month = client.get(MARKET, {"month": "2026-13"})
    bad_kind = client.get(MARKET, {"kind": "week", "month": "2026-03"})

    assert bad_month.status_code == 400
    assert [error["field"] for error in bad_month.json()["errors"]] == ["month"]
    assert "YYYY-MM" in bad_month.json()["errors"][0]["message"]
    assert bad_kind.status_code == 422
    assert [error["field"] for error in bad_kind.json()["errors"]] == ["kind"]


def test_the_leaderboard_has_the_selectors_figures(
    march: Personas,  # noqa: F811
    account_executive: JobTitle,
    api_client_for: ApiClientFor,
) -> None:
    response = api_client_for(march.rep).get(
        PEERS, {"period": "month", "day": "2026-03-15", "title": account_executive.pk}
    )

    assert response.status_code == 200, response.content
    body = response.json()
    window = peer_window(kind=PeerPeriod.MONTH, day=date(2026, 3, 15), calendar=company_calendar())
    board = build_leaderboard(
        job_title=account_executive, business_unit_id=march.unit.pk, window=window, currency="EUR"
    )
    assert (body["job_title_id"], body["job_title"]) == (account_executive.pk, "Account Executive")
    assert (body["window"]["first_day"], body["window"]["last_day"]) == ("2026-03-01", "2026-03-31")
    assert [peer["user_id"] for peer in body["peers"]] == [march.other_rep.pk, march.rep.pk]
    for peer, standing in zip(body["peers"], board.standings, strict=True):
        assert peer["user_id"] == standing.person.pk
        assert peer["name"] == standing.person.display_name
        assert [measure["measure"] for measure in peer["measures"]] == list(PeerMeasure)
        for measure, score in zip(peer["measures"], standing.ordered_scores(), strict=True):
            assert _decimal(measure["value"]) == score.value
            assert measure["rank"] == score.placing.rank
            assert _decimal(measure["percentile"]) == score.placing.percentile
    rep = {measure["measure"]: measure for measure in body["peers"][1]["measures"]}
    assert (_decimal(rep["attainment"]["value"]), rep["attainment"]["rank"]) == (Decimal("80.0"), 2)
    assert _decimal(rep["attainment"]["percentile"]) == Decimal(0)
    assert (_decimal(rep["revenue"]["value"]), rep["sales_cycle"]["rank"]) == (Decimal(8000), 1)


def test_the_leaderboard_is_404_where_the_page_is(
    march: Personas,  # noqa: F811
    account_executive: JobTitle,
    api_client_for: ApiClientFor,
) -> None:
    query = {"period": "month", "day": "2026-03-15", "title": account_executive.pk}
    # The outsider's title exists in their own unit too, but that board holds only them.
    outsider = api_client_for(march.outsider).get(PEERS, query)
    assert outsider.status_code == 200
    assert [peer["user_id"] for peer in outsider.json()["peers"]] == [march.outsider.pk]
    assert api_client_for(march.design_staff).get(PEERS, query).status_code == 404
    senior = JobTitle.objects.create(name="Senior Account Executive", level=3)
    someone = make_user(
        "senior", roles=[Role.SALES_REP], business_unit=march.unit, manager=march.manager, job_title=senior
    )
    assert api_client_for(someone).get(PEERS, query).status_code == 404
    assert api_client_for(march.coordinator).get(PEERS, query).status_code == 200
    bad = api_client_for(march.rep).get(PEERS, {"period": "decade"})
    assert bad.status_code == 422
    assert [error["field"] for error in bad.json()["errors"]] == ["period"]
