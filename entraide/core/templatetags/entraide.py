from django import template
from django.utils.safestring import SafeString, mark_safe

from entraide.core.contact_details import mask_contact_details
from entraide.core.text import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Render user Markdown; the output is sanitised by nh3 before it is marked safe."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised just above


@register.filter
def without_contact_details(text: str) -> str:
    """A private text as it may leave the site in an e-mail: phones and addresses masked."""
    return mask_contact_details(str(text))


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters changed (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    return query.urlencode()
