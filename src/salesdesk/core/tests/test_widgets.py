"""The plain select draws the same control as Django's own select."""

from __future__ import annotations

import re

from django import forms

from salesdesk.core.widgets import PlainSelect


class _PeopleForm(forms.Form):
    person = forms.ChoiceField(
        choices=[("", "---------"), ("1", "Greta Müller"), ("2", "<script>alert(1)</script>"), ("3", "王伟")],
        required=False,
        widget=PlainSelect,
    )
    grouped = forms.ChoiceField(
        choices=[("Sales", [("4", "Иван Петров")]), ("Design", [("5", "Anna & Co")])],
        widget=PlainSelect,
    )


def _compact(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_it_renders_what_djangos_select_renders() -> None:
    plain = _PeopleForm({"person": "3", "grouped": "5"})
    django_form = _PeopleForm({"person": "3", "grouped": "5"})
    for field in django_form.fields.values():
        field.widget = forms.Select(choices=field.widget.choices)

    for name in ("person", "grouped"):
        assert _compact(str(plain[name])) == _compact(str(django_form[name]))


def test_labels_are_escaped_and_the_chosen_option_is_selected() -> None:
    html = str(_PeopleForm({"person": "2"})["person"])

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<option value="2" selected>' in html
    assert html.count(" selected") == 1
    assert 'name="person"' in html
    assert 'id="id_person"' in html
