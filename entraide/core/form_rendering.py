"""Django's stock widget templates, written in Python.

A search form (the agenda's has 52 checkboxes) rendered each option through four nested widget
templates: about 13 ms of a cold directory page and more of the agenda's (docs/benchmarks.md,
"Where a cold page spends its time"). `WidgetRenderer` produces the same HTML, byte for byte,
for the stock templates it knows (`core/tests/test_form_rendering.py` compares both on every
kind of widget the project uses), and hands every other template, a project's own widget
included, to the template engine as before."""

from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"


def _attrs(attrs: dict[str, Any]) -> str:
    # attrs.html: a True value is written bare, False left out, anything else as its text.
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    written = f' value="{escape(str(value))}"' if value is not None else ""
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{written}{_attrs(widget["attrs"])}>\n'
    )


# Each function returns what its template writes, the file's last newline included: included
# templates keep theirs; the renderer strips only the outermost one (BaseRenderer.render).
class WidgetRenderer(DjangoTemplates):
    """The default renderer, with the stock input, choice and select templates in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name not in WRITTEN:
            return super().render(template_name, context, request)
        return mark_safe(self._raw(template_name, context["widget"]).strip())  # noqa: S308 - escaped

    def _raw(self, template_name: str, widget: dict[str, Any]) -> str:
        write = WRITTEN.get(template_name)
        if write is None:  # a project's own option template: rendered, not stripped
            return self.get_template(template_name).render({"widget": widget})
        return write(self, widget)

    def _input_file(self, widget: dict[str, Any]) -> str:
        return _input(widget)

    def _including_input(self, widget: dict[str, Any]) -> str:
        return _input(widget) + "\n"

    def _input_option(self, widget: dict[str, Any]) -> str:
        if not widget.get("wrap_label"):
            return _input(widget) + "\n"
        element_id = widget["attrs"].get("id")
        label_for = f' for="{conditional_escape(element_id)}"' if element_id else ""
        label = conditional_escape(widget["label"])
        return f"<label{label_for}>{_input(widget)} {label}</label>\n"

    def _including_input_option(self, widget: dict[str, Any]) -> str:
        return self._input_option(widget) + "\n"

    def _multiple_input(self, widget: dict[str, Any]) -> str:
        attrs = widget["attrs"]
        element_id, css_class = attrs.get("id"), attrs.get("class")
        parts = [
            "<div",
            f' id="{conditional_escape(element_id)}"' if element_id else "",
            f' class="{conditional_escape(css_class)}"' if css_class else "",
            ">",
        ]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f"\n  <div><label>{conditional_escape(group)}</label>")
            parts.extend(
                f"<div>\n    {self._raw(option['template_name'], option)}</div>"
                for option in options
            )
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>\n")
        return "".join(parts)

    def _including_multiple_input(self, widget: dict[str, Any]) -> str:
        return self._multiple_input(widget) + "\n"

    def _select(self, widget: dict[str, Any]) -> str:
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts.extend(
                f"\n  {self._raw(option['template_name'], option)}" for option in group_choices
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>\n")
        return "".join(parts)

    def _select_option(self, widget: dict[str, Any]) -> str:
        return (
            f'<option value="{escape(str(widget["value"]))}"{_attrs(widget["attrs"])}>'
            f"{conditional_escape(widget['label'])}</option>\n"
        )


# Templates that only include input.html, and so write it with one more newline.
INPUT_KINDS = ("text", "number", "email", "url", "password", "hidden", "date", "datetime",
               "time", "search", "tel", "color", "checkbox")  # fmt: skip
WRITTEN: dict[str, Callable[[WidgetRenderer, dict[str, Any]], str]] = {
    f"{WIDGETS}input.html": WidgetRenderer._input_file,
    **{f"{WIDGETS}{kind}.html": WidgetRenderer._including_input for kind in INPUT_KINDS},
    f"{WIDGETS}input_option.html": WidgetRenderer._input_option,
    f"{WIDGETS}checkbox_option.html": WidgetRenderer._including_input_option,
    f"{WIDGETS}radio_option.html": WidgetRenderer._including_input_option,
    f"{WIDGETS}multiple_input.html": WidgetRenderer._multiple_input,
    f"{WIDGETS}checkbox_select.html": WidgetRenderer._including_multiple_input,
    f"{WIDGETS}radio.html": WidgetRenderer._including_multiple_input,
    f"{WIDGETS}select.html": WidgetRenderer._select,
    f"{WIDGETS}select_option.html": WidgetRenderer._select_option,
}
