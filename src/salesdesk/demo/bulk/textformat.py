"""Values written the way COPY's text format reads them, computed once each where that saves time."""

from __future__ import annotations

from datetime import date

NULL = "\\N"
# Times of day of the generated moments: quarter hours from 08:00 to 17:45 (UTC).
SLOTS = [f"{8 + quarter // 4:02d}:{quarter % 4 * 15:02d}:00+00" for quarter in range(40)]
SLOT_SECONDS = 15 * 60


def money(cents: int) -> str:
    """Cents as a decimal amount with two places (amounts here are never negative)."""
    return f"{cents // 100}.{cents % 100:02d}"


class Days:
    """ISO texts of days by ordinal: formatting millions of dates is the slow part of a load."""

    def __init__(self, first: date, last: date) -> None:
        start, stop = first.toordinal(), last.toordinal()
        self.text = {ordinal: date.fromordinal(ordinal).isoformat() for ordinal in range(start, stop + 1)}

    def moment(self, ordinal: int, slot: int) -> str:
        return f"{self.text[ordinal]} {SLOTS[slot]}"
