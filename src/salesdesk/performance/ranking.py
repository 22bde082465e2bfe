"""Rank and percentile of each person among peers, for one measure.

Ties share the better rank (competition ranking: 1, 2, 2, 4). The percentile is the share of the other
peers a person is ahead of, counting a tie as half: alone at the top is 100, alone at the bottom 0, and
everyone level is 50. People without a value (no target, no closed deal) are not ranked and do not count.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True, slots=True)
class Placing:
    rank: int | None
    percentile: Decimal | None
    ranked: int  # how many peers have a value for this measure


def placings[K: Hashable](
    values: Mapping[K, Decimal | None], *, higher_is_better: bool = True
) -> dict[K, Placing]:
    known = [value for value in values.values() if value is not None]
    ranked = len(known)
    result: dict[K, Placing] = {}
    for key, value in values.items():
        if value is None:
            result[key] = Placing(None, None, ranked)
            continue
        better = sum(1 for other in known if (other > value if higher_is_better else other < value))
        level = sum(1 for other in known if other == value) - 1  # the others tied with this person
        worse = ranked - better - level - 1
        percentile = (
            ((Decimal(worse) + Decimal(level) / 2) * 100 / (ranked - 1)).quantize(
                Decimal(1), rounding=ROUND_HALF_UP
            )
            if ranked > 1
            else Decimal(100)
        )
        result[key] = Placing(better + 1, percentile, ranked)
    return result
