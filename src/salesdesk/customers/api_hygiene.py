"""API endpoints of the customers app: hygiene (broken contact details, marks, fixes) and duplicates.

The same services and selectors as the pages: the queue and the duplicates are coordinators' and
administrators' work, so for anyone else the lists are empty and single records answer 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from salesdesk.api.auth import request_user
from salesdesk.api.pagination import Page, PageParams, paginate
from salesdesk.customers import dedupe, hygiene, merge
from salesdesk.customers.choices import ContactPointKind, DuplicateStatus, HygieneStatus
from salesdesk.customers.models import Account, Contact, ContactPoint, DuplicatePair

router = Router(tags=["customers"])


class BrokenContactPointOut(Schema):
    id: int
    kind: ContactPointKind
    value: str
    normalized: str
    status: HygieneStatus
    status_reason: str
    status_changed_at: datetime | None
    account_id: int | None
    contact_id: int | None


class ContactPointStatusOut(Schema):
    id: int
    value: str
    normalized: str
    status: HygieneStatus
    status_reason: str
    status_changed_at: datetime | None
    status_changed_by_id: int | None


class MarkIn(Schema):
    mark: Literal["mail_returned", "not_in_service", "bounced", "valid"] = Field(
        description="mail_returned (postal), not_in_service (phone), bounced (e-mail), or valid."
    )


class FixIn(Schema):
    value: str = Field(max_length=500, description="The corrected e-mail, phone number or address.")


class DuplicatePairOut(Schema):
    id: int
    entity: str
    first_id: int
    second_id: int
    score: int
    reasons: list[dict[str, Any]]
    status: DuplicateStatus


class DuplicateFilters(PageParams):
    entity: Literal["account", "contact"] = "account"


class MergeIn(Schema):
    keep: Literal["first", "second"] = Field(description="Which record of the pair stays.")
    values_from: dict[str, Literal["first", "second"]] = Field(
        default_factory=dict, description="Per field, which record's value wins; the kept one's otherwise."
    )


class MergeOut(Schema):
    entity: str
    survivor_id: int
    merged_id: int


@router.get(
    "/hygiene/contact-points",
    response=Page[BrokenContactPointOut],
    summary="Broken contact details to fix (coordinators)",
)
def broken_contact_points(request: HttpRequest, filters: Query[PageParams]) -> dict[str, object]:
    rows = hygiene.hygiene_queue(user=request_user(request))
    return paginate(rows, ordering=["kind"], params=filters)


@router.post(
    "/hygiene/contact-points/{point_id}/mark",
    response=ContactPointStatusOut,
    summary="Mark a contact detail (bounced, mail came back, not in service, valid)",
)
def contact_point_mark(request: HttpRequest, point_id: int, payload: MarkIn) -> ContactPoint:
    acting = request_user(request)
    point = hygiene.contact_point_get(user=acting, pk=point_id)
    return hygiene.contact_point_mark(contact_point=point, mark=payload.mark, changed_by=acting)


@router.post(
    "/hygiene/contact-points/{point_id}/fix",
    response=ContactPointStatusOut,
    summary="Fix a broken contact detail with the corrected value (coordinators)",
)
def contact_point_fix(request: HttpRequest, point_id: int, payload: FixIn) -> ContactPoint:
    acting = request_user(request)
    point = hygiene.hygiene_queue(user=acting).filter(pk=point_id).first()
    if point is None:
        raise Http404
    return hygiene.contact_point_fix(contact_point=point, value=payload.value, fixed_by=acting)


@router.get("/duplicates", response=Page[DuplicatePairOut], summary="Possible duplicates to review")
def duplicates(request: HttpRequest, filters: Query[DuplicateFilters]) -> dict[str, object]:
    rows = dedupe.duplicate_pair_list(user=request_user(request), entity=filters.entity)
    return paginate(rows, ordering=["-score"], params=filters)


@router.post("/duplicates/{pair_id}/merge", response=MergeOut, summary="Merge a pair of duplicates")
def duplicate_merge(request: HttpRequest, pair_id: int, payload: MergeIn) -> dict[str, object]:
    acting = request_user(request)
    pair: DuplicatePair = dedupe.duplicate_pair_get(user=acting, pk=pair_id)
    if pair.status != DuplicateStatus.OPEN:
        raise Http404
    model: Any = Account if pair.entity == "account" else Contact
    fields = merge.ACCOUNT_MERGE_FIELDS if pair.entity == "account" else merge.CONTACT_MERGE_FIELDS
    records = model.objects.in_bulk([pair.first_id, pair.second_id])
    sources = {"first": records[pair.first_id], "second": records[pair.second_id]}
    survivor = sources[payload.keep]
    loser = sources["second" if payload.keep == "first" else "first"]
    # Fields that cannot be chosen reach the service, which names them in its 400 answer.
    values = {
        name: getattr(sources[choice], name) if name in fields else None
        for name, choice in payload.values_from.items()
    }
    service = merge.merge_accounts if pair.entity == "account" else merge.merge_contacts
    kept = service(survivor=survivor, loser=loser, merged_by=acting, values=values, pair=pair)
    return {"entity": pair.entity, "survivor_id": kept.pk, "merged_id": loser.pk}
