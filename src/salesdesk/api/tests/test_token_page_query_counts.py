"""The personal token page costs as many queries for 50 tokens as for 1.

The API list endpoints of this app (/api/v1/tasks, /users, /teams) are covered in test_query_counts.py.
"""

from __future__ import annotations

import pytest

from salesdesk.api.services import api_token_create
from salesdesk.conftest import Personas
from salesdesk.testing.query_counts import assert_queries_constant, signed_in

pytestmark = pytest.mark.django_db


def test_the_token_page(personas: Personas) -> None:
    assert_queries_constant(
        signed_in(personas.rep),
        "/profile/tokens/",
        add_row=lambda index: api_token_create(user=personas.rep, name=f"Token {index:02d}"),
        row_text=lambda index: f"<td>Token {index:02d}</td>",
    )
