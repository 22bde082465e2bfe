"""Expiring contracts in the API: the same selector and scoping as the expiry calendar page."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from salesdesk.api.auth import request_user
from salesdesk.api.pagination import Page, PageParams, paginate
from salesdesk.contracts.expiry import ExpiryFilters, expiring_contracts
from salesdesk.contracts.models import Contract

router = Router(tags=["contracts"])

DEFAULT_DAYS = 90
# A window larger than this is a report, not a list of what is about to end.
MAX_WINDOW = timedelta(days=3 * 366)


class ExpiringContractOut(Schema):
    id: int
    number: str
    title: str
    account_id: int
    account_name: str
    owner_id: int
    end_on: date
    notice_deadline: date
    notice_days: int
    auto_renew: bool
    renewal_months: int
    value: Decimal
    currency: str
    renewal_opportunity_id: int | None

    @staticmethod
    def resolve_account_name(obj: Contract) -> str:
        return obj.account.name

    @staticmethod
    def resolve_notice_deadline(obj: Contract) -> date:
        return obj.notice_deadline()


class ExpiringFiltersIn(PageParams):
    start: date | None = Field(None, description="Ending on or after this day; today when omitted.")
    end: date | None = Field(
        None, description="Ending on or before this day; 90 days after start when omitted."
    )
    owner: int | None = Field(None, description="Only this person's contracts (a user id).")
    team: int | None = Field(
        None, description="Only the contracts of this manager's reporting line (a user id)."
    )


@router.get(
    "/contracts/expiring",
    response=Page[ExpiringContractOut],
    summary="Signed contracts ending in a window, by end date",
)
def contracts_expiring(request: HttpRequest, filters: Query[ExpiringFiltersIn]) -> dict[str, object]:
    start = filters.start or timezone.localdate()
    end = filters.end or start + timedelta(days=DEFAULT_DAYS)
    if end < start:
        raise ValidationError({"end": _("Choose an end on or after the start.")})
    if end - start > MAX_WINDOW:
        raise ValidationError({"end": _("Choose a window of at most three years.")})
    rows = expiring_contracts(
        user=request_user(request),
        start=start,
        end=end,
        filters=ExpiryFilters(owner_id=filters.owner, team_id=filters.team),
    )
    return paginate(rows, ordering=["end_on"], params=filters)
