from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from entraide.messaging.enums import Side


class Conversation(models.Model):
    """A thread between one person and an organisation (whose owner and admins share its inbox),
    or between two people (`counterpart` instead of `organisation`: mutual aid). The only way
    people reach each other: nobody's e-mail or phone is ever shown."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conversations",
    )
    # In a personal conversation, the one who wrote first.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations"
    )
    # The other person of a personal conversation (empty when it is with an organisation).
    counterpart = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interlocuteur"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="personal_conversations",
    )
    subject = models.CharField(_("objet"), max_length=150)
    # Who wrote first: a person to the organisation, or a manager to a person (found in the
    # volunteer search); the rate limits count each side's own openings.
    started_by = models.CharField(
        _("ouverte par"), max_length=12, choices=Side.choices, default=Side.PERSON
    )
    # What the conversation is about, when it is about an action or one of its slots; the
    # thread outlives them.
    action = models.ForeignKey(
        "actions.Action",
        verbose_name=_("action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
    )
    slot = models.ForeignKey(
        "actions.Slot",
        verbose_name=_("créneau"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at"]
        indexes = [
            models.Index(
                fields=["organisation", "started_by", "created_at"], name="conversation_opened"
            ),
            # A person's inbox reads their conversations from both ends: as `person` (its
            # index leads with the person) and as `counterpart`.
            models.Index(fields=["person", "last_message_at"], name="conversation_of_person"),
            models.Index(
                fields=["counterpart", "last_message_at"], name="conversation_of_counterpart"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, counterpart__isnull=True)
                | Q(organisation__isnull=True, counterpart__isnull=False),
                name="conversation_with_organisation_or_person",
            ),
            models.CheckConstraint(
                condition=~Q(counterpart=F("person")), name="no_conversation_with_oneself"
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("messaging:conversation", args=[self.pk])

    @property
    def is_personal(self) -> bool:
        return self.counterpart_id is not None


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # True when an admin wrote on the organisation's behalf: shown as the organisation.
    from_organisation = models.BooleanField(default=False)
    # True for the organisation's message to every participant of a slot: one act, counted
    # once by the audit log rather than per copy by the message rate limit.
    broadcast = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    # The normalised text's hash (spam.py): the same message sent across conversations.
    fingerprint = models.CharField(max_length=32, blank=True)
    # Hidden by the moderation (moderation_kinds.py): the thread shows a placeholder instead.
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["sender", "created_at"], name="message_sent"),
            models.Index(
                fields=["sender", "fingerprint", "created_at"],
                name="message_copies",
                condition=~models.Q(fingerprint=""),
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class ConversationRead(models.Model):
    """How far one person has read a conversation: each manager of a shared inbox has their
    own mark, so one admin reading does not hide a message from the others."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="reads")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "person"], name="one_read_mark")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} read {self.conversation_id} at {self.last_read_at:%Y-%m-%d %H:%M}"


class Block(models.Model):
    """One side of the pair (a person, an organisation) refuses messages from the other: a
    person blocks an organisation, or a manager blocks a person on the organisation's behalf.
    While it lasts, neither side can start a conversation or reply between them."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="blocks"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messaging_blocks"
    )
    # The side that blocked: PERSON when the person blocked the organisation.
    blocked_by = models.CharField(_("bloqué par"), max_length=12, choices=Side.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("blocage")
        verbose_name_plural = _("blocages")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "blocked_by"], name="one_block_per_side"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} / {self.organisation_id} ({self.blocked_by})"
