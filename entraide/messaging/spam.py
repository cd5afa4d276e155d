"""The same message sent by one person across conversations (issue 15): at least 10
characters, 5 near-copies in 7 days, and the latest waits for review as likely spam (hidden
pending a moderator's decision, moderation.services.hold_as_likely_spam). A near-copy is the
same text once normalised: case, accents, digits, punctuation and spacing ignored, so that
« Bonjour Anne ! » and « bonjour  anne » match; its hash is kept on the message."""

import hashlib
import re
import unicodedata
from datetime import timedelta

from django.utils import timezone

from entraide.messaging.models import Message
from entraide.moderation.services import hold_as_likely_spam

SHORTEST = 10
COPIES = 5
WINDOW = timedelta(days=7)


def normalise(body: str) -> str:
    decomposed = unicodedata.normalize("NFKD", body.casefold())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[\W\d_]+", " ", letters).split())


def fingerprint(body: str) -> str:
    """The hash of the normalised text; empty for a text too short to be compared."""
    text = normalise(body)
    if len(text) < SHORTEST:
        return ""
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def hold_if_repeated(message: Message) -> None:
    """In the sending transaction: when this message is the fifth near-copy (or more) its
    sender sent within 7 days into different conversations, hold it for review."""
    if not message.fingerprint or message.sender_id is None:
        return
    conversations = (
        Message.objects.filter(
            sender_id=message.sender_id,
            fingerprint=message.fingerprint,
            created_at__gte=timezone.now() - WINDOW,
            broadcast=False,
        )
        .values("conversation_id")
        .distinct()
        .count()
    )
    if conversations >= COPIES:
        hold_as_likely_spam(message, copies=conversations)
