"""K2: our sales per month, for the whole unit or for one customer segment, in company currency.

The whole unit comes from the `SalesActual` rollups (the sales of the unit's people). The rollups carry no
segment, so a segment's sales are the one place in the reports that reads orders: a single grouped query
over the recognised order lines of the range, joined to the accounts' segments, summed per recognition
day and currency in the database and converted here at that day's rate (rounded per day and currency to
four places, where the rollups round per line: the two agree to the cent). An account in two segments
counts in each, as a segment is a view of the customers, not a partition.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from salesdesk.core.models import CompanySettings
from salesdesk.core.rate_table import RateTable
from salesdesk.orders.models import OrderLine
from salesdesk.org.models import User
from salesdesk.planning.actuals import NOT_COUNTED, recognition_field
from salesdesk.planning.choices import Grain, Metric
from salesdesk.planning.measures import actual_by_period

ZERO = Decimal(0)


def unit_sales_by_month(*, business_unit_id: int, first_month: date, last_month: date) -> dict[date, Decimal]:
    owners = list(User.objects.filter(business_unit_id=business_unit_id).values_list("pk", flat=True))
    return actual_by_period(
        owner_ids=owners, metric=Metric.REVENUE, grain=Grain.MONTH, first=first_month, last=last_month
    )


def segment_sales_by_month(
    *, segment_id: int, first_day: date, last_day: date, company: CompanySettings
) -> dict[date, Decimal]:
    day_field = f"order__{recognition_field()}"
    rows = list(
        OrderLine.objects.filter(
            order__account__segments=segment_id,
            **{f"{day_field}__gte": first_day, f"{day_field}__lte": last_day},
        )
        .exclude(order__status__in=NOT_COUNTED)
        .values(day_field, "order__currency")
        .annotate(net=Sum("net_amount"))
        .values_list(day_field, "order__currency", "net")
    )
    rates = RateTable(company.currency, {currency for _day, currency, _net in rows}, last_day)
    months: dict[date, Decimal] = defaultdict(lambda: ZERO)
    for day, currency, net in rows:
        months[day.replace(day=1)] += rates.to_company_rounded(Decimal(net or 0), currency, day)
    return dict(months)
