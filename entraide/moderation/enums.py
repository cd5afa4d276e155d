from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.core.lifecycles import transition


class ReportStatus(models.TextChoices):
    """open → actioned (the content was dealt with) or dismissed (nothing to do)."""

    OPEN = "open", _("ouvert")
    ACTIONED = "actioned", _("traité")
    DISMISSED = "dismissed", _("classé sans suite")


# The moderation queue's services (a later issue) check their step here (core/lifecycles.py).
REPORT_LIFECYCLE = {
    "decide": transition(
        [ReportStatus.OPEN],
        [ReportStatus.ACTIONED, ReportStatus.DISMISSED],
        _("Ce signalement a déjà été traité."),
    ),
}
