from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    """How a person wants to be e-mailed about one kind of notification."""

    IMMEDIATELY = "immediately", _("tout de suite")
    DIGEST = "digest", _("dans un résumé quotidien")
    NEVER = "never", _("jamais par e-mail")


class Delivery(models.TextChoices):
    """What became of a notification's e-mail. The in-app row is written whatever it is."""

    MAILED = "mailed", _("envoyée par e-mail")
    DIGEST_PENDING = "digest_pending", _("en attente du résumé")
    DIGESTED = "digested", _("envoyée dans un résumé")
    NOT_MAILED = "not_mailed", _("pas d’e-mail")


class OutgoingStatus(models.TextChoices):
    """Where one e-mail of the outbox stands (docs/decisions/0021)."""

    QUEUED = "queued", _("à envoyer")
    SENDING = "sending", _("en cours d’envoi")
    SENT = "sent", _("envoyé")
    FAILED = "failed", _("abandonné")
