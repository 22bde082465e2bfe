"""The market analysis (K2) and the peer leaderboard (H1) in the API: the same selectors, comment and
visibility as the pages, so the same figures and the same refusals (404 for what one may not read)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from salesdesk.api.auth import request_user
from salesdesk.core.models import CompanySettings
from salesdesk.core.periods import Period, company_calendar
from salesdesk.performance import selectors
from salesdesk.performance.access import may_read_market
from salesdesk.performance.choices import MarketPeriodKind, PeerPeriod
from salesdesk.performance.leaderboard import build_leaderboard
from salesdesk.performance.market_analysis import market_analysis
from salesdesk.performance.market_report import MarketReport
from salesdesk.performance.peer_group import job_title_for
from salesdesk.performance.peer_window import peer_window
from salesdesk.reports.deadlines import parse_month

router = Router(tags=["performance"])


class PeriodOut(Schema):
    kind: str
    key: str
    label: str
    start: date
    end: date


def _period(period: Period) -> dict[str, object]:
    return {
        "kind": str(period.kind),
        "key": period.key,
        "label": period.label(),
        "start": period.start,
        "end": period.end,
    }


class IndicatorOut(Schema):
    indicator: str = Field(description="sales, market_size, share or satisfaction")
    label: str
    current: Decimal | None
    previous: Decimal | None = Field(description="The previous month or quarter.")
    previous_change: Decimal | None = Field(description="Money, or points for the share and satisfaction.")
    previous_change_percent: Decimal | None
    last_year: Decimal | None = Field(description="The same period last year.")
    last_year_change: Decimal | None
    last_year_change_percent: Decimal | None


class MarketAnalysisOut(Schema):
    title: str
    period: PeriodOut
    previous_period: PeriodOut
    last_year_period: PeriodOut
    segment_id: int | None
    segment: str
    currency: str = Field(description="Sales and market sizes are in this (the company) currency.")
    indicators: list[IndicatorOut]
    comment: str = Field(description="The edited trend comment, or the drafted one when nobody wrote one.")
    comment_edited: bool
    comment_version: int | None


class MarketAnalysisIn(Schema):
    kind: MarketPeriodKind = MarketPeriodKind.MONTH
    month: str | None = Field(
        None, description="YYYY-MM, a month in the period; the last complete period when omitted."
    )
    segment: int | None = Field(None, description="A segment id; all segments when omitted.")


@router.get("/market-analysis", response=MarketAnalysisOut, summary="The market analysis table (K2)")
def market_analysis_get(request: HttpRequest, filters: Query[MarketAnalysisIn]) -> dict[str, object]:
    user = request_user(request)
    if not may_read_market(user):
        raise Http404
    assert user.business_unit_id is not None
    # A segment outside the person's unit does not exist for them: 404, as on the page.
    segment = selectors.segment_for(
        user=user, requested=str(filters.segment) if filters.segment is not None else None
    )
    calendar = company_calendar()
    today = timezone.localdate()
    if filters.month:
        period = calendar.period(parse_month(filters.month), filters.kind)
    else:
        period = calendar.previous(calendar.period(today, filters.kind))
    analysis = market_analysis(
        business_unit_id=user.business_unit_id, segment=segment, period=period, calendar=calendar
    )
    report = MarketReport(analysis, today)
    return {
        "title": report.title,
        "period": _period(analysis.period),
        "previous_period": _period(analysis.previous.period),
        "last_year_period": _period(analysis.last_year.period),
        "segment_id": segment.pk if segment else None,
        "segment": report.segment_label,
        "currency": analysis.currency,
        "indicators": [
            {
                "indicator": row.key,
                "label": row.label,
                "current": row.current,
                "previous": row.previous.before,
                "previous_change": row.previous.absolute,
                "previous_change_percent": row.previous.relative,
                "last_year": row.last_year.before,
                "last_year_change": row.last_year.absolute,
                "last_year_change_percent": row.last_year.relative,
            }
            for row in report.rows()
        ],
        "comment": report.comment,
        "comment_edited": report.is_edited,
        "comment_version": analysis.comment.version if analysis.comment else None,
    }


class MeasureOut(Schema):
    measure: str
    label: str
    value: Decimal | None
    rank: int | None = Field(description="1 is best; null when the person has no value.")
    ranked: int = Field(description="How many peers have a value for this measure.")
    percentile: Decimal | None


class PeerOut(Schema):
    user_id: int
    name: str
    measures: list[MeasureOut]


class WindowOut(Schema):
    kind: str
    first_day: date
    last_day: date
    label: str


class LeaderboardOut(Schema):
    job_title_id: int
    job_title: str
    window: WindowOut
    currency: str
    peers: list[PeerOut] = Field(description="Best plan attainment first; those without a target last.")


class PeersIn(Schema):
    period: PeerPeriod = PeerPeriod.YEAR_TO_DATE
    day: date | None = Field(None, description="A day in the period (the end of the year to date); today.")
    title: int | None = Field(None, description="A job title id; your own (or the first you may see).")


@router.get("/peers", response=LeaderboardOut, summary="The leaderboard of a job title (H1)")
def peers_get(request: HttpRequest, filters: Query[PeersIn]) -> dict[str, object]:
    user = request_user(request)
    if user.business_unit_id is None:
        raise Http404
    job_title = job_title_for(user, str(filters.title) if filters.title is not None else None)
    window = peer_window(
        kind=filters.period, day=filters.day or timezone.localdate(), calendar=company_calendar()
    )
    board = build_leaderboard(
        job_title=job_title,
        business_unit_id=user.business_unit_id,
        window=window,
        currency=CompanySettings.current().currency,
    )
    return {
        "job_title_id": job_title.pk,
        "job_title": job_title.name,
        "window": {
            "kind": str(window.kind),
            "first_day": window.first_day,
            "last_day": window.last_day,
            "label": window.label,
        },
        "currency": board.currency,
        "peers": [
            {
                "user_id": standing.person.pk,
                "name": standing.person.display_name,
                "measures": [
                    {
                        "measure": str(score.measure),
                        "label": score.label,
                        "value": score.value,
                        "rank": score.placing.rank,
                        "ranked": score.placing.ranked,
                        "percentile": score.placing.percentile,
                    }
                    for score in standing.ordered_scores()
                ],
            }
            for standing in board.standings
        ],
    }
