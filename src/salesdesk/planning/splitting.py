"""G2: spreading a target over months, evenly, by last year's seasonality or by hand.

Money targets are split in cents and counts in whole numbers; whatever rounding leaves over goes to the
last month, so the months always add up to the target exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from salesdesk.planning.choices import MONEY_METRICS

ZERO = Decimal(0)


def step_for(metric: str) -> Decimal:
    return Decimal("0.01") if metric in MONEY_METRICS else Decimal(1)


def split_by_weights(target: Decimal, weights: Sequence[Decimal], *, step: Decimal) -> list[Decimal]:
    """`target` in parts proportional to `weights`, each a multiple of `step`, adding up exactly."""
    total_weight = sum(weights, ZERO)
    if not weights:
        return []
    if total_weight <= 0:
        weights = [Decimal(1)] * len(weights)
        total_weight = Decimal(len(weights))
    parts = [(target * weight / total_weight).quantize(step, rounding=ROUND_DOWN) for weight in weights]
    parts[-1] += target - sum(parts, ZERO)
    return parts


def split_evenly(target: Decimal, months: Sequence[date], *, step: Decimal) -> dict[date, Decimal]:
    return dict(zip(months, split_by_weights(target, [Decimal(1)] * len(months), step=step), strict=True))


def split_seasonally(
    target: Decimal, months: Sequence[date], last_year: Mapping[date, Decimal], *, step: Decimal
) -> dict[date, Decimal]:
    """Weights are last year's actuals of the same months (`last_year` is keyed by this year's months)."""
    weights = [max(last_year.get(month, ZERO), ZERO) for month in months]
    if sum(weights, ZERO) <= 0:
        raise ValidationError(
            {"split_method": _("There are no figures from last year to take the seasonality from.")}
        )
    return dict(zip(months, split_by_weights(target, weights, step=step), strict=True))


def check_manual(
    target: Decimal, months: Sequence[date], given: Mapping[date, Decimal | None]
) -> dict[date, Decimal]:
    """Hand-entered months: every month given, none negative, adding up to the target."""
    errors: dict[str, list[str]] = {}
    values: dict[date, Decimal] = {}
    for month in months:
        value = given.get(month)
        field = f"month_{month:%Y_%m}"
        if value is None:
            errors[field] = [_("Enter the target for this month.")]
        elif value < 0:
            errors[field] = [_("A target cannot be negative.")]
        else:
            values[month] = value
    if errors:
        raise ValidationError(errors)
    total = sum(values.values(), ZERO)
    if total != target:
        raise ValidationError(
            {
                "months": _("The months add up to %(total)s, but the target is %(target)s.")
                % {"total": f"{total:f}", "target": f"{target:f}"}
            }
        )
    return values
