"""Canonical forms of e-mail addresses, phone numbers, VAT IDs and web domains.

Matching (imports, duplicates, bounces) compares these forms, never what people typed. Each function
returns the canonical form or raises ValueError with a message a person can act on.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import phonenumbers
from django.utils.translation import gettext as _
from email_validator import EmailNotValidError, validate_email

_VAT_NOISE = re.compile(r"[^0-9A-Za-z]")


def normalize_email(value: str) -> str:
    """Syntax check only (no DNS): the address lower-cased, international domains in ASCII."""
    try:
        checked = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(
            _("%(value)s is not a valid e-mail address: %(reason)s") % {"value": value, "reason": exc}
        ) from exc
    return str(checked.ascii_email or checked.normalized).lower()


def normalize_phone(value: str, *, country: str = "") -> str:
    """The number in E.164 (+4930123456); a national number needs the country it belongs to."""
    try:
        number = phonenumbers.parse(value, (country or "").upper() or None)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(_("%(value)s is not a phone number.") % {"value": value}) from exc
    if not phonenumbers.is_possible_number(number):
        raise ValueError(_("%(value)s has the wrong number of digits for a phone number.") % {"value": value})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """A stored E.164 number written the international way people read it (+49 30 123456)."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def normalize_vat_id(value: str) -> str:
    return _VAT_NOISE.sub("", value).upper()


def domain_of(website_or_email: str) -> str:
    """The registrable host of a web site or an e-mail address, without www (for matching accounts)."""
    text = website_or_email.strip().lower()
    if not text:
        return ""
    if "@" in text and "://" not in text:
        host = text.rsplit("@", 1)[1]
    else:
        host = urlsplit(text if "://" in text else f"http://{text}").hostname or ""
    host = host.rstrip(".")
    return host[4:] if host.startswith("www.") else host


def display_name(first_name: str, last_name: str) -> str:
    """How a person's name is written: family name first without a space in Chinese, Japanese, Korean."""
    first, last = first_name.strip(), last_name.strip()
    if _is_cjk(first + last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)


def _is_cjk(text: str) -> bool:
    return any(
        "\u3040" <= char <= "\u30ff" or "\u3400" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af"
        for char in text
    )
