"""K2 writes: market sizes, satisfaction scores and the trend comment. Each is one transaction, checks who
writes and what, names the field of any bad input, keeps one record per unit, period and segment (a second
entry for the same period changes the first, with the version check) and leaves an audit event."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from salesdesk.core.audit import audit_record
from salesdesk.core.fx import MissingRateError, rate_on
from salesdesk.core.money import is_currency
from salesdesk.core.periods import Period, company_calendar
from salesdesk.core.versioning import save_versioned
from salesdesk.customers.models import Segment
from salesdesk.org.models import User
from salesdesk.performance.access import may_write_market
from salesdesk.performance.choices import MarketPeriodKind, SatisfactionScale
from salesdesk.performance.models import MarketComment, MarketPeriodRecord, MarketSize, SatisfactionScore

_FIVE_POINT_RANGE = (Decimal(1), Decimal(5))
_PERCENT_RANGE = (Decimal(0), Decimal(100))


def _period(period_kind: str, period_day: date) -> Period:
    if period_kind not in MarketPeriodKind.values:
        raise ValidationError({"period_kind": _("Choose a month or a quarter.")})
    return company_calendar().period(period_day, period_kind)


def _check_writer(by: User, segment: Segment | None, field: str) -> None:
    if not may_write_market(by):
        raise ValidationError({field: _("You may not enter market figures.")})
    if segment is not None and segment.business_unit_id != by.business_unit_id:
        raise ValidationError({"segment": _("Choose a segment of your business unit.")})


def _unit_id(by: User) -> int:
    if by.business_unit_id is None:
        raise ValidationError({"segment": _("You belong to no business unit.")})
    return by.business_unit_id


def _keyed(model: type[MarketPeriodRecord], by: User, period: Period, segment: Segment | None) -> Any:
    """The unit's record for the period and segment, locked, or None."""
    # Ordered by key: the model's default ordering joins the segment, and PostgreSQL cannot lock the
    # nullable side of that outer join.
    return (
        model.objects.select_for_update(of=("self",))
        .filter(
            business_unit_id=_unit_id(by),
            period_kind=period.kind,
            period_start=period.start,
            segment=segment,
        )
        .order_by("pk")
        .first()
    )


def _store(
    record: MarketPeriodRecord | None,
    model: type[MarketPeriodRecord],
    *,
    by: User,
    period: Period,
    segment: Segment | None,
    values: dict[str, Any],
    expected_version: int | None,
    reason: str,
) -> Any:
    if record is None:
        record = model(
            business_unit_id=_unit_id(by),
            period_kind=period.kind,
            period_start=period.start,
            segment=segment,
            **values,
        )
        record.save()
        return record
    for name, value in values.items():
        setattr(record, name, value)
    save_versioned(
        record,
        expected_version=record.version if expected_version is None else expected_version,
        reason=reason,
        changed_by=by,
    )
    return record


@transaction.atomic
def market_size_record(
    *,
    by: User,
    period_kind: str,
    period_day: date,
    segment: Segment | None,
    amount: Decimal,
    currency: str,
    source: str = "",
    expected_version: int | None = None,
) -> MarketSize:
    """The market's size in a month or quarter (a segment, or all segments when None). Guarantees one
    record per unit, period and segment, an amount of zero or more in a currency with a known rate."""
    _check_writer(by, segment, "amount")
    period = _period(period_kind, period_day)
    if amount is None or amount < 0:
        raise ValidationError({"amount": _("Give the market size as zero or more.")})
    if not is_currency(currency):
        raise ValidationError({"currency": _("%(code)s is not a currency code.") % {"code": currency}})
    try:
        rate_on(currency, period.end)
    except MissingRateError:
        raise ValidationError(
            {"currency": _("There is no exchange rate for %(code)s yet.") % {"code": currency}}
        ) from None
    values = {"amount": amount, "currency": currency, "source": source.strip(), "entered_by": by}
    record = _store(
        _keyed(MarketSize, by, period, segment),
        MarketSize,
        by=by,
        period=period,
        segment=segment,
        values=values,
        expected_version=expected_version,
        reason=_("Market size"),
    )
    audit_record(
        actor=by,
        verb="market_size.record",
        target=record,
        changes={"amount": str(amount), "currency": currency, "source": record.source},
    )
    return record


@transaction.atomic
def satisfaction_record(
    *,
    by: User,
    period_kind: str,
    period_day: date,
    segment: Segment | None,
    score: Decimal,
    scale: str,
    sample_size: int | None = None,
    source: str = "",
    expected_version: int | None = None,
) -> SatisfactionScore:
    """Customer satisfaction measured in a month or quarter, on 0–100 or 1–5, with how many answered."""
    _check_writer(by, segment, "score")
    period = _period(period_kind, period_day)
    if scale not in SatisfactionScale.values:
        raise ValidationError({"scale": _("Choose the scale the score was measured on.")})
    low, high = _FIVE_POINT_RANGE if scale == SatisfactionScale.FIVE_POINT else _PERCENT_RANGE
    if score is None or not low <= score <= high:
        raise ValidationError(
            {"score": _("Give a score from %(low)s to %(high)s.") % {"low": low, "high": high}}
        )
    if sample_size is not None and sample_size < 1:
        raise ValidationError({"sample_size": _("Give the number of answers, at least one.")})
    values = {
        "score": score,
        "scale": scale,
        "sample_size": sample_size,
        "source": source.strip(),
        "entered_by": by,
    }
    record = _store(
        _keyed(SatisfactionScore, by, period, segment),
        SatisfactionScore,
        by=by,
        period=period,
        segment=segment,
        values=values,
        expected_version=expected_version,
        reason=_("Satisfaction score"),
    )
    audit_record(
        actor=by,
        verb="satisfaction.record",
        target=record,
        changes={"score": str(score), "scale": scale, "sample_size": sample_size},
    )
    return record


@transaction.atomic
def market_comment_save(
    *,
    by: User,
    period_kind: str,
    period_day: date,
    segment: Segment | None,
    text: str,
    expected_version: int | None = None,
) -> MarketComment:
    """The trend comment as edited by a person; it is printed instead of the draft until emptied again.
    Every version is kept in the comment's history."""
    _check_writer(by, segment, "text")
    period = _period(period_kind, period_day)
    values = {"text": text.strip(), "updated_by": by}
    record = _keyed(MarketComment, by, period, segment)
    if record is None:
        record = MarketComment(
            business_unit_id=_unit_id(by),
            period_kind=period.kind,
            period_start=period.start,
            segment=segment,
            **values,
        )
        record._history_user = by  # type: ignore[attr-defined]
        record.save()
        return record
    return _store(
        record,
        MarketComment,
        by=by,
        period=period,
        segment=segment,
        values=values,
        expected_version=expected_version,
        reason=_("Trend comment"),
    )
