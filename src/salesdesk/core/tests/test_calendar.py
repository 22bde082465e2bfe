"""The iCalendar text we write by hand is valid RFC 5545, as an independent parser reads it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import icalendar
import pytest

from salesdesk.core import calendar as calendar_module
from salesdesk.core.calendar import (
    CalendarEvent,
    calendar_events,
    escape_text,
    fold,
    register_calendar_source,
    render_ical,
)

NOW = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)


def _parse(text: str) -> list[object]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def test_an_event_is_an_all_day_vevent_that_icalendar_reads_back() -> None:
    event = CalendarEvent(
        uid="contract-7-end@salesdesk.test",
        start=date(2026, 12, 31),
        summary="Contract ends: Anzeigenpaket 2027 (Müller & Söhne)",
        description="Value: €12,000.00\nRenews automatically; notice by 2 Oct 2026.",
        url="https://salesdesk.test/contracts/7/",
        categories=("Contract expiry",),
    )

    text = render_ical([event], "Salesdesk: Greta", now=NOW)

    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    [parsed] = _parse(text)
    assert parsed["UID"] == "contract-7-end@salesdesk.test"
    assert parsed.decoded("DTSTART") == date(2026, 12, 31)  # a date, not a time: all day
    assert parsed.decoded("DTEND") == date(2027, 1, 1)
    assert str(parsed["SUMMARY"]) == "Contract ends: Anzeigenpaket 2027 (Müller & Söhne)"
    assert str(parsed["DESCRIPTION"]) == "Value: €12,000.00\nRenews automatically; notice by 2 Oct 2026."
    assert str(parsed["URL"]) == "https://salesdesk.test/contracts/7/"
    assert parsed["DTSTAMP"].dt == NOW
    assert icalendar.Calendar.from_ical(text)["X-WR-CALNAME"] == "Salesdesk: Greta"


def test_long_chinese_and_cyrillic_text_is_folded_at_75_octets_and_survives_intact() -> None:
    summary = (
        "合同到期：北京广告有限公司的年度广告套餐，" * 4
        + "Договор «Реклама» для ООО «Ромашка»; срок, условия"
    )
    event = CalendarEvent(uid="x-1@test", start=date(2027, 3, 31), summary=summary, description=summary * 2)

    text = render_ical([event], "Календарь; 日历, feed", now=NOW)

    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75, line
    [parsed] = _parse(text)
    assert str(parsed["SUMMARY"]) == summary
    assert str(parsed["DESCRIPTION"]) == summary * 2
    # icalendar leaves the X- name as written, so compare with the escaped, unfolded text.
    assert "X-WR-CALNAME:Календарь\\; 日历\\, feed\r\n" in text.replace("\r\n ", "")


def test_text_values_escape_the_characters_rfc_5545_reserves() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
    assert fold("short") == "short"
    folded = fold("x" * 200)
    assert [len(piece) for piece in folded.split("\r\n")] == [75, 75, 52]
    assert folded.replace("\r\n ", "") == "x" * 200


def test_categories_are_a_comma_separated_list() -> None:
    event = CalendarEvent(uid="u@test", start=date(2027, 1, 1), summary="s", categories=("A, B", "C"))

    [parsed] = _parse(render_ical([event], "n", now=NOW))

    assert [str(c) for c in parsed["CATEGORIES"].cats] == ["A, B", "C"]


def test_registered_sources_are_asked_for_the_window_and_merged_by_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(calendar_module, "_sources", [])
    asked: list[tuple[object, date, date]] = []

    def later(*, user: object, start: date, end: date) -> Iterator[CalendarEvent]:
        asked.append((user, start, end))
        yield CalendarEvent(uid="b", start=date(2027, 2, 1), summary="later")

    def sooner(*, user: object, start: date, end: date) -> Iterator[CalendarEvent]:
        yield CalendarEvent(uid="a", start=date(2027, 1, 1), summary="sooner")

    register_calendar_source(later)
    register_calendar_source(sooner)
    register_calendar_source(later)  # twice is once

    events = calendar_events("someone", date(2026, 12, 1), date(2027, 12, 31))  # type: ignore[arg-type]

    assert [event.summary for event in events] == ["sooner", "later"]
    assert asked == [("someone", date(2026, 12, 1), date(2027, 12, 31))]


def test_two_thousand_events_render_quickly() -> None:
    # A few milliseconds on a developer's machine; the bound is loose so a busy CI runner passes too,
    # yet tight enough to catch per-event template rendering or an iCalendar object model (~15x slower).
    import time

    events = [
        CalendarEvent(
            uid=f"contract-{n}-end@salesdesk.test",
            start=date(2027, 1, 1 + n % 28),
            summary=f"Contract ends: Anzeigenpaket Nummer {n} (Müller & Söhne GmbH, Zweigstelle Nord)",
            description="Account: Müller & Söhne GmbH\nValue: €12,000.00\n" + "Renews automatically. " * 3,
            url=f"https://salesdesk.test/contracts/{n}/",
            categories=("Contract expiry",),
        )
        for n in range(2000)
    ]
    started = time.perf_counter()
    render_ical(events, "Salesdesk", now=NOW)
    assert time.perf_counter() - started < 1.0
