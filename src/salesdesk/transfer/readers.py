"""Reading the files people bring: CSV in the encodings real exports use, and XLSX.

Files are read as a stream of rows, never as one big string, so a million-row file fits in little memory.
Encoding detection: a byte-order mark first, then strict UTF-8 over the whole file, then GB18030 or
cp1252, whichever decodes cleanly and gives plausible text. An explicit encoding always wins.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.utils.translation import gettext as _

_SAMPLE_BYTES = 256 * 1024
_CHUNK = 1024 * 1024
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
XLSX_MAGIC = b"PK\x03\x04"

Cell = str | date | datetime | int | float | None


class FileReadError(ValueError):
    """The file cannot be read at all (wrong format, undecodable, no header row)."""


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list[Cell]]]  # (row number as the person sees it, cells)
    encoding: str = ""
    delimiter: str = ""
    wrapper: io.TextIOWrapper | None = None

    def release(self) -> None:
        """Let go of the byte stream without closing it (a text wrapper closes it when collected)."""
        if self.wrapper is not None:
            self.wrapper.detach()
            self.wrapper = None


def _utf8_clean(stream: IO[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        while chunk := stream.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _gb18030_plausible(sample: bytes) -> bool:
    """Chinese text in GB18030 uses two-byte pairs with a high trail byte, or four-byte sequences.

    European text in cp1252 decoded as GB18030 pairs an accented letter with the plain letter after it:
    a trail byte below 0x80. Many of those means the file is cp1252.
    """
    try:
        text = sample.decode("gb18030")
    except UnicodeDecodeError:
        return False
    good = odd = 0
    for char in text:
        if char < "\x80":
            continue
        encoded = char.encode("gb18030")
        if len(encoded) == 2 and encoded[1] < 0x80:
            odd += 1
        else:
            good += 1
    return good > 0 and odd <= good * 0.2


def detect_encoding(stream: IO[bytes]) -> str:
    """The encoding of a seekable byte stream; the stream is left at its start."""
    stream.seek(0)
    head = stream.read(4)
    stream.seek(0)
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if _utf8_clean(stream):
        stream.seek(0)
        return "utf-8"
    stream.seek(0)
    sample = stream.read(_SAMPLE_BYTES)
    stream.seek(0)
    # Cut at a line end so a multi-byte character is never split.
    if len(sample) == _SAMPLE_BYTES and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]
    if _gb18030_plausible(sample):
        return "gb18030"
    return "cp1252"


def sniff_delimiter(sample: str) -> str:
    """; , or tab: the one that splits the first lines into the same, largest number of fields."""
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1
    for candidate in (";", ",", "\t"):
        counts = [len(row) for row in csv.reader(lines, delimiter=candidate)]
        if counts[0] < 2:
            continue
        consistent = sum(1 for count in counts if count == counts[0])
        score = consistent * 1000 + counts[0]
        if score > best_score:
            best, best_score = candidate, score
    return best


def _csv_rows(reader: Any) -> Iterator[tuple[int, list[Cell]]]:
    number = 1
    for row in reader:
        number += 1
        if not any(cell.strip() for cell in row):
            continue
        yield number, list(row)


def read_csv(stream: IO[bytes], *, encoding: str = "", delimiter: str = "") -> Table:
    shown = encoding
    if not encoding:
        encoding = detect_encoding(stream)
    else:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise FileReadError(_("Unknown encoding: %(name)s.") % {"name": encoding}) from None
        stream.seek(0)
        if encoding.lower().replace("_", "-") in {"utf-8", "utf8"}:
            encoding = "utf-8-sig"  # a BOM is never part of the first header
    shown = shown or encoding
    text = io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline="")
    try:
        sample = text.read(64 * 1024)
        text.seek(0)
        delimiter = delimiter or sniff_delimiter(sample)
        reader = csv.reader(text, delimiter=delimiter)
        headers = next(reader, None)
    except UnicodeDecodeError:
        raise FileReadError(
            _("The file cannot be read as %(encoding)s; choose its encoding.") % {"encoding": shown}
        ) from None
    if not headers or not any(h.strip() for h in headers):
        raise FileReadError(_("The file is empty or has no header row."))
    headers = [h.strip().lstrip("\ufeff") for h in headers]
    return Table(
        headers=headers,
        rows=_guarded(_csv_rows(reader), shown),
        encoding=encoding,
        delimiter=delimiter,
        wrapper=text,
    )


def _guarded(rows: Iterator[tuple[int, list[Cell]]], encoding: str) -> Iterator[tuple[int, list[Cell]]]:
    try:
        yield from rows
    except UnicodeDecodeError:
        raise FileReadError(
            _("The file cannot be read as %(encoding)s; choose its encoding.") % {"encoding": encoding}
        ) from None


def _xlsx_cell(value: object) -> Cell:
    # Rich text, formulas without a cached value, times and decimals are read as their text.
    if value is None or isinstance(value, str | int | float | date):
        return value
    return str(value)


def read_xlsx(stream: IO[bytes]) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise FileReadError(_("The file is not a readable XLSX workbook.")) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    first = next(rows, None)
    if not first or not any(first):
        raise FileReadError(_("The file is empty or has no header row."))
    headers = ["" if cell is None else str(cell).strip() for cell in first]

    def body() -> Iterator[tuple[int, list[Cell]]]:
        for number, row in enumerate(rows, start=2):
            cells = [_xlsx_cell(value) for value in row]
            if not any(cell not in (None, "") for cell in cells):
                continue
            yield number, cells
        workbook.close()

    return Table(headers=headers, rows=body(), encoding="xlsx")


def read_table(stream: IO[bytes], *, encoding: str = "", delimiter: str = "") -> Table:
    """Rows of a CSV or XLSX file (told apart by content, not by name)."""
    stream.seek(0)
    magic = stream.read(4)
    stream.seek(0)
    if magic == XLSX_MAGIC:
        return read_xlsx(stream)
    return read_csv(stream, encoding=encoding, delimiter=delimiter)
