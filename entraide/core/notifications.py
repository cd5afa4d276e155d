"""The one entry point through which the platform tells people things.

Every feature calls `notify(recipient, kind, context)`; it renders the message of that kind and
queues its e-mail as a background task once the surrounding transaction commits, so no feature
sends mail by itself and a rolled-back change never sends one. In-app notifications and
per-kind preferences plug in here.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from entraide.core.tasks import send_email


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body: str


def _render_text(template_name: str, context: dict[str, Any]) -> str:
    """Plain-text mail: no HTML escaping, or « L&#x27;Amicale » would reach the reader."""
    template = get_template(template_name).template  # type: ignore[attr-defined]
    return template.render(Context(context, autoescape=False))


def render_email(kind: str, context: dict[str, Any]) -> RenderedEmail:
    """`organisations.verified` is rendered from organisations/email/verified{_subject,}.txt."""
    app, name = kind.split(".", 1)
    full_context = {"site_url": settings.SITE_URL, **context}
    subject = _render_text(f"{app}/email/{name}_subject.txt", full_context)
    body = _render_text(f"{app}/email/{name}.txt", full_context)
    return RenderedEmail(subject=" ".join(subject.split()), body=body.strip() + "\n")


@dataclass(frozen=True)
class Attachment:
    """A small text attachment (an .ics invitation); it travels in the task's JSON arguments."""

    filename: str
    content: str
    mimetype: str


def queue_email(
    to: str, subject: str, body: str, attachments: list[Attachment] | None = None
) -> None:
    """Queue one e-mail for the worker, after the current transaction commits."""
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    full_subject = subject if subject.startswith(prefix) else f"{prefix}{subject}"
    files = [
        {"filename": a.filename, "content": a.content, "mimetype": a.mimetype}
        for a in attachments or []
    ]
    transaction.on_commit(
        lambda: send_email.enqueue(to=to, subject=full_subject, body=body, attachments=files)
    )


def notify(
    recipient: Any,
    kind: str,
    context: dict[str, Any] | None = None,
    *,
    attachments: list[Attachment] | None = None,
) -> None:
    """Tell `recipient` (a user) about `kind`, by e-mail for now, in French by default."""
    if not recipient.email or not recipient.is_active:
        return
    with translation.override(getattr(recipient, "language", None) or settings.LANGUAGE_CODE):
        email = render_email(kind, {"recipient": recipient, **(context or {})})
    queue_email(recipient.email, email.subject, email.body, attachments)


def notify_address(address: str, kind: str, context: dict[str, Any] | None = None) -> None:
    """For the rare message to someone without an account yet (an invitation)."""
    email = render_email(kind, context or {})
    queue_email(address, email.subject, email.body)
