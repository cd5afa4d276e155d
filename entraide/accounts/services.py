from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from entraide.accounts.models import Consent, User
from entraide.core.audit import log_action
from entraide.core.contact_details import check_public_texts, phone_in_e164

PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "public_name_style",
    "pseudonym",
    "phone",
    "street_address",
    "bio",
    "home_commune",
    "shows_participations_to_connections",
)
# What others read of a person (their public name and presentation): no contact details there.
PUBLIC_TEXT_FIELDS = ("first_name", "last_name", "pseudonym", "bio")


def update_profile(actor: User, user: User, **changes: Any) -> User:
    """A person edits their own profile; nobody edits another's from the site. A phone must be
    a number that can be dialled and is stored in E.164; the texts others read carry no phone
    number or e-mail address (ActionRefused otherwise)."""
    if actor.pk != user.pk:
        raise PermissionDenied
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    if "phone" in changes:
        changes["phone"] = phone_in_e164(changes["phone"])
    check_public_texts(
        **{field: changes[field] for field in PUBLIC_TEXT_FIELDS if field in changes}
    )
    with transaction.atomic():
        for field, value in changes.items():
            setattr(user, field, value)
        user.save(update_fields=list(changes))
        log_action(actor, "accounts.profile.updated", user, fields=sorted(changes))
    return user


def record_consent(actor: User, *, kind: str, given: bool) -> Consent:
    """A person gives or withdraws a consent; each change is a new row with its date."""
    with transaction.atomic():
        consent = Consent.objects.create(person=actor, kind=kind, given=given)
        log_action(actor, f"accounts.consent.{'given' if given else 'withdrawn'}", actor, kind=kind)
    return consent
