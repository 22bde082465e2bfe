"""The plan-vs-actual report as PDF (WeasyPrint, from the same figures and chart as the page, with Noto
fonts so Chinese and Cyrillic print) and as XLSX (numbers as numbers, for people who go on computing)."""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from salesdesk.core.charts import for_print
from salesdesk.core.spreadsheets import sheet_title
from salesdesk.planning.choices import MONEY_METRICS
from salesdesk.planning.report import PlanReport


def plan_pdf(report: PlanReport) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only the downloads need

    html = render_to_string(
        "planning/plan_vs_actual_pdf.html",
        {
            "report": report,
            "rows": report.rows(),
            "children": report.children(),
            "totals": report.totals,
            "chart": for_print(report.chart()),
            "language": translation.get_language(),
        },
    )
    return HTML(string=html).write_pdf()


def plan_xlsx(report: PlanReport) -> bytes:
    table = report.table
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title(_("Plan vs actual"))
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True, size=13)
    unit = report.currency if table.metric in MONEY_METRICS else ""
    sheet.append([_("Metric"), report.metric_label, unit])
    sheet.append([])
    header = [
        _("Period"),
        _("From"),
        _("Until"),
        _("Target"),
        _("Actual"),
        _("Variance"),
        _("Variance (%)"),
        _("Status"),
        _("Variance analysis"),
        _("Next action"),
    ]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    number_format = "#,##0.00" if table.metric in MONEY_METRICS else "#,##0"
    for row in table.rows:
        begun = row.period.start <= report.today
        sheet.append(
            [
                row.period.label(),
                row.period.start,
                row.period.end,
                row.target,
                row.actual if begun else None,
                row.variance if begun else None,
                float(row.variance_percent) if begun and row.variance_percent is not None else None,
                report.standing_label(row.standing),
                row.note.analysis if row.note else "",
                row.note.next_action if row.note else "",
            ]
        )
        current = sheet.max_row
        for column in ("D", "E", "F"):
            sheet[f"{column}{current}"].number_format = number_format
        sheet[f"B{current}"].number_format = "yyyy-mm-dd"
        sheet[f"C{current}"].number_format = "yyyy-mm-dd"
        sheet[f"G{current}"].number_format = "0.0"
    if table.children:
        sheet = workbook.create_sheet(sheet_title(_("Breakdown")))
        sheet.append(
            [_("Name"), _("Target to date"), _("Actual to date"), _("Variance"), _("Attainment (%)")]
        )
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for child in table.children:
            sheet.append(
                [
                    child.label,
                    child.target,
                    child.actual,
                    child.variance,
                    float(child.attainment) if child.attainment is not None else None,
                ]
            )
            for column in ("B", "C", "D"):
                sheet[f"{column}{sheet.max_row}"].number_format = number_format
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
