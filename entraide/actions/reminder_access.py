"""From the signed token of a reminder's link to its participation: the link works without
logging in, since only the person it was mailed to holds the token.

Belongs in selectors.py (owned by the lead) as `access_reminder`; kept apart until moved."""

from dataclasses import dataclass

from django.core import signing

from entraide.actions.models import Participation
from entraide.actions.tasks import read_reminder_token

ANSWERS = ("coming", "cannot")


class InvalidReminderLink(Exception):
    """The link was altered, has expired, or names a participation that no longer exists."""


@dataclass(frozen=True)
class ReminderAnswer:
    participation: Participation
    answer: str  # "coming" or "cannot"


def access_reminder(token: str) -> ReminderAnswer:
    try:
        participation_id, answer = read_reminder_token(token)
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidReminderLink from error
    participation = (
        Participation.objects.select_related(
            "slot", "slot__action", "slot__action__organisation", "slot__commune", "person"
        )
        .filter(pk=participation_id)
        .first()
    )
    if participation is None or answer not in ANSWERS:
        raise InvalidReminderLink
    return ReminderAnswer(participation=participation, answer=answer)
