"""vCard 4.0 (RFC 6350) of a contact, written by hand so escaping and folding are exactly as specified.

- text values escape backslash, comma, semicolon and newlines (section 3.4);
- structured values (N, ADR, ORG) escape each component and join them with unescaped semicolons;
- lines are folded at 75 octets with CRLF and one space, never inside a UTF-8 character (section 3.2).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC

from django.utils import timezone
from django.utils.text import slugify

from salesdesk.customers.choices import ContactPointKind, ContactPointLabel
from salesdesk.customers.models import Contact, ContactPoint

CRLF = "\r\n"
MAX_OCTETS = 75
_UID_NAMESPACE = uuid.UUID("6f1e2d0c-5b1a-4c6e-9d3f-2a7b8c9d0e1f")

_EMAIL_TYPES = {ContactPointLabel.WORK: "work", ContactPointLabel.HOME: "home"}
_TEL_TYPES = {
    ContactPointLabel.WORK: "work,voice",
    ContactPointLabel.HOME: "home,voice",
    ContactPointLabel.MOBILE: "cell",
    ContactPointLabel.FAX: "fax",
}
_ADR_TYPES = {
    ContactPointLabel.WORK: "work",
    ContactPointLabel.HOME: "home",
    ContactPointLabel.BILLING: "work",
    ContactPointLabel.SHIPPING: "work",
}


def escape(text: str) -> str:
    """A text value with backslash, comma, semicolon and line breaks escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def structured(*components: str) -> str:
    return ";".join(escape(component) for component in components)


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, continuation lines starting with a space."""
    pieces: list[str] = []
    current = ""
    current_octets = 0
    limit = MAX_OCTETS
    for char in line:
        size = len(char.encode())
        if current_octets + size > limit:
            pieces.append(current)
            current, current_octets = "", 0
            limit = MAX_OCTETS - 1  # the leading space of a continuation line counts
        current += char
        current_octets += size
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def _property(name: str, value: str, *, params: Iterable[tuple[str, str]] = ()) -> str:
    head = name + "".join(f";{key}={val}" for key, val in params if val)
    return fold(f"{head}:{value}")


def _point_lines(point: ContactPoint) -> list[str]:
    label = ContactPointLabel(point.label) if point.label in ContactPointLabel.values else None
    pref = [("PREF", "1")] if point.is_primary else []
    if point.kind == ContactPointKind.EMAIL:
        types = [("TYPE", _EMAIL_TYPES.get(label, "") if label else "")]
        return [_property("EMAIL", escape(point.value), params=[*types, *pref])]
    if point.kind == ContactPointKind.PHONE:
        number = point.normalized or point.value
        types = [("TYPE", _TEL_TYPES.get(label, "") if label else "")]
        return [_property("TEL", f"tel:{number}", params=[("VALUE", "uri"), *types, *pref])]
    types = [("TYPE", _ADR_TYPES.get(label, "") if label else "")]
    if point.street or point.city or point.postal_code:
        parts = ("", "", point.street, point.city, point.region, point.postal_code, point.country)
        params = [*types, *pref, ("LABEL", _quoted(point.value))]
    else:
        # An address typed as one text: it goes in the street component so nothing is lost.
        parts = ("", "", point.value, "", "", "", point.country)
        params = [*types, *pref]
    return [_property("ADR", structured(*parts), params=params)]


def _quoted(text: str) -> str:
    # Parameter values cannot hold double quotes or line breaks (RFC 6868 would encode them as ^' and ^n).
    cleaned = text.replace("^", "^^").replace("\n", "^n").replace('"', "^'")
    return f'"{cleaned}"'


def contact_vcard(contact: Contact) -> str:
    """The contact as a vCard 4.0 text, CRLF line endings, UTF-8 safe folding."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        _property("UID", f"urn:uuid:{uuid.uuid5(_UID_NAMESPACE, f'contact:{contact.pk}')}"),
        _property("FN", escape(contact.full_name)),
        _property("N", structured(contact.last_name, contact.first_name, "", contact.salutation, "")),
    ]
    if contact.account_id:
        lines.append(_property("ORG", structured(contact.account.name)))  # type: ignore[union-attr]
    if contact.title:
        lines.append(_property("TITLE", escape(contact.title)))
    if contact.language:
        lines.append(_property("LANG", escape(contact.language)))
    if contact.birthday:
        lines.append(_property("BDAY", contact.birthday.strftime("%Y%m%d")))
    for point in contact.contact_points.all():
        lines.extend(_point_lines(point))
    if contact.notes:
        lines.append(_property("NOTE", escape(contact.notes)))
    revised = contact.updated_at.astimezone(UTC) if contact.updated_at else timezone.now()
    lines.append(_property("REV", revised.strftime("%Y%m%dT%H%M%SZ")))
    lines.append("END:VCARD")
    return CRLF.join(lines) + CRLF


def vcard_filename(contact: Contact) -> str:
    return f"{slugify(contact.full_name) or 'contact'}-{contact.pk}.vcf"
