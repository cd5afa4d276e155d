import email.policy
import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from entraide.core.scheduling import enqueue_at

logger = logging.getLogger(__name__)

# A failed send is queued again later rather than lost: 1, 4, 9, 16, 25 minutes.
MAX_SEND_ATTEMPTS = 6


class PlatformEmail(EmailMessage):
    """An e-mail whose header lines may run to RFC 5322's 998 characters: the List-Unsubscribe
    URL is longer than 78 and has no space to fold at, and the standard policy would turn it
    into encoded words, which mail clients do not read as a link."""

    def message(self, *, policy: email.policy.Policy | None = email.policy.default) -> Any:
        return super().message(policy=(policy or email.policy.default).clone(max_line_length=998))


@task()
def send_email(
    *,
    to: str,
    subject: str,
    body: str,
    attachments: list[dict] | None = None,
    headers: dict[str, str] | None = None,
    attempt: int = 1,
) -> None:
    """Send one e-mail from the platform's address. No Reply-To is ever set: replies to a
    notification must go through the site, never to another person's address."""
    message = PlatformEmail(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    for attachment in attachments or []:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    try:
        message.send()
    except Exception:
        if attempt >= MAX_SEND_ATTEMPTS:
            logger.exception("Giving up e-mail %r after %d attempts", subject, attempt)
            raise
        logger.warning("E-mail %r failed (attempt %d), queued again", subject, attempt)
        retry = send_email
        if send_email.get_backend().supports_defer:
            retry = send_email.using(run_after=timezone.now() + timedelta(minutes=attempt**2))
        # Only the arguments given: the task's JSON stays as small as the first attempt's.
        extra: dict[str, Any] = {
            key: value
            for key, value in (("attachments", attachments), ("headers", headers))
            if value
        }
        retry.enqueue(to=to, subject=subject, body=body, attempt=attempt + 1, **extra)
        raise


@task()
def send_digests() -> int:
    """Send each person with pending "digest" notifications one e-mail listing them, then
    come back tomorrow at DIGEST_HOUR (Paris time) when the backend can defer work: started
    once (`manage.py send_digests`, or `make run`), the worker keeps the chain going."""
    # Imported here: the digest renders through the notification centre, which imports this
    # module for send_email.
    from entraide.core.digest import next_digest_time, send_pending_digests

    sent = send_pending_digests()
    if not _next_digest_scheduled():
        enqueue_at(send_digests, next_digest_time(timezone.now()))
    return sent


def _next_digest_scheduled() -> bool:
    """Whether a later run already waits in the database queue, so that restarting the site
    (which starts a chain) never runs two chains side by side."""
    backend = send_digests.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        task_path=send_digests.module_path,
        status=TaskResultStatus.READY,
        run_after__gt=timezone.now(),
    ).exists()
