"""Every shipped language is complete, and no translation loses or invents a %(name)s placeholder.

Translators fill these files; this test lists every entry still missing so the gap is visible in CI.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

import salesdesk

LOCALE_DIR = Path(salesdesk.__file__).resolve().parent / "locale"
LANGUAGES = ["de", "it", "zh_Hans", "bg"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifr]")


def _catalogue(language: str) -> polib.POFile:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    assert path.is_file(), f"{path} is missing"
    return polib.pofile(str(path))


def _where(entry: polib.POEntry) -> str:
    context = f" [{entry.msgctxt}]" if entry.msgctxt else ""
    return f"line {entry.linenum}: {entry.msgid!r}{context}"


def _placeholders(text: str) -> list[str]:
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    catalogue = _catalogue(language)

    missing = [
        ("fuzzy " if entry.fuzzy else "untranslated ") + _where(entry)
        for entry in catalogue
        if not entry.obsolete and (entry.fuzzy or not entry.translated())
    ]

    assert not missing, f"{language}: {len(missing)} entries need a translator:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_their_message(language: str) -> None:
    catalogue = _catalogue(language)
    wrong = []

    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            source = set(_placeholders(entry.msgid)) | set(_placeholders(entry.msgid_plural))
            for form, text in sorted(entry.msgstr_plural.items()):
                # a singular form may leave out the count ("one item"), but never invent a name
                found = set(_placeholders(text))
                if text and (
                    not found <= source or (form > 0 and found != set(_placeholders(entry.msgid_plural)))
                ):
                    wrong.append(f"{_where(entry)} form {form}: {sorted(found)} instead of {sorted(source)}")
        elif entry.msgstr and _placeholders(entry.msgstr) != _placeholders(entry.msgid):
            wrong.append(
                f"{_where(entry)}: {_placeholders(entry.msgstr)} instead of {_placeholders(entry.msgid)}"
            )

    assert not wrong, f"{language}: placeholders differ from the message:\n" + "\n".join(wrong)


def test_the_placeholder_pattern_reads_django_style_names() -> None:
    assert _placeholders("%(person)s gave you %(count)d tasks, 100% sure") == ["%(count)d", "%(person)s"]
