"""Reading bounce messages from an IMAP mailbox (settings from SALESDESK_BOUNCE_IMAP_*).

Unseen messages are fetched; each one whose bounce is understood is applied and flagged \\Seen, so the
next run skips it. Messages that are not understood stay unseen for a person to read in their mail client.
"""

from __future__ import annotations

import contextlib
import imaplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from salesdesk.config.env import env_bool, env_int, env_str
from salesdesk.customers.bounces import BounceFileResult, bounce_messages_apply
from salesdesk.org.models import User


@dataclass(frozen=True, slots=True)
class MailboxSettings:
    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"
    use_ssl: bool = True
    timeout: int = 30


def mailbox_settings() -> MailboxSettings | None:
    """The bounce mailbox from the environment, read when needed; None if no host is configured."""
    host = env_str("SALESDESK_BOUNCE_IMAP_HOST", "")
    if not host:
        return None
    use_ssl = env_bool("SALESDESK_BOUNCE_IMAP_SSL", True)
    return MailboxSettings(
        host=host,
        port=env_int("SALESDESK_BOUNCE_IMAP_PORT", 993 if use_ssl else 143),
        user=env_str("SALESDESK_BOUNCE_IMAP_USER", ""),
        password=env_str("SALESDESK_BOUNCE_IMAP_PASSWORD", ""),
        folder=env_str("SALESDESK_BOUNCE_IMAP_FOLDER", "INBOX") or "INBOX",
        use_ssl=use_ssl,
    )


class MailboxError(Exception):
    pass


def _connect(config: MailboxSettings) -> imaplib.IMAP4:
    if config.use_ssl:
        return imaplib.IMAP4_SSL(
            config.host, config.port, ssl_context=ssl.create_default_context(), timeout=config.timeout
        )
    return imaplib.IMAP4(config.host, config.port, timeout=config.timeout)


def _check(response: tuple[str, Any], what: str) -> Any:
    status, data = response
    if status != "OK":
        raise MailboxError(f"IMAP {what} failed: {data!r}")
    return data


def _message_bytes(data: Any) -> bytes:
    for item in data or []:
        if isinstance(item, tuple) and len(item) >= 2 and isinstance(item[1], bytes):
            return item[1]
    return b""


def mailbox_read_bounces(
    *,
    config: MailboxSettings,
    changed_by: User | None = None,
    on_total: Callable[[int], None] | None = None,
    on_message: Callable[[BounceFileResult], None] | None = None,
) -> list[BounceFileResult]:
    """Apply every unseen bounce in the mailbox folder; flag the understood ones \\Seen."""
    results = []
    client = _connect(config)
    try:
        _check(client.login(config.user, config.password), "LOGIN")
        _check(client.select(_quoted(config.folder)), "SELECT")
        numbers = (_check(client.search(None, "UNSEEN"), "SEARCH")[0] or b"").split()
        if on_total:
            on_total(len(numbers))
        for number in numbers:
            raw = _message_bytes(_check(client.fetch(number.decode(), "(RFC822)"), "FETCH"))
            [result] = bounce_messages_apply(messages=[(f"#{number.decode()}", raw)], changed_by=changed_by)
            if result.understood:
                _check(client.store(number.decode(), "+FLAGS", "(\\Seen)"), "STORE")
            else:
                # Fetching RFC822 sets \Seen on most servers; give the message back to the people.
                client.store(number.decode(), "-FLAGS", "(\\Seen)")
            results.append(result)
            if on_message:
                on_message(result)
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            client.logout()
    return results


def _quoted(folder: str) -> str:
    return folder if folder.isalnum() else '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
