"""The signed token of a reminder's « je viens / je ne peux plus » links, and the way back from
it to its participation: the link works without logging in, since only the person it was
mailed to holds the token.

`access_reminder` belongs in selectors.py (owned by the lead); kept apart until moved."""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

from entraide.actions.models import Participation

REMINDER_SALT = "actions.reminder"
ANSWERS = ("coming", "cannot")


def reminder_token(participation: Participation, answer: str) -> str:
    """A signed token for the links of the reminder, usable without logging in."""
    return signing.dumps({"p": participation.pk, "a": answer}, salt=REMINDER_SALT)


def read_reminder_token(token: str, *, max_age: timedelta = timedelta(days=14)) -> tuple[int, str]:
    data = signing.loads(token, salt=REMINDER_SALT, max_age=max_age)
    return int(data["p"]), str(data["a"])


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
