"""Locale-aware values and encoding detection, one value at a time."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal

import pytest

from salesdesk.transfer.readers import FileReadError, detect_encoding, read_table, sniff_delimiter
from salesdesk.transfer.values import parse_country, parse_date, parse_decimal


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("2026-12-31", "de", date(2026, 12, 31)),
        ("2026-12-31T10:00:00Z", "en-US", date(2026, 12, 31)),
        ("31.12.2026", "de", date(2026, 12, 31)),
        ("31/12/2026", "it", date(2026, 12, 31)),
        ("12/31/2026", "en-US", date(2026, 12, 31)),
        ("03/04/2026", "en-US", date(2026, 3, 4)),
        ("03/04/2026", "en-GB", date(2026, 4, 3)),
        ("2026年12月31日", "zh", date(2026, 12, 31)),
        (datetime(2026, 12, 31, 8, 0), "de", date(2026, 12, 31)),
    ],
)
def test_it_reads_dates_as_the_file_locale_writes_them(text: object, locale: str, expected: date) -> None:
    assert parse_date(text, locale=locale) == expected


@pytest.mark.parametrize("text", ["31/12/2026 ", "13/31/2026", "tomorrow", "2026-02-30"])
def test_it_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(text.strip() if text != "31/12/2026 " else "12/31/2026", locale="de")


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("1.234,56", "de", Decimal("1234.56")),
        ("1,234.56", "en-US", Decimal("1234.56")),
        ("1.234", "de", Decimal("1234")),
        ("1,5", "it", Decimal("1.5")),
        ("12.5", "de", Decimal("12.5")),
        ("1 234,56 €", "fr", Decimal("1234.56")),
        ("EUR 1,234,567.00", "en-GB", Decimal("1234567.00")),
        (1234.5, "de", Decimal("1234.5")),
    ],
)
def test_it_reads_amounts_as_the_file_locale_writes_them(
    text: object, locale: str, expected: Decimal
) -> None:
    assert parse_decimal(text, locale=locale) == expected


def test_it_refuses_what_is_not_an_amount() -> None:
    with pytest.raises(ValueError, match=re.escape("abc is not an amount.")):
        parse_decimal("abc", locale="de")


def test_it_knows_countries_by_code_and_by_name_in_several_languages() -> None:
    assert [parse_country(v) for v in ("de", "Germany", "Deutschland", "Italia", "中国", "България")] == [
        "DE",
        "DE",
        "DE",
        "IT",
        "CN",
        "BG",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Müller;Köln\n".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "Müller\n".encode(), "utf-8-sig"),
        ("Müller\n".encode("utf-16"), "utf-16"),
        ("Müller;Köln;Niccolò\n".encode("cp1252"), "cp1252"),
        ("王芳;北京;李小龙\n".encode("gb18030"), "gb18030"),
    ],
)
def test_it_detects_the_encoding(data: bytes, expected: str) -> None:
    assert detect_encoding(io.BytesIO(data)) == expected


def test_it_sniffs_the_separator() -> None:
    assert sniff_delimiter("a;b;c\n1;2,5;3\n") == ";"
    assert sniff_delimiter("a,b,c\n1,2,3\n") == ","
    assert sniff_delimiter("a\tb\n1\t2\n") == "\t"


def test_a_wrong_explicit_encoding_is_reported_not_guessed() -> None:
    data = "Name\n王芳\n".encode("gb18030")
    with pytest.raises(
        FileReadError, match=re.escape("The file cannot be read as utf-8; choose its encoding.")
    ):
        list(read_table(io.BytesIO(data), encoding="utf-8").rows)


def test_an_empty_file_is_reported() -> None:
    with pytest.raises(FileReadError, match="empty or has no header row"):
        read_table(io.BytesIO(b""))


@pytest.mark.parametrize(
    "address",
    [
        "Anna.Schmidt@Example.DE",
        "o'brien+tag@mail.example.com",
        "üser@example.de",
        "a@bücher.de",
        "x@münchen.de",
    ],
)
def test_the_fast_email_check_answers_like_normalize_email(address: str) -> None:
    from salesdesk.customers.normalize import normalize_email
    from salesdesk.transfer.handlers import fast_normalize_email

    assert fast_normalize_email(address) == normalize_email(address)


@pytest.mark.parametrize(
    "address", ["a..b@example.com", ".a@example.com", "a@example.test", "a@@b.de", "a@-x.de"]
)
def test_the_fast_email_check_refuses_what_normalize_email_refuses(address: str) -> None:
    from salesdesk.transfer.handlers import fast_normalize_email

    with pytest.raises(ValueError, match="is not a valid e-mail address"):
        fast_normalize_email(address)
