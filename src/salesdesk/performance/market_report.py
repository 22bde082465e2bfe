"""K2 as people read it, the same in the page, the PDF and the spreadsheet: the title, one row per
indicator with its figures written out, the comment, and the chart of sales against the market."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from salesdesk.core.charts import Series, line_chart
from salesdesk.core.money import Money
from salesdesk.core.periods import Period, PeriodKind
from salesdesk.performance.market_analysis import Change, Indicator, MarketAnalysis
from salesdesk.performance.market_comment import draft_comment, shown_comment
from salesdesk.planning.presentation import percent_text

MONEY_INDICATORS = frozenset({Indicator.SALES, Indicator.MARKET_SIZE})


def indicator_labels() -> dict[str, str]:
    return {
        Indicator.SALES: pgettext("our sales figure", "Sales"),
        Indicator.MARKET_SIZE: _("Market size"),
        Indicator.SHARE: _("Market share"),
        Indicator.SATISFACTION: _("Customer satisfaction (0–100)"),
    }


@dataclass(frozen=True)
class ShownIndicator:
    key: str
    label: str
    current: Decimal | None
    previous: Change
    last_year: Change
    current_text: str
    previous_text: str
    previous_change_text: str
    previous_percent_text: str
    last_year_text: str
    last_year_change_text: str
    last_year_percent_text: str

    @property
    def is_money(self) -> bool:
        return self.key in MONEY_INDICATORS


@dataclass(frozen=True)
class MarketReport:
    analysis: MarketAnalysis
    today: date

    @property
    def segment_label(self) -> str:
        return str(self.analysis.segment) if self.analysis.segment else _("All segments")

    @property
    def title(self) -> str:
        return _("Market analysis: %(segment)s, %(period)s") % {
            "segment": self.segment_label,
            "period": self.analysis.period.label(),
        }

    @property
    def previous_label(self) -> str:
        return _("Last month") if self.analysis.period.kind == PeriodKind.MONTH else _("Last quarter")

    @property
    def against_previous_label(self) -> str:
        """A whole phrase per period kind: languages inflect the period differently after "against"."""
        if self.analysis.period.kind == PeriodKind.MONTH:
            return _("Against last month")
        return _("Against last quarter")

    @property
    def comment(self) -> str:
        return shown_comment(self.analysis)

    @property
    def draft(self) -> str:
        return draft_comment(self.analysis)

    @property
    def is_edited(self) -> bool:
        comment = self.analysis.comment
        return comment is not None and bool(comment.text.strip())

    def show(self, key: str, value: Decimal | None) -> str:
        if value is None:
            return "—"
        if key in MONEY_INDICATORS:
            return Money(value, self.analysis.currency).format(translation.get_language() or "en")
        if key == Indicator.SHARE:
            # A level, not a change: no sign.
            return f"{number_format(value, 1, use_l10n=True)} %"
        return number_format(value, 1, use_l10n=True)

    def show_difference(self, key: str, value: Decimal | None) -> str:
        if value is None:
            return "—"
        sign = "+" if value > 0 else ("−" if value < 0 else "")
        if key in MONEY_INDICATORS:
            return sign + self.show(key, abs(value))
        return _("%(sign)s%(points)s pts") % {
            "sign": sign,
            "points": number_format(abs(value), 1, use_l10n=True),
        }

    def rows(self) -> list[ShownIndicator]:
        labels = indicator_labels()
        rows = []
        for key in (Indicator.SALES, Indicator.MARKET_SIZE, Indicator.SHARE, Indicator.SATISFACTION):
            previous = self.analysis.change(key, against="previous")
            last_year = self.analysis.change(key, against="last_year")
            rows.append(
                ShownIndicator(
                    key=key,
                    label=labels[key],
                    current=previous.now,
                    previous=previous,
                    last_year=last_year,
                    current_text=self.show(key, previous.now),
                    previous_text=self.show(key, previous.before),
                    previous_change_text=self.show_difference(key, previous.absolute),
                    previous_percent_text=percent_text(previous.relative),
                    last_year_text=self.show(key, last_year.before),
                    last_year_change_text=self.show_difference(key, last_year.absolute),
                    last_year_percent_text=percent_text(last_year.relative),
                )
            )
        return rows

    @staticmethod
    def short_label(period: Period) -> str:
        if period.kind == PeriodKind.MONTH:
            return date_format(period.start, "M y")
        return _("Q%(number)s %(year)s") % {"number": period.number, "year": period.fiscal_year}

    def chart(self) -> SafeString:
        series = self.analysis.series
        return line_chart(
            title=_("Our sales and the market, last %(count)s periods") % {"count": len(series)},
            description=_("Our sales (solid) and the market size (dashed) per period, in company currency."),
            labels=[self.short_label(item.period) for item in series],
            series=[
                Series(
                    _("Market size"), [item.market_size or Decimal(0) for item in series], "chart-line-plan"
                ),
                Series(_("Our sales"), [item.sales for item in series], "chart-line-actual"),
            ],
            shown_last=[
                self.show(Indicator.MARKET_SIZE, series[-1].market_size),
                self.show(Indicator.SALES, series[-1].sales),
            ],
        )
