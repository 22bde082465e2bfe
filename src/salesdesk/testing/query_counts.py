"""One check for every list page and API list: the query count does not grow with the rows shown.

    assert_queries_constant(client, url, add_row=make_account, row_text=lambda i: f"Account {i:02d}<")

`add_row(0)` is called first and the page is measured; then `add_row(1)` … `add_row(49)` and the page is
measured again. Both counts must be equal. Because an empty or forbidden page would pass that comparison
too, the check also demands a 200 and that the rows really are on the page: for HTML, `row_text(i)`
must appear for row 0 on the first request and for `expect_rows` different rows on the second; for JSON,
the list under `rows_key` (or the body itself when it is a list) must have that many items.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from salesdesk.org.models import User

ROWS = 50
# For a `row_text` whose text is only known once the row is made: what a row not made yet looks for.
NOT_ON_ANY_PAGE = "\x00"

RowMaker = Callable[[int], object]
RowText = Callable[[int], str]
RowCounter = Callable[[Any], int]


def signed_in(user: User) -> Client:
    """A browser-like client with `user` signed in."""
    client = Client()
    client.force_login(user)
    return client


def with_token(user: User) -> Client:
    """An API client sending a fresh personal token of `user` with every request."""
    from salesdesk.api.services import api_token_create

    _token, plaintext = api_token_create(user=user, name="query counts")
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


def _measure(client: Client, url: str) -> tuple[Any, list[str]]:
    # Measured cold: figures remembered from the previous request (core.figure_cache) would otherwise
    # make one reading cheaper than the other for reasons that have nothing to do with the row count.
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    return response, [query["sql"] for query in captured.captured_queries]


def _rows_shown(
    response: HttpResponse, *, row_text: RowText | None, rows_key: str | None, count_rows: RowCounter | None
) -> int:
    if count_rows is not None:
        return count_rows(response)
    if row_text is not None:
        html = response.content.decode()
        return sum(1 for index in range(ROWS) if row_text(index) in html)
    body = response.json()  # type: ignore[attr-defined]
    items = body if rows_key is None else body[rows_key]
    return len(items)


def assert_queries_constant(
    client: Client,
    url: str,
    *,
    add_row: RowMaker,
    row_text: RowText | None = None,
    rows_key: str | None = "items",
    count_rows: RowCounter | None = None,
    expect_rows: int = ROWS,
) -> tuple[int, int]:
    """Assert GET `url` costs as many queries with 1 row as with 50; return both counts.

    Give `row_text` for HTML pages (a text unique to row i, e.g. its zero-padded name and the closing
    `<`, so "Row 1" is not found inside "Row 10"); leave it out for JSON. `expect_rows` is how many rows
    the second request must show: lower it to the page size where a page holds fewer than 50. Reports
    that sum rows up rather than list them give `count_rows`, which reads how many rows a response counted.
    """
    add_row(0)
    client.get(url)  # the first request records a token's use and fills per-process caches
    first, one = _measure(client, url)
    for index in range(1, ROWS):
        add_row(index)
    second, fifty = _measure(client, url)

    shown_first = _rows_shown(first, row_text=row_text, rows_key=rows_key, count_rows=count_rows)
    shown_second = _rows_shown(second, row_text=row_text, rows_key=rows_key, count_rows=count_rows)
    assert shown_first >= 1, f"GET {url} showed no row with 1 row made"
    assert shown_second == expect_rows, f"GET {url} showed {shown_second} rows, expected {expect_rows}"
    assert len(fifty) == len(one), (
        f"GET {url} made {len(one)} queries for 1 row but {len(fifty)} for {ROWS} rows:\n" + "\n".join(fifty)
    )
    return len(one), len(fifty)
