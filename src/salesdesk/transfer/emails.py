"""E-mail addresses for imports: email-validator's result, with each domain checked once per process.

For an address `local@domain` whose local part is an ASCII dot-atom and whose domain is ASCII host
characters, email-validator (syntax only, the options `normalize_email` uses) checks the local part with
its dot-atom pattern, the domain on its own, then three lengths; the normalised form is
`local@ascii_domain`. Big files repeat a few domains, so the domain's verdict is kept and the local part
and lengths are checked here, the same way. Every other address, and every one that fails, goes through
`normalize_email`: results and messages are always email-validator's (test_import_fast_paths.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from email_validator import validate_email
from email_validator.rfc_constants import EMAIL_MAX_LENGTH

from salesdesk.customers.normalize import normalize_email

# email-validator's DOT_ATOM_TEXT (RFC 5322 atext, dot-separated), ASCII only.
_DOT_ATOM = re.compile(r"[A-Za-z0-9_!#$%&'*+/=?^`{|}~-]+(?:\.[A-Za-z0-9_!#$%&'*+/=?^`{|}~-]+)*\Z")
# Letters, digits, dots and hyphens: nothing email-validator's address splitting treats specially.
_HOST_CHARS = re.compile(r"[A-Za-z0-9.-]+\Z")


@lru_cache(maxsize=65_536)
def _domain_forms(domain: str) -> tuple[str, int] | None:
    """(the domain in IDNA ASCII, the UTF-8 length of its normalised form), or None if it is invalid."""
    try:
        checked = validate_email(f"a@{domain}", check_deliverability=False)
    except ValueError:  # EmailNotValidError: the full check gives the message for the whole address
        return None
    return checked.ascii_domain, len(checked.domain.encode())


def fast_normalize_email(value: str) -> str:
    """normalize_email (same form, same ValueError), fast for the plain addresses files mostly hold."""
    text = value.strip()
    local, at, domain = text.rpartition("@")
    if at and text.isascii() and _DOT_ATOM.match(local) and _HOST_CHARS.match(domain):
        forms = _domain_forms(domain)
        if forms is not None:
            ascii_domain, normalized_domain_bytes = forms
            head = len(local) + 1
            # email-validator's length checks: as written, normalised, and with the IDNA ASCII domain.
            if max(len(domain), normalized_domain_bytes, len(ascii_domain)) + head <= EMAIL_MAX_LENGTH:
                return f"{local}@{ascii_domain}".lower()
    return normalize_email(value)
