"""Search results cost as many queries for 50 matches as for 1.

| List                 | Kind | Where tested                                                 |
|----------------------|------|--------------------------------------------------------------|
| search() selector    | —    | test_search.py (1 vs 50 results)                             |
| /search/             | page | here (20 results a kind on the page)                         |
| /api/v1/search       | API  | here (limit=50)                                              |
"""

from __future__ import annotations

import pytest

from salesdesk.conftest import Personas
from salesdesk.customers.services import account_create, contact_create
from salesdesk.testing.query_counts import RowMaker, assert_queries_constant, signed_in, with_token

pytestmark = pytest.mark.django_db


def _add_match(personas: Personas) -> RowMaker:
    """An account named Nordwind, owned by the rep or a colleague (shared), with a contact of its own."""

    def add(index: int) -> None:
        owner = personas.rep if index % 2 == 0 else personas.other_rep
        account = account_create(created_by=owner, name=f"Nordwind {index:02d} AG", is_shared=True)
        contact_create(created_by=owner, full_name=f"Anna Becker {index:02d}", account=account)

    return add


def test_the_search_page(personas: Personas) -> None:
    assert_queries_constant(
        signed_in(personas.rep),
        "/search/?q=Nordwind",
        add_row=_add_match(personas),
        row_text=lambda index: f"Nordwind {index:02d} AG",
        expect_rows=20,  # the page shows 20 results of a kind and links to the rest
    )


def test_the_search_api(personas: Personas) -> None:
    assert_queries_constant(
        with_token(personas.rep),
        "/api/v1/search?q=Nordwind&kinds=account&limit=50",
        add_row=_add_match(personas),
        count_rows=lambda response: len(response.json()["groups"][0]["results"]),
    )
