"""The full rollup rebuild on PostgreSQL: one INSERT … SELECT over the order lines.

It follows the same rules as `planning.actuals` (rate and cost valid on the recognition date, each line
rounded half away from zero to four places before it is summed), so both paths give the same rows; the
tests compare them. Rates and unit costs are looked up once per (currency, day) and (product, day), not
once per line.
"""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.utils.translation import gettext as _

from salesdesk.core.fx import MissingRateError
from salesdesk.core.models import CompanySettings
from salesdesk.planning.choices import Grain

# One pass over the lines: the six groupings (two grains × three slices) are aggregated together, so the
# ten million lines are read once and never written to a temporary store.
_SQL = """
WITH counted AS MATERIALIZED (
    SELECT o.id, o.owner_id, COALESCE(o.territory_id, -1) AS territory_key, o.currency, o.{day} AS day
    FROM orders_order o
    WHERE o.status NOT IN ('quote', 'cancelled') AND o.{day} IS NOT NULL AND o.{day} >= %(first)s
),
rates AS MATERIALIZED (
    SELECT pair.currency, pair.day,
           CASE WHEN pair.currency = %(company)s THEN 1::numeric ELSE (
               SELECT r.rate FROM core_fxrate r
               WHERE r.currency = pair.currency AND r.valid_on <= pair.day
               ORDER BY r.valid_on DESC LIMIT 1) END AS rate
    FROM (SELECT DISTINCT currency, day FROM counted) pair
),
lines AS (
    SELECT c.owner_id, COALESCE(l.product_id, -1) AS product_key, c.territory_key, c.day, l.product_id,
           l.quantity, ROUND(l.net_amount / rt.rate, 4) AS revenue
    FROM orders_orderline l
    JOIN counted c ON c.id = l.order_id
    JOIN rates rt ON rt.currency = c.currency AND rt.day = c.day
),
unit_costs AS MATERIALIZED (
    SELECT pair.product_id, pair.day, pc.unit_cost,
           CASE WHEN pc.currency = %(company)s THEN 1::numeric ELSE (
               SELECT r.rate FROM core_fxrate r
               WHERE r.currency = pc.currency AND r.valid_on <= pair.day
               ORDER BY r.valid_on DESC LIMIT 1) END AS rate
    -- Every product with a cost on a day that has orders: read from the days, not the ten million lines.
    FROM (
        SELECT DISTINCT p.product_id, d.day
        FROM (SELECT DISTINCT day FROM counted) d
        JOIN catalog_productioncost p ON p.period_start <= d.day AND p.period_end >= d.day
    ) pair
    JOIN LATERAL (
        SELECT p.unit_cost, p.currency FROM catalog_productioncost p
        WHERE p.product_id = pair.product_id AND p.period_start <= pair.day AND p.period_end >= pair.day
        ORDER BY p.period_start DESC LIMIT 1
    ) pc ON true
),
costed AS (
    SELECT lines.*, COALESCE(ROUND(lines.quantity * uc.unit_cost / uc.rate, 4), 0) AS cost
    FROM lines LEFT JOIN unit_costs uc ON uc.product_id = lines.product_id AND uc.day = lines.day
)
INSERT INTO planning_salesactual
    (grain, period_start, owner_id, product_key, territory_key, revenue, cost, units, lines)
SELECT CASE WHEN GROUPING(week) = 0 THEN %(week)s ELSE %(month)s END,
       COALESCE(week, month), owner_id,
       CASE WHEN GROUPING(product_key) = 1 THEN 0 ELSE product_key END,
       CASE WHEN GROUPING(territory_key) = 1 THEN 0 ELSE territory_key END,
       SUM(revenue), SUM(cost), SUM(quantity), COUNT(*)
FROM (
    SELECT costed.*,
           CASE WHEN day >= %(week_start)s THEN date_trunc('week', day)::date END AS week,
           CASE WHEN day >= %(month_start)s THEN date_trunc('month', day)::date END AS month
    FROM costed
) periods
GROUP BY GROUPING SETS (
    (week, owner_id), (week, owner_id, product_key), (week, owner_id, territory_key),
    (month, owner_id), (month, owner_id, product_key), (month, owner_id, territory_key)
)
-- A line before a grain's start has no period of that grain: its group is dropped.
HAVING (GROUPING(week) = 1 OR week IS NOT NULL) AND (GROUPING(month) = 1 OR month IS NOT NULL)
"""

_MISSING_RATE = """
SELECT o.currency, MIN(o.{day})
FROM orders_order o
WHERE o.status NOT IN ('quote', 'cancelled') AND o.{day} IS NOT NULL AND o.{day} >= %(first)s
  AND o.currency <> %(company)s
  AND NOT EXISTS (SELECT 1 FROM core_fxrate r WHERE r.currency = o.currency AND r.valid_on <= o.{day})
GROUP BY o.currency ORDER BY 1 LIMIT 1
"""

_EARLIEST = date(1, 1, 1)


def rebuild_postgresql(*, field: str, starts: dict[str, date] | None) -> int:
    """Insert every rollup row from `starts` on (per grain) into an emptied range; the lines counted."""
    week_start = starts[Grain.WEEK] if starts else _EARLIEST
    month_start = starts[Grain.MONTH] if starts else _EARLIEST
    params: dict[str, str | date] = {
        "company": CompanySettings.current().currency,
        "first": min(week_start, month_start),
        "week_start": week_start,
        "month_start": month_start,
        "week": Grain.WEEK.value,
        "month": Grain.MONTH.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(_MISSING_RATE.format(day=field), params)
        missing = cursor.fetchone()
        if missing:
            raise MissingRateError(
                _("No exchange rate for %(currency)s on or before %(day)s."),
                params={"currency": missing[0], "day": missing[1].isoformat()},
            )
        # For this statement only (LOCAL ends with the rebuild's transaction): memory enough for the six
        # hash aggregates (about 1 GB at 10M lines), and hash joins, which the planner would otherwise
        # trade for sorts of the whole line set because it overestimates the lines per order.
        cursor.execute("SET LOCAL work_mem = '1GB'")
        cursor.execute("SET LOCAL enable_mergejoin = off")
        cursor.execute(_SQL.format(day=field), params)
        cursor.execute(
            "SELECT COALESCE(SUM(lines), 0) FROM planning_salesactual"
            " WHERE grain = %s AND product_key = 0 AND territory_key = 0 AND period_start >= %s",
            [Grain.MONTH.value, month_start],
        )
        return int(cursor.fetchone()[0])
