"""Values as a file's locale writes them: dates, decimal amounts, countries.

Each parser returns the value or raises ValueError with a message naming what was wrong.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The locales a file may be written in: they decide 12/31 vs 31/12 and 1.234,56 vs 1,234.56.
FILE_LOCALES = [
    ("en-US", gettext_lazy("English (United States): 12/31/2026, 1,234.56")),
    ("en-GB", gettext_lazy("English (United Kingdom): 31/12/2026, 1,234.56")),
    ("de", gettext_lazy("German: 31.12.2026, 1.234,56")),
    ("it", gettext_lazy("Italian: 31/12/2026, 1.234,56")),
    ("fr", gettext_lazy("French: 31/12/2026, 1 234,56")),
    ("bg", gettext_lazy("Bulgarian: 31.12.2026, 1 234,56")),
    ("zh", gettext_lazy("Chinese: 2026-12-31, 1,234.56")),
]
_COMMA_DECIMAL = {"de", "it", "fr", "bg", "es", "nl", "pt", "ru"}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+Z?)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: [0-9:]+(?: ?[AP]M)?)?$", re.IGNORECASE)
_CJK_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_MONEY_NOISE = re.compile(r"[\s\u00a0\u202f'€$£¥]|EUR|USD|CNY|RMB|BGN|GBP|CHF")


def language_of(locale: str) -> str:
    return (locale or "en-US").split("-")[0].lower()


def parse_date(value: object, *, locale: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if match := _ISO.match(text) or _CJK_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DOTTED.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _SLASHED.match(text):
        first, second, year = (int(part) for part in match.groups())
        month, day = (first, second) if locale == "en-US" else (second, first)
    else:
        raise ValueError(_("%(value)s is not a date.") % {"value": text})
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(_("%(value)s is not a date.") % {"value": text}) from None


def parse_decimal(value: object, *, locale: str) -> Decimal:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    text = _MONEY_NOISE.sub("", str(value).strip())
    if "," in text and "." in text:
        decimal_mark = "," if text.rindex(",") > text.rindex(".") else "."
    elif "," in text:
        decimal_mark = "," if language_of(locale) in _COMMA_DECIMAL else "."
    else:
        decimal_mark = "." if "." in text and language_of(locale) not in _COMMA_DECIMAL else ","
        if "." in text and decimal_mark == "," and not re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
            decimal_mark = "."  # "12.5" is a decimal even in a German file
    thousands = "." if decimal_mark == "," else ","
    plain = text.replace(thousands, "").replace(decimal_mark, ".")
    try:
        number = Decimal(plain)
    except InvalidOperation:
        raise ValueError(_("%(value)s is not an amount.") % {"value": value}) from None
    if not number.is_finite():
        raise ValueError(_("%(value)s is not an amount.") % {"value": value})
    return number


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    from babel import Locale

    names: dict[str, str] = {}
    for language in ("en", "de", "it", "fr", "bg", "zh", "ru"):
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(name.casefold(), code)
    names.update({"usa": "US", "uk": "GB", "england": "GB", "prc": "CN"})
    return names


def parse_country(value: object) -> str:
    """An ISO 3166 code from a code or a country name in a common language."""
    text = str(value).strip()
    if len(text) == 2 and text.isascii() and text.isalpha():
        return text.upper()
    code = _country_names().get(text.casefold())
    if code is None:
        raise ValueError(_("%(value)s is not a country we know.") % {"value": text})
    return code
