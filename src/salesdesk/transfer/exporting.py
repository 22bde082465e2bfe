"""Writing exports: CSV (UTF-8 with a BOM, so Excel opens it right; ; or ,) and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

CSV_DELIMITERS = (";", ",")
BOM = "\ufeff"


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return value


def csv_chunks(
    headers: list[str], rows: Iterable[tuple[Any, ...]], *, delimiter: str = ";"
) -> Iterator[bytes]:
    """The CSV file in pieces, for streaming; the first piece starts with the BOM."""
    writer = csv.writer(_Echo(), delimiter=delimiter, lineterminator="\r\n")
    yield (BOM + writer.writerow(headers)).encode()
    batch: list[str] = []
    for row in rows:
        batch.append(writer.writerow([_cell(value) for value in row]))
        if len(batch) >= 1000:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


def write_csv(
    target: IO[bytes], headers: list[str], rows: Iterable[tuple[Any, ...]], *, delimiter: str = ";"
) -> None:
    for chunk in csv_chunks(headers, rows, delimiter=delimiter):
        target.write(chunk)


def write_xlsx(
    target: IO[bytes], headers: list[str], rows: Iterable[tuple[Any, ...]], *, title: str = ""
) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or "Export")[:31])
    sheet.append(headers)
    for row in rows:
        sheet.append([value if isinstance(value, (date, Decimal)) else _cell(value) for value in row])
    workbook.save(target)


def xlsx_bytes(headers: list[str], rows: Iterable[tuple[Any, ...]], *, title: str = "") -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, title=title)
    return buffer.getvalue()
