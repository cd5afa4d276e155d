"""The notification centre: the one entry point through which the platform tells people things.

Every feature calls `notify(recipient, kind, context)`. It writes an in-app notification (the
bell, the notifications page) and, following the recipient's preference for that kind, queues
its e-mail now, keeps it for the daily digest, or sends none. E-mails leave once the surrounding
transaction commits, so a rolled-back change never sends one; they come from the platform's
address, carry an unsubscribe link that works without logging in, and never another person's
address: replies go through the site.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from entraide.core import outbox
from entraide.core.bulk_rows import insert_ignoring_conflicts
from entraide.core.enums import Delivery, Frequency
from entraide.core.models import Notification, NotificationPreference

# The kinds a person can tune on their preferences page, with their French labels. A kind
# missing here still works (mailed at once); add it so people can choose.
KIND_LABELS: dict[str, Promise] = {
    "messaging.new_conversation": _("Nouveau message adressé à mon organisation"),
    "messaging.new_reply": _("Réponse dans une conversation"),
    "messaging.organisation_wrote": _("Une organisation m’écrit"),
    "messaging.person_wrote": _("Une personne m’écrit"),
    "actions.participation_confirmed": _("Inscription confirmée"),
    "actions.participation_pending": _("Inscription en attente de validation"),
    "actions.participation_waitlisted": _("Inscription sur liste d’attente"),
    "actions.participation_declined": _("Inscription refusée"),
    "actions.place_offered": _("Une place se libère pour moi"),
    "actions.offer_expired": _("Une place proposée a expiré"),
    "actions.action_cancelled": _("Action annulée"),
    "actions.reminder_two_days": _("Rappel deux jours avant une action"),
    "actions.reminder_day_before": _("Rappel la veille d’une action"),
    "organisations.verified": _("Organisation vérifiée"),
    "organisations.rejected": _("Organisation refusée"),
    "organisations.awaiting_verification": _("Organisation à vérifier (équipe du territoire)"),
    "organisations.identity_change_requested": _(
        "Changement d’identité à valider (équipe du territoire)"
    ),
    "organisations.identity_change_approved": _("Changement d’identité validé"),
    "organisations.identity_change_rejected": _("Changement d’identité refusé"),
    "organisations.ownership_received": _("Je deviens propriétaire d’une organisation"),
    "organisations.partnership_requested": _("Demande de partenariat"),
    "organisations.partnership_accepted": _("Partenariat accepté"),
}

# Kinds only some people receive: territory staff, and the people of an organisation. The
# preferences page offers them to those people alone (read through the person's own related
# rows, `staffed_territories` and `memberships`, so that core imports none of the apps above).
STAFF_KINDS = {"organisations.awaiting_verification", "organisations.identity_change_requested"}


def register_staff_kind(kind: str) -> None:
    """A kind an app above core sends to territory staff alone (moderation's urgent reports)."""
    STAFF_KINDS.add(kind)


ORGANISATION_KINDS = frozenset(
    {
        "messaging.new_conversation",
        "organisations.verified",
        "organisations.rejected",
        "organisations.identity_change_approved",
        "organisations.identity_change_rejected",
        "organisations.ownership_received",
        "organisations.partnership_requested",
        "organisations.partnership_accepted",
    }
)


def kinds_received_by(person: Any) -> list[str]:
    """The kinds of KIND_LABELS this person can receive, in their order."""
    is_staff = _has_any(person, "staffed_territories")
    in_an_organisation = _has_any(person, "memberships")
    return [
        kind
        for kind in KIND_LABELS
        if (kind not in STAFF_KINDS or is_staff)
        and (kind not in ORGANISATION_KINDS or in_an_organisation)
    ]


def _has_any(person: Any, related_name: str) -> bool:
    related = getattr(person, related_name, None)
    return related is not None and related.exists()


# Time-critical kinds: mailed at once whatever the preference (a place offered for a few hours,
# the reminder that lets a participant say they cannot come). They carry no unsubscribe link.
ALWAYS_IMMEDIATE = frozenset({"actions.reminder_two_days", "actions.place_offered"})

# Kinds that can come by the dozen (a request for help relayed across a neighbourhood, the
# posts of a busy group) wait for the daily digest unless the person chose otherwise; every
# other kind is mailed at once. The apps above core add theirs when they load.
DEFAULT_FREQUENCY: dict[str, str] = {}


def default_frequency(kind: str) -> str:
    return DEFAULT_FREQUENCY.get(kind, Frequency.IMMEDIATELY)


# The kind named in the unsubscribe link of the daily digest: it turns every "digest" kind of
# the person to "never".
DIGEST_KIND = "core.digest"

UNSUBSCRIBE_SALT = "entraide.core.notifications.unsubscribe"

# Where a notification leads, when the context gives no `url`: the first of these objects.
URL_SOURCES = ("conversation", "action", "slot", "organisation")


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
    to: str,
    subject: str,
    body: str,
    attachments: list[Attachment] | None = None,
    *,
    headers: dict[str, str] | None = None,
    key: str = "",
) -> None:
    """Write one e-mail to the outbox in the current transaction; a worker sends it once that
    commits (core/outbox.py). A `key` already used sends nothing more."""
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    full_subject = subject if subject.startswith(prefix) else f"{prefix}{subject}"
    files = [
        {"filename": a.filename, "content": a.content, "mimetype": a.mimetype}
        for a in attachments or []
    ]
    outbox.queue(to, full_subject, body, attachments=files, headers=headers, key=key)


