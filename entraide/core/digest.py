"""The daily digest: one e-mail a day listing the notifications a person chose to receive that
way, instead of one e-mail each."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import translation

from entraide.accounts.models import User
from entraide.core.enums import Delivery
from entraide.core.models import Notification
from entraide.core.notifications import (
    DIGEST_KIND,
    queue_email,
    render_email,
    unsubscribe_headers,
    unsubscribe_url,
)

# The digest leaves in the morning, Paris time, whatever the server's clock zone.
DIGEST_HOUR = time(7, 0)
DIGEST_ZONE = ZoneInfo("Europe/Paris")


def next_digest_time(now: datetime) -> datetime:
    """The next DIGEST_HOUR in Paris strictly after `now` (the zone handles summer time)."""
    local = now.astimezone(DIGEST_ZONE)
    today = datetime.combine(local.date(), DIGEST_HOUR, tzinfo=DIGEST_ZONE)
    if today > local:
        return today
    return datetime.combine(local.date() + timedelta(days=1), DIGEST_HOUR, tzinfo=DIGEST_ZONE)


def send_digest(person: User) -> bool:
    """Mark the person's pending digest notifications as sent and queue one e-mail listing
    them (sent after the commit). The rows are locked first, so two runs at once cannot mail
    the same notification twice. False when there was nothing to send."""
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update()
            .filter(recipient=person, delivery=Delivery.DIGEST_PENDING)
            .order_by("created_at", "pk")
        )
        if not pending:
            return False
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            delivery=Delivery.DIGESTED
        )
        if not person.email or not person.is_active:
            return False
        link = unsubscribe_url(person, DIGEST_KIND)
        with translation.override(person.language or settings.LANGUAGE_CODE):
            email = render_email(
                DIGEST_KIND,
                {"recipient": person, "notifications": pending, "unsubscribe_url": link},
            )
        queue_email(person.email, email.subject, email.body, headers=unsubscribe_headers(link))
    return True


def send_pending_digests() -> int:
    """One digest for each person with pending digest notifications; returns how many left."""
    person_ids = (
        Notification.objects.filter(delivery=Delivery.DIGEST_PENDING)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for person in User.objects.filter(pk__in=list(person_ids)).order_by("pk"):
        sent += send_digest(person)
    return sent
