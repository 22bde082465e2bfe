"""The search page and its live results while typing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from salesdesk.search import selectors
from salesdesk.web.requests import signed_in_user

PAGE_LIMIT = 20
LIVE_LIMIT = 5


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """/search/?q=: the results grouped by kind; an htmx request gets the live-results fragment."""
    query = request.GET.get("q", "").strip()
    kinds = [kind for kind in request.GET.getlist("kinds") if kind]
    live = bool(getattr(request, "htmx", False))
    groups = selectors.search(
        user=signed_in_user(request), query=query, kinds=kinds, limit=LIVE_LIMIT if live else PAGE_LIMIT
    )
    context = {
        "query": query,
        "groups": groups,
        "total": sum(group.count for group in groups),
        "kinds": selectors.search_kinds(),
        "chosen_kinds": kinds,
    }
    if live:
        return render(request, "search/partials/_results.html", context)
    return render(request, "search/search.html", context)
