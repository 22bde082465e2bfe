"""K2 downloads: the market analysis as PDF (WeasyPrint, the page's figures and chart, Noto fonts so
Chinese and Cyrillic print) and as XLSX (numbers as numbers, percentages as plain percentage figures)."""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from salesdesk.core.charts import for_print
from salesdesk.core.spreadsheets import sheet_title
from salesdesk.performance.market_report import MarketReport


def market_pdf(report: MarketReport) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only the downloads need

    html = render_to_string(
        "performance/market_pdf.html",
        {
            "report": report,
            "rows": report.rows(),
            "chart": for_print(report.chart()),
            "language": translation.get_language(),
        },
    )
    return HTML(string=html).write_pdf()


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def market_xlsx(report: MarketReport) -> bytes:
    analysis = report.analysis
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title(_("Market analysis"))
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Currency"), analysis.currency])
    sheet.append([])
    sheet.append(
        [
            _("Indicator"),
            _("This period"),
            report.previous_label,
            pgettext("difference between two figures", "Change"),
            _("Change (%)"),
            _("Same period last year"),
            pgettext("difference between two figures", "Change"),
            _("Change (%)"),
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in report.rows():
        sheet.append(
            [
                row.label,
                row.current,
                row.previous.before,
                row.previous.absolute,
                _number(row.previous.relative),
                row.last_year.before,
                row.last_year.absolute,
                _number(row.last_year.relative),
            ]
        )
        shape = "#,##0.00" if row.is_money else "0.0"
        for column in ("B", "C", "D", "F", "G"):
            sheet[f"{column}{sheet.max_row}"].number_format = shape
        for column in ("E", "H"):
            sheet[f"{column}{sheet.max_row}"].number_format = "0.0"
    sheet.append([])
    sheet.append([_("Trend comment")])
    sheet[f"A{sheet.max_row}"].font = Font(bold=True)
    sheet.append([report.comment])
    sheet[f"A{sheet.max_row}"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 34

    history = workbook.create_sheet(sheet_title(_("By period")))
    history.append(
        [
            _("Period"),
            _("From"),
            pgettext("our sales figure", "Sales"),
            _("Market size"),
            _("Market share"),
            _("Satisfaction"),
        ]
    )
    for cell in history[1]:
        cell.font = Font(bold=True)
    for item in analysis.series:
        history.append(
            [
                item.period.label(),
                item.period.start,
                item.sales,
                item.market_size,
                _number(item.share),
                item.satisfaction,
            ]
        )
        current = history.max_row
        history[f"B{current}"].number_format = "yyyy-mm-dd"
        for column in ("C", "D"):
            history[f"{column}{current}"].number_format = "#,##0.00"
        for column in ("E", "F"):
            history[f"{column}{current}"].number_format = "0.0"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
