"""H1 page: the leaderboard of a job title, with one person's card. Thin: read the selection, call the
selectors, render."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from salesdesk.core.models import CompanySettings
from salesdesk.core.periods import company_calendar
from salesdesk.performance.access import may_read_market
from salesdesk.performance.choices import PeerPeriod
from salesdesk.performance.forms import PeerSelectionForm
from salesdesk.performance.leaderboard import build_leaderboard
from salesdesk.performance.peer_group import job_title_for, visible_job_titles
from salesdesk.performance.peer_window import peer_window
from salesdesk.web.requests import signed_in_user


def _person_id(raw: str | None, default: int) -> int:
    try:
        return int(raw) if raw else default
    except ValueError:
        return default


@login_required
def peers(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if user.business_unit_id is None:
        raise Http404
    job_title = job_title_for(user, request.GET.get("title"))
    form = PeerSelectionForm(request.GET or None, titles=visible_job_titles(user))
    kind, day = PeerPeriod.YEAR_TO_DATE.value, timezone.localdate()
    if form.is_bound and form.is_valid():
        kind = form.cleaned_data["period"]
        day = form.cleaned_data["day"] or day
    elif not form.is_bound:
        form = PeerSelectionForm(
            initial={"title": job_title, "period": kind, "day": day}, titles=visible_job_titles(user)
        )
    window = peer_window(kind=kind, day=day, calendar=company_calendar())
    board = build_leaderboard(
        job_title=job_title,
        business_unit_id=user.business_unit_id,
        window=window,
        currency=CompanySettings.current().currency,
    )
    card = board.card(_person_id(request.GET.get("person"), user.pk))
    if card is None and board.standings:
        card = board.standings[0]
    return render(
        request,
        "performance/peers.html",
        {
            "form": form,
            "board": board,
            "card": card,
            "chart": board.chart(),
            "measures": board.standings[0].ordered_scores() if board.standings else [],
            "query": _query(job_title.pk, kind, day),
            "may_read_market": may_read_market(user),
        },
    )


def _query(title_id: int, kind: str, day: date) -> str:
    return f"title={title_id}&period={kind}&day={day.isoformat()}"
