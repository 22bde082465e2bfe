"""Small rules every XLSX the product writes follows."""

from __future__ import annotations

import re

# Excel refuses these in a worksheet's name, and names longer than 31 characters.
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text: str) -> str:
    """A worksheet name Excel accepts, from a translated label ("Soll/Ist" → "Soll-Ist")."""
    return _FORBIDDEN.sub("-", text)[:31]
