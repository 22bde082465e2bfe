"""Form widgets that render faster than Django's own where a page shows many choices."""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe


def _option(option: dict[str, Any]) -> str:
    selected = " selected" if option["selected"] else ""
    return f'<option value="{escape(str(option["value"]))}"{selected}>{escape(str(option["label"]))}</option>'


class PlainSelect(forms.Select):
    """A select whose options are written in one pass.

    Django renders every <option> through a template of its own; a filter offering every person of a
    business unit then spends more time on its options than the page spends on its data. The markup is
    the same: name, attributes, option groups, the selected option, every value and label escaped
    (`html.escape` escapes the same five characters as Django's `escape`).
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = "".join(_option(option) for option in options)
            parts.append(
                f'<optgroup label="{escape(str(group_name))}">{rendered}</optgroup>'
                if group_name
                else rendered
            )
        attributes = flatatt(widget["attrs"])  # flatatt escapes the attribute values itself
        # Safe: every value and label above went through `escape`.
        return mark_safe(
            f'<select name="{escape(str(widget["name"]))}"{attributes}>{"".join(parts)}</select>'
        )
