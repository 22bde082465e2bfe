"""Reading bounce messages: RFC 3464 delivery-status notifications, and the few others that say clearly
which address failed.

Parsing is pure (bytes in, a `BounceReport` out); `bounce_messages_apply` is the service that marks the
contact points. Only a permanent failure (Action: failed with a 5.x.x status) is a bounce: a delay or a
4.x.x temporary failure says nothing about the address yet.
"""

from __future__ import annotations

import email
import email.header
import email.policy
import re
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from django.utils.translation import gettext as _

from salesdesk.customers.hygiene import BounceOutcome, email_mark_bounced
from salesdesk.customers.normalize import normalize_email
from salesdesk.org.models import User

_STATUS = re.compile(r"\b([245])\.\d{1,3}\.\d{1,3}\b")
_ADDRESS = re.compile(r"<?([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>?")
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery status notification \(failure\)|mail delivery (failed|failure)|"
    r"returned mail|failure notice|delivery failure|nicht zustellbar|non recapitabile",
    re.IGNORECASE,
)
# Lines that, in the bounce text of common mail servers, introduce or carry the failed address.
_FAILED_INTRO = re.compile(
    r"(following address(es)? failed|could not be delivered to|delivery to the following recipient"
    r"(s)? failed( permanently)?|wasn't delivered to|was not delivered to|"
    r"deliver your message to the following address)",
    re.IGNORECASE,
)
_SMTP_PERMANENT = re.compile(r"\b5\d\d\b")


@dataclass(frozen=True, slots=True)
class BounceRecipient:
    email: str
    action: str
    status: str
    diagnostic: str

    @property
    def is_hard(self) -> bool:
        return self.action == "failed" and self.status.startswith("5.")

    @property
    def reason(self) -> str:
        return " ".join(part for part in (self.status, self.diagnostic) if part)[:500]


@dataclass(slots=True)
class BounceReport:
    name: str
    subject: str = ""
    understood: bool = False
    recipients: list[BounceRecipient] = field(default_factory=list)
    problem: str = ""

    @property
    def hard_bounces(self) -> list[BounceRecipient]:
        return [recipient for recipient in self.recipients if recipient.is_hard]


def parse_bounce(raw: bytes, *, name: str = "") -> BounceReport:
    """What a bounce message says about which recipients failed, and how."""
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception:  # a broken file is reported, never raised
        return BounceReport(name=name, problem=_("This is not an e-mail message."))
    report = BounceReport(name=name, subject=_header(message, "Subject"))
    status_part = _delivery_status_part(message)
    if status_part is not None:
        report.recipients = _recipients_from_status(status_part)
        report.understood = bool(report.recipients)
        if not report.understood:
            report.problem = _("The delivery report names no recipient.")
        return report
    recipient = _recipient_from_plain_bounce(message)
    if recipient is None:
        report.problem = _("Not understood: this is no delivery report and names no failed address clearly.")
        return report
    report.recipients = [recipient]
    report.understood = True
    return report


def _header(message: Message, name: str) -> str:
    value = message.get(name, "")
    return str(email.header.make_header(email.header.decode_header(str(value)))) if value else ""


def _delivery_status_part(message: Message) -> Message | None:
    for part in message.walk():
        if part.get_content_type() == "message/delivery-status":
            return part
    return None


def _status_blocks(part: Message) -> list[Message]:
    """The field blocks of a message/delivery-status part: per-message first, then one per recipient."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return [block for block in payload if isinstance(block, Message)]
    text = payload if isinstance(payload, str) else ""
    blocks = []
    for chunk in re.split(r"\r?\n\s*\r?\n", text.strip()):
        if chunk.strip():
            blocks.append(email.message_from_string(chunk.strip() + "\n\n", policy=email.policy.compat32))
    return blocks


def _recipients_from_status(part: Message) -> list[BounceRecipient]:
    recipients = []
    for block in _status_blocks(part):
        address = _address_field(block.get("Final-Recipient")) or _address_field(
            block.get("Original-Recipient")
        )
        if not address:
            continue
        status_match = _STATUS.search(str(block.get("Status", "")))
        diagnostic = " ".join(str(block.get("Diagnostic-Code", "")).split())
        if ";" in diagnostic:
            diagnostic = diagnostic.split(";", 1)[1].strip()
        recipients.append(
            BounceRecipient(
                email=address,
                action=str(block.get("Action", "")).strip().lower(),
                status=status_match.group(0) if status_match else "",
                diagnostic=diagnostic[:400],
            )
        )
    return recipients


def _address_field(value: Any) -> str:
    """`rfc822; someone@example.com` → the normalized address (empty if it is not one)."""
    if not value:
        return ""
    text = str(value)
    address = text.split(";", 1)[1] if ";" in text else text
    try:
        return normalize_email(address.strip().strip("<>"))
    except ValueError:
        return ""


def _body_text(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload.decode(part.get_content_charset() or "utf-8", errors="replace")
    return ""


def _recipient_from_plain_bounce(message: Message) -> BounceRecipient | None:
    """A bounce without a report part counts only if it looks like one and names exactly one address."""
    failed_header = str(message.get("X-Failed-Recipients", "")).strip()
    body = _body_text(message)
    candidates: set[str] = set()
    if failed_header:
        candidates = {_address_field(item) for item in failed_header.split(",")} - {""}
    elif _BOUNCE_SUBJECT.search(_header(message, "Subject")):
        lines = body.splitlines()
        for index, line in enumerate(lines):
            if _FAILED_INTRO.search(line):
                # The address is on the same line or among the next few non-empty lines.
                window = [line, *[text for text in lines[index + 1 : index + 6] if text.strip()][:3]]
                for text in window:
                    candidates |= {_address_field(found) for found in _ADDRESS.findall(text)} - {""}
                break
    if len(candidates) != 1:
        return None
    address = candidates.pop()
    diagnostic = next(
        (" ".join(line.split()) for line in body.splitlines() if _SMTP_PERMANENT.search(line)), ""
    )
    if not failed_header and not diagnostic:
        return None  # no permanent-failure code: it may be a delay notice
    status_match = _STATUS.search(diagnostic)
    return BounceRecipient(
        email=address,
        action="failed",
        status=status_match.group(0) if status_match else "5.0.0",
        diagnostic=diagnostic[:400],
    )


@dataclass(slots=True)
class BounceFileResult:
    name: str
    understood: bool
    problem: str = ""
    outcomes: list[BounceOutcome] = field(default_factory=list)
    ignored: list[BounceRecipient] = field(default_factory=list)  # delays and temporary failures


def bounce_messages_apply(
    *, messages: list[tuple[str, bytes]], changed_by: User | None
) -> list[BounceFileResult]:
    """Parse each (name, raw message) and mark every contact point of each hard-bounced address bounced.

    Each address is marked in its own transaction (through `email_mark_bounced`), so one bad file never
    undoes the others; marking an address that is bounced already changes nothing.
    """
    results = []
    for name, raw in messages:
        report = parse_bounce(raw, name=name)
        result = BounceFileResult(name=name, understood=report.understood, problem=report.problem)
        for recipient in report.recipients:
            if recipient.is_hard:
                result.outcomes.append(
                    email_mark_bounced(email=recipient.email, reason=recipient.reason, changed_by=changed_by)
                )
            else:
                result.ignored.append(recipient)
        results.append(result)
    return results
