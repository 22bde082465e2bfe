from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salesdesk.transfer.exporting import CSV_DELIMITERS
from salesdesk.transfer.mapping import FIELDS, Entity, Preset
from salesdesk.transfer.values import FILE_LOCALES

ENCODINGS = [
    ("", _("Detect")),
    ("utf-8", "UTF-8"),
    ("utf-16", "UTF-16"),
    ("cp1252", _("Windows Western (cp1252)")),
    ("gb18030", _("Chinese (GB18030)")),
]
DELIMITERS = [("", _("Detect")), (";", _("Semicolon (;)")), (",", _("Comma (,)")), ("\t", _("Tab"))]


class ImportUploadForm(forms.Form):
    entity = forms.ChoiceField(label=_("What the file holds"), choices=Entity.choices)
    preset = forms.ChoiceField(
        label=_("Exported from"),
        choices=Preset.choices,
        required=False,
        help_text=_("Sets the column mapping."),
    )
    file = forms.FileField(label=_("File"), help_text=_("CSV or XLSX, up to 512 MB."))
    locale = forms.ChoiceField(
        label=_("Dates and numbers written as"), choices=FILE_LOCALES, initial="en-US", required=False
    )
    encoding = forms.ChoiceField(label=_("Encoding"), choices=ENCODINGS, required=False)
    delimiter = forms.ChoiceField(label=_("Separator"), choices=DELIMITERS, required=False)


class ImportMappingForm(forms.Form):
    """One choice per column of the file: the field it fills, or nothing."""

    all_or_nothing = forms.BooleanField(
        label=_("Import nothing if any row is bad"), required=False, initial=False
    )

    def __init__(
        self, *args: Any, entity: str, headers: list[str], initial_mapping: dict[int, str], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        choices = [("", _("— do not import —")), *((f.key, f.label) for f in FIELDS[entity])]
        self.headers = headers
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header or _("Column %(number)d") % {"number": index + 1},
                choices=choices,
                required=False,
                initial=initial_mapping.get(index, ""),
            )

    def mapping(self) -> dict[int, str]:
        return {
            index: self.cleaned_data[f"col_{index}"]
            for index in range(len(self.headers))
            if self.cleaned_data.get(f"col_{index}")
        }

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"col_{index}"] for index in range(len(self.headers))]


class ExportForm(forms.Form):
    entity = forms.ChoiceField(label=_("Records"), choices=Entity.choices)
    format = forms.ChoiceField(label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX")], initial="csv")
    delimiter = forms.ChoiceField(
        label=_("Separator (CSV)"),
        choices=[(d, d) for d in CSV_DELIMITERS],
        initial=";",
        required=False,
    )
