"""K2: market share, month-over-month and year-over-year figures from entered data and real orders, the
drafted and the edited trend comment, the entry rules, the downloads and who may see them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from salesdesk.conftest import Personas
from salesdesk.core.fx import fx_rate_set
from salesdesk.core.periods import FiscalCalendar, PeriodKind
from salesdesk.core.versioning import StaleRecordError
from salesdesk.customers.models import Account, Segment
from salesdesk.org.choices import Role
from salesdesk.performance.choices import SatisfactionScale
from salesdesk.performance.market_analysis import Indicator, MarketAnalysis, market_analysis
from salesdesk.performance.market_comment import draft_comment, shown_comment
from salesdesk.performance.models import MarketComment
from salesdesk.performance.services import market_comment_save, market_size_record, satisfaction_record
from salesdesk.performance.tests.conftest import sell, signed_in
from salesdesk.testing.factories import make_user

pytestmark = pytest.mark.django_db
CALENDAR = FiscalCalendar(1)
MARCH_2026 = CALENDAR.period(date(2026, 3, 1), PeriodKind.MONTH)
QUERY = {"kind": "month", "day": "2026-03-01"}


@pytest.fixture
def retail(personas: Personas) -> Segment:
    return Segment.objects.create(business_unit=personas.unit, name="Retail")


@pytest.fixture
def market(personas: Personas, retail: Segment, shared_account: Callable[..., Account]) -> Personas:
    """Retail sold 8,000 (March 2025), 9,000 (February 2026) and 11,000 (March 2026, 1,000 of it as
    1,250 USD); an account outside the segment bought 5,000 in March 2026. The market was 80,000,
    90,000 and 100,000; satisfaction 86 of 100, 80 of 100 and 4.1 of 5."""
    fx_rate_set(currency="USD", valid_on=date(2025, 1, 1), rate=Decimal("1.25"))
    shop = shared_account("Laden GmbH", segments=[retail])
    other = shared_account("Fabrik AG")
    sell(personas.rep, shop, "8000", date(2025, 3, 20))
    sell(personas.rep, shop, "9000", date(2026, 2, 14))
    sell(personas.rep, shop, "10000", date(2026, 3, 10))
    sell(personas.other_rep, shop, "1250", date(2026, 3, 11), currency="USD")
    sell(personas.rep, other, "5000", date(2026, 3, 12))
    for day, amount, score, scale in [
        (date(2025, 3, 1), "80000", "86", SatisfactionScale.PERCENT),
        (date(2026, 2, 1), "90000", "80", SatisfactionScale.PERCENT),
        (date(2026, 3, 1), "100000", "4.1", SatisfactionScale.FIVE_POINT),
    ]:
        market_size_record(
            by=personas.coordinator,
            period_kind="month",
            period_day=day,
            segment=retail,
            amount=Decimal(amount),
            currency="EUR",
            source="Branchenverband",
        )
        satisfaction_record(
            by=personas.coordinator,
            period_kind="month",
            period_day=day,
            segment=retail,
            score=Decimal(score),
            scale=scale,
            sample_size=40,
        )
    return personas


def _analysis(personas: Personas, segment: Segment | None) -> MarketAnalysis:
    return market_analysis(
        business_unit_id=personas.unit.pk, segment=segment, period=MARCH_2026, calendar=CALENDAR
    )


def test_it_computes_sales_share_and_their_changes_for_a_segment(market: Personas, retail: Segment) -> None:
    analysis = _analysis(market, retail)
    assert analysis.current.sales == Decimal(11000)
    assert analysis.previous.sales == Decimal(9000)
    assert analysis.last_year.sales == Decimal(8000)
    assert analysis.current.share == Decimal("11.0")
    yoy = analysis.change(Indicator.SALES, against="last_year")
    assert (yoy.absolute, yoy.relative) == (Decimal(3000), Decimal("37.5"))
    mom = analysis.change(Indicator.SALES, against="previous")
    assert (mom.absolute, mom.relative) == (Decimal(2000), Decimal("22.2"))
    share = analysis.change(Indicator.SHARE, against="last_year")
    assert (share.absolute, share.relative) == (Decimal("1.0"), Decimal("10.0"))
    assert analysis.change(Indicator.MARKET_SIZE, against="last_year").relative == Decimal("25.0")
    satisfaction = analysis.change(Indicator.SATISFACTION, against="last_year")
    assert (satisfaction.now, satisfaction.absolute) == (Decimal("82.0"), Decimal("-4.0"))
    assert len(analysis.series) == 12
    assert analysis.series[-1].period == MARCH_2026


def test_all_segments_are_the_units_rollups(market: Personas) -> None:
    analysis = _analysis(market, None)
    assert analysis.current.sales == Decimal(16000)
    assert analysis.current.market_size is None
    assert analysis.current.share is None


def test_a_quarter_adds_up_its_months_when_it_has_no_entry_of_its_own(
    market: Personas, retail: Segment
) -> None:
    for day in (date(2026, 1, 1), date(2026, 2, 1)):
        market_size_record(
            by=market.manager,
            period_kind="month",
            period_day=day,
            segment=retail,
            amount=Decimal(50000) if day.month == 1 else Decimal(90000),
            currency="EUR",
        )
    quarter = CALENDAR.period(date(2026, 3, 1), PeriodKind.QUARTER)
    analysis = market_analysis(
        business_unit_id=market.unit.pk, segment=retail, period=quarter, calendar=CALENDAR
    )
    assert analysis.current.market_size == Decimal(240000)
    assert analysis.current.sales == Decimal(20000)
    assert analysis.current.share == Decimal("8.3")
    # Two months with answers: (80 × 40 + 82 × 40) / 80.
    assert analysis.current.satisfaction == Decimal("81.0")


def test_the_draft_comment_tells_what_the_numbers_say(market: Personas, retail: Segment) -> None:
    assert draft_comment(_analysis(market, retail)) == (
        "Sales rose 37.5 % year over year to €11,000.00. The market grew 25.0 %. "
        "Market share rose 1.0 points to 11.0 %. "
        "Customer satisfaction fell 4.0 points to 82.0 of 100. "
        "Against last month, sales rose 22.2 %."
    )


def test_without_a_market_size_the_draft_says_the_share_is_unknown(market: Personas) -> None:
    text = draft_comment(_analysis(market, None))
    assert "No market size has been entered for this period" in text
    assert "Market share" not in text


def test_the_edited_comment_wins_and_keeps_its_history(market: Personas, retail: Segment) -> None:
    first = market_comment_save(
        by=market.manager, period_kind="month", period_day=date(2026, 3, 9), segment=retail, text="Gut."
    )
    market_comment_save(
        by=market.coordinator,
        period_kind="month",
        period_day=date(2026, 3, 1),
        segment=retail,
        text="Sehr gut: neue Filialen.",
        expected_version=first.version,
    )
    analysis = _analysis(market, retail)
    assert shown_comment(analysis) == "Sehr gut: neue Filialen."
    comment = MarketComment.objects.get()
    assert comment.version == 2
    assert [entry.text for entry in comment.history.order_by("history_id")] == [
        "Gut.",
        "Sehr gut: neue Filialen.",
    ]
    with pytest.raises(StaleRecordError):
        market_comment_save(
            by=market.manager,
            period_kind="month",
            period_day=date(2026, 3, 1),
            segment=retail,
            text="Alt.",
            expected_version=1,
        )
    market_comment_save(
        by=market.manager, period_kind="month", period_day=date(2026, 3, 1), segment=retail, text="  "
    )
    assert shown_comment(_analysis(market, retail)).startswith("Sales rose 37.5 %")


def test_bad_entries_are_refused_naming_the_field(market: Personas, retail: Segment) -> None:
    def size(**changes: object) -> None:
        values: dict[str, object] = {
            "by": market.coordinator,
            "period_kind": "month",
            "period_day": date(2026, 4, 1),
            "segment": retail,
            "amount": Decimal(1),
            "currency": "EUR",
        }
        market_size_record(**{**values, **changes})  # type: ignore[arg-type]

    cases = [
        ({"amount": Decimal(-1)}, "amount"),
        ({"currency": "XXY"}, "currency"),
        ({"currency": "JPY"}, "currency"),  # no exchange rate known
        ({"period_kind": "week"}, "period_kind"),
        ({"by": market.rep}, "amount"),
    ]
    for changes, field in cases:
        with pytest.raises(ValidationError) as caught:
            size(**changes)
        assert field in caught.value.message_dict, changes
    with pytest.raises(ValidationError) as caught:
        satisfaction_record(
            by=market.coordinator,
            period_kind="month",
            period_day=date(2026, 4, 1),
            segment=retail,
            score=Decimal(6),
            scale=SatisfactionScale.FIVE_POINT,
        )
    assert "score" in caught.value.message_dict
    foreign = Segment.objects.create(business_unit=market.other_unit, name="Retail")
    with pytest.raises(ValidationError) as caught:
        size(segment=foreign)
    assert "segment" in caught.value.message_dict


def test_entering_a_period_again_changes_its_figure(market: Personas, retail: Segment) -> None:
    again = market_size_record(
        by=market.manager,
        period_kind="month",
        period_day=date(2026, 3, 31),
        segment=retail,
        amount=Decimal(110000),
        currency="EUR",
    )
    assert again.version == 2
    assert _analysis(market, retail).current.share == Decimal("10.0")


def test_the_page_shows_the_table_and_the_draft(market: Personas, retail: Segment) -> None:
    response = signed_in(market.coordinator).get(
        reverse("performance:market"), {**QUERY, "segment": retail.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "€11,000.00" in page
    assert "+€3,000.00" in page
    assert "+37.5 %" in page
    assert "11.0 %" in page
    assert "+1.0 pts" in page
    assert "Sales rose 37.5 % year over year" in page
    assert '<svg class="chart"' in page


def test_the_comment_form_saves_the_edit(market: Personas, retail: Segment) -> None:
    client = signed_in(market.manager)
    url = reverse("performance:market-comment") + f"?kind=month&day=2026-03-01&segment={retail.pk}"
    response = client.post(url, {"text": "Неплохо, 不错."}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Неплохо, 不错." in response.content.decode()
    assert MarketComment.objects.get().updated_by == market.manager


def test_the_xlsx_holds_the_figures_as_numbers(market: Personas, retail: Segment) -> None:
    response = signed_in(market.manager).get(
        reverse("performance:market-xlsx"), {**QUERY, "segment": retail.pk}
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    rows = {row[0]: row for row in sheet.iter_rows(min_row=5, max_row=8, values_only=True)}
    assert rows["Sales"][1:] == (11000, 9000, 2000, 22.2, 8000, 3000, 37.5)
    assert rows["Market share"][1] == 11
    assert rows["Market share"][6] == 1
    assert rows["Customer satisfaction (0–100)"][1] == 82


def test_the_pdf_is_a_pdf(market: Personas, retail: Segment) -> None:
    response = signed_in(market.coordinator).get(
        reverse("performance:market-pdf"), {**QUERY, "segment": retail.pk}
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_reps_and_other_units_do_not_see_the_market(market: Personas, retail: Segment) -> None:
    assert signed_in(market.rep).get(reverse("performance:market"), QUERY).status_code == 404
    assert signed_in(market.rep).get(reverse("performance:market-size")).status_code == 404
    assert signed_in(market.finance).get(reverse("performance:market-size")).status_code == 404
    response = signed_in(market.finance).get(reverse("performance:market"), {**QUERY, "segment": retail.pk})
    assert response.status_code == 200
    assert signed_in(market.outsider).get(reverse("performance:market"), QUERY).status_code == 404
    south = make_user("south_coordinator", roles=[Role.COORDINATOR], business_unit=market.other_unit)
    assert (
        signed_in(south).get(reverse("performance:market"), {**QUERY, "segment": retail.pk}).status_code
        == 404
    )
    assert "€16,000.00" not in signed_in(south).get(reverse("performance:market"), QUERY).content.decode()


def test_the_entry_form_records_a_market_size(market: Personas, retail: Segment) -> None:
    client = signed_in(market.coordinator)
    prefilled = client.get(
        reverse("performance:market-size"),
        {"period_kind": "month", "period_day": "2026-03-01", "segment": retail.pk},
    )
    assert 'value="100000' in prefilled.content.decode()
    response = client.post(
        reverse("performance:market-size"),
        {
            "period_kind": "month",
            "period_day": "2026-04-15",
            "segment": retail.pk,
            "amount": "120000",
            "currency": "eur",
            "source": "Studie",
        },
    )
    assert response.status_code == 302
    bad = client.post(
        reverse("performance:market-size"),
        {"period_kind": "month", "period_day": "2026-04-15", "amount": "5", "currency": "JPY"},
    )
    assert bad.status_code == 200
    assert "There is no exchange rate for JPY yet." in bad.content.decode()
