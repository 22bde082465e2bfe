"""The monthly report as PDF (WeasyPrint, the page's own figures and chart, Noto fonts so Chinese and
Cyrillic print) and as XLSX (numbers as numbers, one sheet per part of the report)."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from salesdesk.core.charts import for_print
from salesdesk.core.spreadsheets import sheet_title
from salesdesk.planning.choices import MONEY_METRICS
from salesdesk.reports.choices import HEADLINE_METRIC
from salesdesk.reports.compiler import MonthlyReport, metric_label

MONEY_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
UNITS_FORMAT = "#,##0.##"


def report_context(report: MonthlyReport, *, for_page: bool = False) -> dict[str, Any]:
    """What the page, the PDF and the e-mail render the report with. The page's chart takes its colours
    from the style sheet: a <style> inside it would break the page's Content Security Policy."""
    chart = report.chart()
    return {
        "report": report,
        "chart": chart if for_page else for_print(chart),
        "labels": {metric: metric_label(metric) for metric in report.metrics},
        "headline": str(HEADLINE_METRIC),
    }


def file_name(report: MonthlyReport, extension: str) -> str:
    return f"monthly-report-{report.scope.key}-{report.month:%Y-%m}.{extension}"


def monthly_pdf(report: MonthlyReport) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only the downloads need

    html = render_to_string(
        "reports/monthly_report_pdf.html",
        {**report_context(report), "language": translation.get_language()},
    )
    return bytes(HTML(string=html).write_pdf())


def _format_for(metric: str) -> str:
    if metric in MONEY_METRICS:
        return MONEY_FORMAT
    return UNITS_FORMAT if metric == "units" else COUNT_FORMAT


def _bold_last_row(sheet: Worksheet) -> None:
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _local(moment: datetime) -> datetime:
    # Spreadsheets know no time zones: the reader's local time, without one.
    return timezone.localtime(moment).replace(tzinfo=None)


def _plan_sheet(sheet: Worksheet, report: MonthlyReport) -> None:
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Metric"), metric_label(HEADLINE_METRIC), report.currency])
    sheet.append([])
    sheet.append(
        [_("Rep"), _("Target"), _("Actual"), _("Variance"), _("Attainment (%)"), _("Handed in"), _("Late")]
    )
    _bold_last_row(sheet)
    for line in report.lines:
        figure = line.headline
        sheet.append(
            [
                line.person.display_name,
                figure.target,
                figure.system,
                figure.variance,
                float(figure.attainment) if figure.attainment is not None else None,
                _local(line.submission.submitted_at) if line.submission else None,
                _("yes") if line.is_late else "",
            ]
        )
        _format_row(sheet, MONEY_FORMAT)
    total = report.headline_total
    sheet.append(
        [
            _("Total"),
            total.target,
            total.system,
            total.variance,
            float(total.attainment) if total.attainment is not None else None,
        ]
    )
    _format_row(sheet, MONEY_FORMAT)
    _bold_last_row(sheet)


def _format_row(sheet: Worksheet, number_format: str) -> None:
    row = sheet.max_row
    for column in ("B", "C", "D"):
        sheet[f"{column}{row}"].number_format = number_format
    sheet[f"E{row}"].number_format = "0.0"
    sheet[f"F{row}"].number_format = "yyyy-mm-dd hh:mm"


def _figures_sheet(sheet: Worksheet, report: MonthlyReport) -> None:
    header: list[str] = [_("Rep")]
    for metric in report.metrics:
        label = metric_label(metric)
        header += [
            _("%(metric)s: target") % {"metric": label},
            _("%(metric)s: system") % {"metric": label},
            _("%(metric)s: reported") % {"metric": label},
        ]
    sheet.append(header)
    _bold_last_row(sheet)
    rows = [(line.person.display_name, line.figures) for line in report.lines]
    rows.append((_("Total"), report.totals))
    for name, figures in rows:
        values: list[Any] = [name]
        for metric in report.metrics:
            figure = figures[metric]
            values += [figure.target, figure.system, figure.reported]
        sheet.append(values)
        for index, metric in enumerate(report.metrics):
            for offset in range(3):
                cell = sheet.cell(row=sheet.max_row, column=2 + index * 3 + offset)
                cell.number_format = _format_for(metric)
    _bold_last_row(sheet)


def _pipeline_sheet(sheet: Worksheet, report: MonthlyReport) -> None:
    sheet.append(
        [_("Pipeline"), _("Stage"), _("Open deals"), _("Amount"), _("Weighted amount"), report.currency]
    )
    _bold_last_row(sheet)
    for line in report.pipeline.stages:
        sheet.append([line.pipeline, line.stage, line.count, line.amount, line.weighted])
        sheet[f"D{sheet.max_row}"].number_format = MONEY_FORMAT
        sheet[f"E{sheet.max_row}"].number_format = MONEY_FORMAT
    sheet.append([_("Total"), "", report.pipeline.count, report.pipeline.amount, report.pipeline.weighted])
    sheet[f"D{sheet.max_row}"].number_format = MONEY_FORMAT
    sheet[f"E{sheet.max_row}"].number_format = MONEY_FORMAT
    _bold_last_row(sheet)


def _comments_sheet(sheet: Worksheet, report: MonthlyReport) -> None:
    sheet.append([_("Rep"), _("Handed in"), _("Comment")])
    _bold_last_row(sheet)
    for line in report.lines:
        if line.submission is None:
            sheet.append([line.person.display_name, None, _("Not handed in")])
        else:
            sheet.append(
                [line.person.display_name, _local(line.submission.submitted_at), line.submission.comment]
            )
            sheet[f"B{sheet.max_row}"].number_format = "yyyy-mm-dd hh:mm"


def monthly_xlsx(report: MonthlyReport) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title(_("Plan vs actual"))
    _plan_sheet(sheet, report)
    _figures_sheet(workbook.create_sheet(sheet_title(_("Figures"))), report)
    _pipeline_sheet(workbook.create_sheet(sheet_title(_("Pipeline"))), report)
    _comments_sheet(workbook.create_sheet(sheet_title(_("Comments"))), report)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
