"""A real SMTP server for tests, so mail goes through Django's SMTP backend and the wire like in production.

The server listens on 127.0.0.1 on a free port and keeps every message it accepts, parsed with the modern
`email` policy so tests read headers decoded (`message["Subject"]`) and bodies by type (`plain_body`).
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


@dataclass(frozen=True)
class ReceivedMail:
    """One message as the server received it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def plain_body(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None, "the message has no text/plain part"
        return _unix_newlines(str(part.get_content()))

    @property
    def html_body(self) -> str | None:
        part = self.message.get_body(preferencelist=("html",))
        return None if part is None else _unix_newlines(str(part.get_content()))


def _unix_newlines(text: str) -> str:
    # SMTP carries lines ending in CRLF; tests compare with the "\n" the templates were written with.
    return text.replace("\r\n", "\n")


class _CollectingHandler:
    def __init__(self) -> None:
        self.messages: list[ReceivedMail] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        received = ReceivedMail(
            mail_from=str(envelope.mail_from), rcpt_tos=tuple(envelope.rcpt_tos), message=message
        )
        with self.lock:
            self.messages.append(received)
        return "250 Message accepted for delivery"


def free_port(host: str = HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class SmtpTestServer:
    """An aiosmtpd server in a background thread; use it as a context manager."""

    def __init__(self, host: str = HOST, port: int | None = None) -> None:
        self.host = host
        self.port = port or free_port(host)
        self._handler = _CollectingHandler()
        self._controller = Controller(self._handler, hostname=host, port=self.port, ready_timeout=10)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> SmtpTestServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def messages(self) -> list[ReceivedMail]:
        """A snapshot of what arrived so far, oldest first. The SMTP backend waits for the server's reply,
        so a message sent by the code under test is here as soon as `send()` has returned."""
        with self._handler.lock:
            return list(self._handler.messages)

    def clear(self) -> None:
        with self._handler.lock:
            self._handler.messages.clear()

    def mailer_settings(self) -> dict[str, dict[str, Any]]:
        """A MAILERS setting that sends through this server."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": self.host, "port": self.port},
            }
        }
