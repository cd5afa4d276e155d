"""Writes. A report is a moderation decision's starting point: it is written to the audit log."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.core.audit import log_action
from entraide.core.exceptions import ActionRefused
from entraide.moderation.enums import ReportStatus
from entraide.moderation.models import Report

REASON_MIN_LENGTH = 5
REASON_MAX_LENGTH = 2000


def report_content(actor: User, target: models.Model, *, reason: str) -> Report:
    """A logged-in person reports any content with a reason. Reporting the same content again
    while the first report is open returns that report (with the new reason appended), so a
    person cannot flood the queue. Whether the actor may see the content is the caller's rule."""
    if not actor.is_authenticated:
        raise PermissionDenied
    reason = reason.strip()
    if not REASON_MIN_LENGTH <= len(reason) <= REASON_MAX_LENGTH:
        raise ActionRefused(
            _("Expliquez en quelques mots ce qui pose problème (%(min)d à %(max)d caractères).")
            % {"min": REASON_MIN_LENGTH, "max": REASON_MAX_LENGTH},
            field="reason",
        )
    content_type = ContentType.objects.get_for_model(target)
    with transaction.atomic():
        report = (
            Report.objects.select_for_update()
            .filter(
                reporter=actor,
                content_type=content_type,
                object_id=str(target.pk),
                status=ReportStatus.OPEN,
            )
            .first()
        )
        if report is not None:
            report.reason = f"{report.reason}\n\n{reason}"[:REASON_MAX_LENGTH]
            report.save(update_fields=["reason"])
        else:
            report = Report.objects.create(
                reporter=actor, content_type=content_type, object_id=str(target.pk), reason=reason
            )
        log_action(actor, "moderation.report.created", target, report=report.pk)
    return report
