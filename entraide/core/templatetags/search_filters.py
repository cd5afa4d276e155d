"""The « Filtres » panel of the search pages: how many of its filters a query string sets."""

from django import forms, template

register = template.Library()


@register.simple_tag
def active_filter_count(form: forms.BaseForm, *shown_apart: str) -> int:
    """How many of the form's visible fields, apart from `shown_apart` (the words and the place,
    shown above the panel; a sort order), the query string sets to something else than their
    initial value. A field counts once, however many boxes of it are ticked."""
    data = form.data if form.is_bound else {}
    count = 0
    for field in form.visible_fields():
        if field.name in shown_apart:
            continue
        getlist = getattr(data, "getlist", None)
        values = getlist(field.html_name) if getlist else [data.get(field.html_name)]
        values = [str(value).strip() for value in values if value not in (None, "")]
        initial = form.get_initial_for_field(field.field, field.name)
        if values and values != ([str(initial)] if initial not in (None, "") else []):
            count += 1
    return count


@register.simple_tag
def has_errors_in_panel(form: forms.BaseForm, *shown_apart: str) -> bool:
    """Whether a field of the panel is in error: then the panel opens, so the message shows."""
    if not form.is_bound:
        return False
    return any(name not in (*shown_apart, "__all__") for name in form.errors)
