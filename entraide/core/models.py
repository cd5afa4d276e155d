from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.core.enums import Delivery, Frequency, OutgoingStatus


class AuditEntry(models.Model):
    """One trust, membership, verification or moderation decision: who, what, on what, when."""

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # What the target was called at the time, so the entry reads well after a deletion.
    target_label = models.CharField(_("cible"), max_length=255, blank=True)
    data = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        verbose_name = _("entrée du journal d’audit")
        verbose_name_plural = _("journal d’audit")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"


class Notification(models.Model):
    """One thing the platform told a person: shown under the bell whatever their e-mail
    preference; `delivery` records what became of its e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("type"), max_length=100)
    title = models.CharField(_("titre"), max_length=255)
    # A path on the site (no domain), or empty when there is nothing to open.
    url = models.CharField(_("lien"), max_length=500, blank=True)
    delivery = models.CharField(
        _("envoi"), max_length=16, choices=Delivery.choices, default=Delivery.NOT_MAILED
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    # Written by a background task: the same task run again (after its worker died) finds the
    # row and tells nobody twice (core/outbox.py). Empty for notifications written by requests.
    key = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The bell counts a person's unread rows on every page.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            # The daily digest looks for pending rows only, a small part of the table.
            models.Index(
                fields=["recipient"],
                condition=models.Q(delivery=Delivery.DIGEST_PENDING),
                name="notification_digest_pending",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~models.Q(key=""), name="one_notification_per_key"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How a person wants one kind of notification e-mailed; no row means immediately."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("type"), max_length=100)
    frequency = models.CharField(_("fréquence"), max_length=12, choices=Frequency.choices)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.frequency}"


class OutgoingEmail(models.Model):
    """One e-mail, written in the transaction of the change it tells about, then sent once by
    the worker that claims it (docs/decisions/0021). The body is emptied once sent."""

    # The same key always makes the same Message-ID: one e-mail however often it is queued.
    key = models.CharField(max_length=200, unique=True)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=OutgoingStatus.choices, default=OutgoingStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # While a worker sends, no other one may; a worker that died lets go when it runs out.
    lease_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail sortant")
        verbose_name_plural = _("e-mails sortants")
        indexes = [
            # The sweep looks for the few rows still waiting, never the sent ones.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status__in=[OutgoingStatus.QUEUED, OutgoingStatus.SENDING]),
                name="outgoing_email_waiting",
            ),
            models.Index(fields=["status", "sent_at"], name="outgoing_email_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
