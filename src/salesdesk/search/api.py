"""Search in the API: the same providers and scoping as the search page."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from salesdesk.api.auth import request_user
from salesdesk.search import selectors

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = Field(max_length=200, description="What to look for: a name, e-mail, phone fragment, VAT ID…")
    kinds: list[str] = Field(
        default_factory=list, description="account, contact, prospect, opportunity; all when omitted."
    )
    limit: int = Field(selectors.DEFAULT_LIMIT, ge=1, le=selectors.MAX_LIMIT, description="Results per kind.")


class SearchResultOut(Schema):
    kind: str
    id: int
    title: str
    subtitle: str
    url: str
    score: int


class SearchGroupOut(Schema):
    kind: str
    label: str
    count: int
    has_more: bool
    results: list[SearchResultOut]


class SearchOut(Schema):
    query: str
    groups: list[SearchGroupOut]


@router.get("/search", response=SearchOut, summary="Search accounts, contacts, prospects and opportunities")
def search(request: HttpRequest, params: Query[SearchParams]) -> dict[str, object]:
    kinds = [kind for value in params.kinds for kind in value.split(",") if kind]
    groups = selectors.search(user=request_user(request), query=params.q, kinds=kinds, limit=params.limit)
    return {
        "query": params.q,
        "groups": [
            {
                "kind": group.kind,
                "label": str(group.label),
                "count": group.count,
                "has_more": group.has_more,
                "results": group.results,
            }
            for group in groups
        ],
    }
