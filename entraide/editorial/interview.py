"""An interview's body laid out as questions and answers (ADR 0038). The writer keeps plain
Markdown and starts each question's paragraph with « Q : » and each answer's with « R : »;
the page shows each as a block of its own, labelled for screen readers. Text before the first
question is the introduction. Every piece goes through `render_markdown`, so the wrappers are
the only HTML not sanitised, and they are ours."""

import re

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from entraide.core.text import render_markdown
from entraide.editorial.enums import ArticleKind

# « Q : », « Q: », « Q. », « R – »… at the start of a line.
_MARK = re.compile(r"^(?P<mark>[QR])\s*[:.–-]\s*", re.MULTILINE)


def interview_parts(body: str) -> list[tuple[str, str]]:
    """The body cut into ("intro" | "question" | "answer", markdown) pieces, in order."""
    parts: list[tuple[str, str]] = []
    position, kind = 0, "intro"
    for match in _MARK.finditer(body):
        chunk = body[position : match.start()].strip()
        if chunk:
            parts.append((kind, chunk))
        kind = "question" if match.group("mark") == "Q" else "answer"
        position = match.end()
    chunk = body[position:].strip()
    if chunk:
        parts.append((kind, chunk))
    return parts


def render_body(kind: str, body: str) -> SafeString:
    if kind != ArticleKind.INTERVIEW:
        return mark_safe(render_markdown(body))  # noqa: S308 - sanitised by nh3
    labels = {"question": _("Question"), "answer": _("Réponse")}
    pieces = []
    for part, text in interview_parts(body):
        html = mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3
        if part == "intro":
            pieces.append(format_html('<div class="interview__intro">{}</div>', html))
        else:
            pieces.append(
                format_html(
                    '<div class="interview__{}"><span class="visually-hidden">{} </span>{}</div>',
                    part,
                    labels[part],
                    html,
                )
            )
    return format_html(
        '<div class="interview">{}</div>', format_html_join("", "{}", ((p,) for p in pieces))
    )
