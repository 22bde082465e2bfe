"""Dates people want in their own calendar app: sources register what they add, the feed renders it.

Like the worklist's rules, each capability registers a source (`register_calendar_source`) that returns
the `CalendarEvent`s of one person between two days: contract expiries, deliverables due, ... The feed
asks every source and renders the result as iCalendar text (RFC 5545) with `render_ical`.

The text is written here rather than with an iCalendar library: a feed of a few thousand all-day events
is plain string building, and doing it directly keeps a large feed within a few milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from salesdesk.org.models import User

PRODUCT_ID = "-//Salesdesk//Calendar feed//EN"
CRLF = "\r\n"
# RFC 5545 3.1: lines longer than 75 octets (excluding the line break) are folded.
MAX_LINE_OCTETS = 75
_NEEDS_ESCAPING = re.compile(r"[\\;,\r\n]")


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One all-day event on `start` (calendar feeds here hold days, not times)."""

    uid: str  # globally unique and stable, so calendar apps update the event instead of duplicating it
    start: date
    summary: str
    description: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()


class CalendarSource(Protocol):
    def __call__(self, *, user: User, start: date, end: date) -> Iterable[CalendarEvent]: ...


_sources: list[CalendarSource] = []


def register_calendar_source(source: CalendarSource) -> CalendarSource:
    """Add a source of events (usable as a decorator); registering the same source twice adds it once."""
    if source not in _sources:
        _sources.append(source)
    return source


def calendar_events(user: User, start: date, end: date) -> list[CalendarEvent]:
    """Every registered source's events for `user` from `start` to `end` (both included), by day."""
    events = [event for source in _sources for event in source(user=user, start=start, end=end)]
    events.sort(key=lambda event: (event.start, event.uid))
    return events


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped."""
    if not _NEEDS_ESCAPING.search(value):
        return value  # most values: one scan instead of six replacements
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    if len(line) <= MAX_LINE_OCTETS and line.isascii():
        return line  # one octet per character: short enough, without encoding it
    data = line.encode()
    if len(data) <= MAX_LINE_OCTETS:
        return line
    pieces = []
    position = 0
    room = MAX_LINE_OCTETS
    while len(data) - position > room:
        cut = position + room
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: move back to the character's start
            cut -= 1
        pieces.append(data[position:cut])
        position = cut
        room = MAX_LINE_OCTETS - 1  # continuation lines start with a space
    pieces.append(data[position:])
    return b"\r\n ".join(pieces).decode()


def _day(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _event_lines(event: CalendarEvent, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        fold(f"UID:{escape_text(event.uid)}"),
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_day(event.start)}",
        f"DTEND;VALUE=DATE:{_day(event.start + timedelta(days=1))}",
        fold(f"SUMMARY:{escape_text(event.summary)}"),
    ]
    if event.description:
        lines.append(fold(f"DESCRIPTION:{escape_text(event.description)}"))
    if event.url:
        # A URI value is not TEXT and is not escaped; line breaks could never be part of one.
        lines.append(fold(f"URL:{event.url.replace(chr(13), '').replace(chr(10), '')}"))
    if event.categories:
        lines.append(fold("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories)))
    # A deadline is a reminder, not a meeting: it must not make the person look busy all day.
    lines.append("TRANSP:TRANSPARENT")
    lines.append("END:VEVENT")
    return lines


def render_ical(events: Sequence[CalendarEvent], name: str, *, now: datetime | None = None) -> str:
    """The events as one VCALENDAR text with CRLF line breaks, ready to serve as text/calendar."""
    stamp = (now or datetime.now(tz=UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        fold(f"X-WR-CALNAME:{escape_text(name)}"),
        # Calendar apps poll a subscribed feed; every few hours is often enough for due dates.
        "REFRESH-INTERVAL;VALUE=DURATION:PT4H",
        "X-PUBLISHED-TTL:PT4H",
    ]
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return CRLF.join(lines) + CRLF
