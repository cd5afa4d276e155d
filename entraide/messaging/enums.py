from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    """From which side a user sees a conversation: as the person who wrote to the organisation,
    or as one of the organisation's managers who share its inbox."""

    PERSON = "person", _("en mon nom")
    ORGANISATION = "organisation", _("au nom de l’organisation")