# --- Preferences and unsubscribe tokens


def label_of(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def frequency_of(person: Any, kind: str) -> str:
    """The person's choice for `kind`; the kind's default when they made none, and immediately
    always for the time-critical kinds."""
    if kind in ALWAYS_IMMEDIATE:
        return Frequency.IMMEDIATELY
    frequency = (
        NotificationPreference.objects.filter(person=person, kind=kind)
        .values_list("frequency", flat=True)
        .first()
    )
    return frequency or default_frequency(kind)


def unsubscribe_token(person: Any, kind: str) -> str:
    """A signed (person, kind) pair: whoever holds the e-mail may stop that kind of mail, and
    nothing else. It does not expire, as links in old mails must keep working."""
    return signing.dumps({"u": person.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(person id, kind) of a token; raises signing.BadSignature when it was tampered with."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise signing.BadSignature("malformed unsubscribe token")
    return data["u"], str(data.get("k", ""))


def _absolute(name: str, *args: Any) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def unsubscribe_url(person: Any, kind: str) -> str:
    return _absolute("core:unsubscribe", unsubscribe_token(person, kind))


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail clients show their own "unsubscribe" button, one click."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def set_frequency(person: Any, kind: str, frequency: str) -> None:
    """Record the person's choice for one kind (the time-critical kinds cannot be changed)."""
    if kind in ALWAYS_IMMEDIATE:
        return
    if frequency == default_frequency(kind):
        # No row is the default; keeping the table to real choices keeps it small.
        NotificationPreference.objects.filter(person=person, kind=kind).delete()
        return
    NotificationPreference.objects.update_or_create(
        person=person, kind=kind, defaults={"frequency": frequency}
    )


def unsubscribe(person: Any, kind: str) -> None:
    """What the unsubscribe link does: that kind becomes "never"; the digest's own link turns
    every "digest" kind of the person to "never"."""
    with transaction.atomic():
        if kind == DIGEST_KIND:
            NotificationPreference.objects.filter(person=person, frequency=Frequency.DIGEST).update(
                frequency=Frequency.NEVER
            )
            # The kinds in the digest by default have no row: write their "never".
            chosen = NotificationPreference.objects.filter(person=person).values_list(
                "kind", flat=True
            )
            NotificationPreference.objects.bulk_create(
                [
                    NotificationPreference(person=person, kind=kind, frequency=Frequency.NEVER)
                    for kind, frequency in DEFAULT_FREQUENCY.items()
                    if frequency == Frequency.DIGEST and kind not in set(chosen)
                ]
            )
            Notification.objects.filter(recipient=person, delivery=Delivery.DIGEST_PENDING).update(
                delivery=Delivery.NOT_MAILED
            )
        else:
            set_frequency(person, kind, Frequency.NEVER)


# --- Notifying


def _url_of(context: dict[str, Any]) -> str:
    if context.get("url"):
        return str(context["url"])
    for key in URL_SOURCES:
        target = context.get(key)
        if target is not None and hasattr(target, "get_absolute_url"):
            return str(target.get_absolute_url())
    return ""


def _footer(recipient: Any, kind: str) -> str:
    always = kind in ALWAYS_IMMEDIATE
    return _render_text(
        "core/email/footer.txt",
        {
            "site_url": settings.SITE_URL,
            "always": always,
            "label": label_of(kind),
            "unsubscribe_url": "" if always else unsubscribe_url(recipient, kind),
            "preferences_url": _absolute("core:notification_preferences"),
        },
    )


def notify(
    recipient: Any,
    kind: str,
    context: dict[str, Any] | None = None,
    *,
    attachments: list[Attachment] | None = None,
) -> None:
    """Tell `recipient` (a user) about `kind`: an in-app notification always, and an e-mail
    now, in the daily digest or never, as they chose for that kind (time-critical kinds are
    always mailed now). Rendered in the recipient's language, French by default."""
    if not recipient.is_active:
        return
    context = context or {}
    frequency = frequency_of(recipient, kind)
    with translation.override(getattr(recipient, "language", None) or settings.LANGUAGE_CODE):
        email = render_email(kind, {"recipient": recipient, **context})
        footer = _footer(recipient, kind) if frequency == Frequency.IMMEDIATELY else ""
    if not recipient.email or frequency == Frequency.NEVER:
        delivery = Delivery.NOT_MAILED
    elif frequency == Frequency.DIGEST:
        delivery = Delivery.DIGEST_PENDING
    else:
        delivery = Delivery.MAILED
    # Inside a task the key names this notification of this run: the same task run again
    # (its worker died) finds it written and tells the person nothing twice.
    key = outbox.task_key("notify", recipient.pk, kind)
    try:
        with transaction.atomic():
            Notification.objects.create(
                recipient=recipient,
                kind=kind,
                title=email.subject[:255],
                url=_url_of(context)[:500],
                delivery=delivery,
                key=key,
            )
            if delivery == Delivery.MAILED:
                headers = None
                if kind not in ALWAYS_IMMEDIATE:
                    headers = unsubscribe_headers(unsubscribe_url(recipient, kind))
                body = f"{email.body}\n{footer}"
                queue_email(
                    recipient.email, email.subject, body, attachments, headers=headers, key=key
                )
    except IntegrityError:
        if not key:
            raise


def notify_many(
    recipient_ids: Iterable[int],
    kind: str,
    context: dict[str, Any] | None = None,
    *,
    batch_size: int = 1000,
) -> int:
    """Tell many people the same thing (a request for help reaching a neighbourhood, a new post
    in a group): what `notify` does for each, in batches of one query for the people, one for
    their preferences and one bulk insert. The subject is rendered once per language, so the
    kind's subject template must not depend on the recipient; the body is rendered only for
    those who want the e-mail now. Inside a task, a run started again writes nobody twice.
    Returns the number of people told (a replayed run counts them again)."""
    context = context or {}
    url = _url_of(context)[:500]
    titles: dict[str, str] = {}
    written = 0
    ids = list(dict.fromkeys(recipient_ids))
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        # Plain values, not User instances: building thousands of them was most of the time.
        people = (
            get_user_model()
            .objects.filter(pk__any_of=batch, is_active=True)
            .values_list("pk", "email", "language")
        )
        chosen = dict(
            NotificationPreference.objects.filter(person_id__any_of=batch, kind=kind).values_list(
                "person_id", "frequency"
            )
        )
        rows: list[tuple[int, str, str, str, str, str]] = []
        mailed: dict[int, str] = {}
        for person_id, email, language in people:
            frequency = (
                Frequency.IMMEDIATELY
                if kind in ALWAYS_IMMEDIATE
                else chosen.get(person_id, default_frequency(kind))
            )
            if not email or frequency == Frequency.NEVER:
                delivery = Delivery.NOT_MAILED
            elif frequency == Frequency.DIGEST:
                delivery = Delivery.DIGEST_PENDING
            else:
                delivery = Delivery.MAILED
            key = outbox.task_key("notify", person_id, kind)
            if delivery == Delivery.MAILED:
                mailed[person_id] = key
            language = language or settings.LANGUAGE_CODE
            if language not in titles:
                with translation.override(language):
                    titles[language] = render_email(kind, context).subject[:255]
            rows.append((person_id, kind, titles[language], url, str(delivery), key))
        with transaction.atomic():
            # A replayed task meets its own keys and skips them (one_notification_per_key).
            insert_ignoring_conflicts(
                Notification,
                ("recipient_id", "kind", "title", "url", "delivery", "key"),
                rows,
                batch_size=batch_size,
            )
            written += len(rows)
            if mailed:
                for person in get_user_model().objects.filter(pk__in=list(mailed)).order_by("pk"):
                    _mail_now(person, kind, context, key=mailed[person.pk])
    return written


def _mail_now(recipient: Any, kind: str, context: dict[str, Any], *, key: str) -> None:
    language = getattr(recipient, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        email = render_email(kind, {"recipient": recipient, **context})
        footer = _footer(recipient, kind)
    headers = None
    if kind not in ALWAYS_IMMEDIATE:
        headers = unsubscribe_headers(unsubscribe_url(recipient, kind))
    queue_email(
        recipient.email,
        email.subject,
        f"{email.body}\n{footer}",
        headers=headers,
        key=key,
    )


def notify_address(address: str, kind: str, context: dict[str, Any] | None = None) -> None:
    """For the rare message to someone without an account yet (an invitation): no in-app row
    and no preference, as there is no one to attach them to."""
    email = render_email(kind, context or {})
    queue_email(address, email.subject, email.body)


# --- Reading


def unread_count(person: Any) -> int:
    """The bell's number: one indexed count."""
    return Notification.objects.filter(recipient=person, read_at__isnull=True).count()


def mark_read(person: Any, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the person's notifications read (all of them when no ids are given); another
    person's ids are ignored."""
    unread = Notification.objects.filter(recipient=person, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def mark_read_for_url(person: Any, url: str) -> int:
    """Reading a page (a conversation) reads the notifications that led to it."""
    return Notification.objects.filter(recipient=person, url=url, read_at__isnull=True).update(
        read_at=timezone.now()
    )
