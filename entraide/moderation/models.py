from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.moderation.enums import ReportStatus


class Report(models.Model):
    """Someone tells the moderators that a piece of content (a message, an action, an
    organisation…) breaks the rules. Any model can be reported; the queue is a later issue."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signalé par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    content = GenericForeignKey("content_type", "object_id")
    reason = models.TextField(_("motif"), max_length=2000)
    status = models.CharField(
        _("statut"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="report_queue"),
            models.Index(fields=["content_type", "object_id"], name="report_content"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} ({self.status})"
