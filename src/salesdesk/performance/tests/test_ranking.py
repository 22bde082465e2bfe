"""Ranks and percentiles among peers, ties included."""

from __future__ import annotations

from decimal import Decimal

from salesdesk.performance.ranking import Placing, placings


def test_it_ranks_ties_alike_and_skips_the_next_rank() -> None:
    result = placings({"a": Decimal(90), "b": Decimal(120), "c": Decimal(90), "d": Decimal(50)})
    assert result["b"] == Placing(1, Decimal(100), 4)
    assert result["a"] == Placing(2, Decimal(50), 4)  # ahead of d, level with c: (1 + 0.5) / 3
    assert result["c"] == Placing(2, Decimal(50), 4)
    assert result["d"] == Placing(4, Decimal(0), 4)


def test_it_ranks_the_smallest_first_when_lower_is_better() -> None:
    result = placings({"quick": Decimal(10), "slow": Decimal(40), "mid": Decimal(25)}, higher_is_better=False)
    assert [result[key].rank for key in ("quick", "mid", "slow")] == [1, 2, 3]
    assert result["quick"].percentile == Decimal(100)


def test_people_without_a_value_are_not_ranked_nor_counted() -> None:
    result = placings({"a": Decimal(5), "b": None, "c": Decimal(7)})
    assert result["b"] == Placing(None, None, 2)
    assert result["c"] == Placing(1, Decimal(100), 2)
    assert result["a"] == Placing(2, Decimal(0), 2)


def test_everyone_level_sits_at_the_fiftieth_percentile_and_one_alone_at_the_top() -> None:
    level = placings({"a": Decimal(1), "b": Decimal(1), "c": Decimal(1)})
    assert {placing.rank for placing in level.values()} == {1}
    assert {placing.percentile for placing in level.values()} == {Decimal(50)}
    assert placings({"only": Decimal(3)})["only"] == Placing(1, Decimal(100), 1)
