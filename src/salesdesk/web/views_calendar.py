"""The calendar feed: its management page (create, list, revoke) and the feed itself at a secret address.

The feed is read by calendar apps, which cannot sign in: the secret in the address is the credential.
An unknown or revoked secret answers 404, like any address that does not exist.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from salesdesk.core.calendar import calendar_events, render_ical
from salesdesk.core.calendar_feeds import (
    calendar_feed_create,
    calendar_feed_for_secret,
    calendar_feed_get,
    calendar_feed_list,
    calendar_feed_revoke,
)
from salesdesk.web.requests import signed_in_user

# What a feed holds: recent past (so a missed deadline still shows) and the next two years.
FEED_PAST = timedelta(days=90)
FEED_FUTURE = timedelta(days=730)
# Calendar apps poll every few minutes; a client asking far more often is stopped for a while.
FEED_READS_PER_WINDOW = 60
FEED_WINDOW_SECONDS = 5 * 60


@never_cache
@login_required
def calendar_feeds(request: HttpRequest) -> HttpResponse:
    """The person's feeds; POST creates one and shows its address once."""
    user = signed_in_user(request)
    feed_url = ""
    if request.method == "POST":
        _feed, secret = calendar_feed_create(owner=user)
        feed_url = request.build_absolute_uri(reverse("web:calendar-feed", args=[secret]))
    context = {
        "feeds": calendar_feed_list(owner=user),
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[-1] if feed_url else "",
    }
    return render(request, "web/calendar_feeds.html", context)


@login_required
@require_POST
def calendar_feed_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    feed = calendar_feed_get(owner=user, pk=pk)
    calendar_feed_revoke(feed=feed, revoked_by=user)
    messages.success(request, _("The calendar feed was revoked; calendar apps using it get nothing more."))
    return HttpResponseRedirect(reverse("web:calendar-feeds"))


def _too_many_reads(secret: str) -> bool:
    key = "calendar-feed:" + hashlib.sha256(secret.encode()).hexdigest()[:32]
    if cache.add(key, 1, timeout=FEED_WINDOW_SECONDS):
        return False
    try:
        return int(cache.incr(key)) > FEED_READS_PER_WINDOW
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=FEED_WINDOW_SECONDS)
        return False


@require_safe
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The iCalendar text of one person's feed, in their language; no sign-in, the secret is the key."""
    feed = calendar_feed_for_secret(secret)
    if feed is None:
        raise Http404
    if _too_many_reads(secret):
        return HttpResponse(
            _("Too many requests; try again in a few minutes."),
            status=429,
            headers={"Retry-After": str(FEED_WINDOW_SECONDS)},
            content_type="text/plain; charset=utf-8",
        )
    owner = feed.owner
    today = timezone.localdate()
    with translation.override(owner.language or None):
        events = calendar_events(owner, today - FEED_PAST, today + FEED_FUTURE)
        name = _("Salesdesk: %(name)s") % {"name": owner.display_name}
        body = render_ical(events, name)
    return HttpResponse(
        body.encode(),
        content_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": 'inline; filename="salesdesk.ics"',
            "Cache-Control": "private, max-age=300",
            "X-Robots-Tag": "noindex",
        },
    )
