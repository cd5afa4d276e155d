import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

# A failed send is queued again later rather than lost: 1, 4, 9, 16, 25 minutes.
MAX_SEND_ATTEMPTS = 6


@task()
def send_email(
    *, to: str, subject: str, body: str, attachments: list[dict] | None = None, attempt: int = 1
) -> None:
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
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
        retry.enqueue(
            to=to, subject=subject, body=body, attachments=attachments, attempt=attempt + 1
        )
        raise
