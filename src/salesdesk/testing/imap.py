"""A small real IMAP4rev1 server on 127.0.0.1 for tests: one mailbox folder, plain TCP.

It speaks enough of RFC 3501 for imaplib: CAPABILITY, LOGIN, SELECT/EXAMINE, SEARCH (ALL, UNSEEN, SEEN),
FETCH (RFC822, FLAGS), STORE (+FLAGS, -FLAGS, FLAGS), NOOP, CLOSE and LOGOUT, on sequence numbers.
Fetching RFC822 sets \\Seen, as real servers do.

    with ImapTestServer(user="bounces", password="secret") as server:
        server.add_message(raw_bytes)
        ... connect to server.host, server.port ...
        assert server.messages[0].flags == {"\\Seen"}
"""

from __future__ import annotations

import re
import socketserver
import threading
from dataclasses import dataclass, field
from types import TracebackType

_TOKEN = re.compile(rb'"((?:[^"\\]|\\.)*)"|(\([^)]*\))|(\S+)')


@dataclass
class StoredMessage:
    data: bytes
    flags: set[str] = field(default_factory=set)


@dataclass
class ImapTestServer:
    user: str = "bounces"
    password: str = "secret"
    folder: str = "INBOX"
    messages: list[StoredMessage] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)  # every command received, for assertions
    host: str = "127.0.0.1"
    port: int = 0
    _server: socketserver.ThreadingTCPServer | None = None
    _thread: threading.Thread | None = None

    def add_message(self, data: bytes, *, seen: bool = False) -> StoredMessage:
        message = StoredMessage(data=data, flags={"\\Seen"} if seen else set())
        self.messages.append(message)
        return message

    def start(self) -> ImapTestServer:
        owner = self

        class Handler(_ImapHandler):
            server_state = owner

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer((self.host, 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> ImapTestServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _tokens(text: bytes) -> list[str]:
    found = []
    for quoted, group, atom in _TOKEN.findall(text):
        if quoted:
            found.append(re.sub(rb"\\(.)", rb"\1", quoted).decode())
        else:
            found.append((group or atom).decode())
    return found


def _sequence(spec: str, count: int) -> list[int]:
    numbers: list[int] = []
    for part in spec.split(","):
        if ":" in part:
            low, high = part.split(":", 1)
            start = count if low == "*" else int(low)
            end = count if high == "*" else int(high)
            numbers.extend(range(min(start, end), max(start, end) + 1))
        else:
            numbers.append(count if part == "*" else int(part))
    return [number for number in numbers if 1 <= number <= count]


class _ImapHandler(socketserver.StreamRequestHandler):
    server_state: ImapTestServer

    def handle(self) -> None:
        self.authenticated = False
        self.selected = False
        self._send(b"* OK [CAPABILITY IMAP4rev1] Salesdesk test IMAP server ready")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            line = line.rstrip(b"\r\n")
            parts = line.split(b" ", 2)
            if len(parts) < 2:
                self._send(b"* BAD Missing command")
                continue
            tag, command = parts[0], parts[1].decode().upper()
            args = _tokens(parts[2]) if len(parts) > 2 else []
            self.server_state.commands.append(" ".join([command, *args]))
            if command == "UID":
                self._send(tag + b" BAD UID commands are not supported here")
                continue
            handler = getattr(self, f"_do_{command.lower()}", None)
            if handler is None:
                self._send(tag + b" BAD Unknown command")
                continue
            if command not in {"CAPABILITY", "LOGIN", "LOGOUT", "NOOP"} and not self.authenticated:
                self._send(tag + b" NO Log in first")
                continue
            if handler(tag, args) is False:
                return

    def _send(self, data: bytes) -> None:
        self.wfile.write(data + b"\r\n")
        self.wfile.flush()

    def _do_capability(self, tag: bytes, args: list[str]) -> None:
        self._send(b"* CAPABILITY IMAP4rev1")
        self._send(tag + b" OK CAPABILITY completed")

    def _do_noop(self, tag: bytes, args: list[str]) -> None:
        self._send(tag + b" OK NOOP completed")

    def _do_login(self, tag: bytes, args: list[str]) -> None:
        state = self.server_state
        if len(args) == 2 and args[0] == state.user and args[1] == state.password:
            self.authenticated = True
            self._send(tag + b" OK LOGIN completed")
        else:
            self._send(tag + b" NO [AUTHENTICATIONFAILED] Invalid credentials")

    def _do_select(self, tag: bytes, args: list[str]) -> None:
        state = self.server_state
        if not args or args[0].upper() != state.folder.upper():
            self._send(tag + b" NO [NONEXISTENT] No such mailbox")
            return
        self.selected = True
        self._send(b"* %d EXISTS" % len(state.messages))
        self._send(b"* 0 RECENT")
        self._send(b"* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)")
        self._send(tag + b" OK [READ-WRITE] SELECT completed")

    _do_examine = _do_select

    def _do_search(self, tag: bytes, args: list[str]) -> None:
        criteria = [arg.upper() for arg in args if arg.upper() != "CHARSET"]
        found = []
        for number, message in enumerate(self.server_state.messages, start=1):
            seen = "\\Seen" in message.flags
            if ("UNSEEN" in criteria and seen) or ("SEEN" in criteria and not seen):
                continue
            found.append(str(number))
        self._send(("* SEARCH " + " ".join(found)).rstrip().encode())
        self._send(tag + b" OK SEARCH completed")

    def _flags(self, message: StoredMessage) -> bytes:
        return ("(" + " ".join(sorted(message.flags)) + ")").encode()

    def _do_fetch(self, tag: bytes, args: list[str]) -> None:
        if len(args) < 2:
            self._send(tag + b" BAD FETCH needs a sequence and items")
            return
        items = " ".join(args[1:]).strip("()").upper().split()
        messages = self.server_state.messages
        for number in _sequence(args[0], len(messages)):
            message = messages[number - 1]
            if "RFC822" in items or "BODY[]" in items:
                message.flags.add("\\Seen")
                self.wfile.write(b"* %d FETCH (RFC822 {%d}\r\n" % (number, len(message.data)))
                self.wfile.write(message.data)
                self._send(b" FLAGS " + self._flags(message) + b")")
            else:
                self._send(b"* %d FETCH (FLAGS %s)" % (number, self._flags(message)))
        self._send(tag + b" OK FETCH completed")

    def _do_store(self, tag: bytes, args: list[str]) -> None:
        if len(args) < 3:
            self._send(tag + b" BAD STORE needs a sequence, an operation and flags")
            return
        operation = args[1].upper()
        flags = set(args[2].strip("()").split())
        messages = self.server_state.messages
        for number in _sequence(args[0], len(messages)):
            message = messages[number - 1]
            if operation.startswith("+FLAGS"):
                message.flags |= flags
            elif operation.startswith("-FLAGS"):
                message.flags -= flags
            else:
                message.flags = set(flags)
            if not operation.endswith(".SILENT"):
                self._send(b"* %d FETCH (FLAGS %s)" % (number, self._flags(message)))
        self._send(tag + b" OK STORE completed")

    def _do_close(self, tag: bytes, args: list[str]) -> None:
        self.selected = False
        self._send(tag + b" OK CLOSE completed")

    def _do_logout(self, tag: bytes, args: list[str]) -> bool:
        self._send(b"* BYE Logging out")
        self._send(tag + b" OK LOGOUT completed")
        return False
