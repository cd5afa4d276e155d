from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    """open → actioned (the content was dealt with) or dismissed (nothing to do)."""

    OPEN = "open", _("ouvert")
    ACTIONED = "actioned", _("traité")
    DISMISSED = "dismissed", _("classé sans suite")
