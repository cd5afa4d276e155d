"""The audit log: every trust, membership, verification and moderation decision writes a row."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from entraide.core.models import AuditEntry

SECRET_KEYS = ("password", "token", "secret", "key", "phone", "email")


def mask_secrets(data: dict[str, Any]) -> dict[str, Any]:
    """Keep the shape of the data but never a secret or a contact detail in the log."""
    masked: dict[str, Any] = {}
    for key, value in data.items():
        if any(marker in key.lower() for marker in SECRET_KEYS):
            masked[key] = "***"
        elif isinstance(value, dict):
            masked[key] = mask_secrets(value)
        else:
            masked[key] = value
    return masked


def log_action(
    actor: Any, action: str, target: models.Model | None = None, **data: Any
) -> AuditEntry:
    """Write one audit entry; `action` is a dotted name such as `organisations.member.invited`."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        data=mask_secrets(data),
    )


def audit_trail(target: models.Model) -> models.QuerySet[AuditEntry]:
    """The entries about one object, newest first."""
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
