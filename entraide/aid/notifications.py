"""The kinds of notification of mutual aid, offered on the preferences page.

core.notifications keeps its labels in one table (KIND_LABELS) that the apps above it fill in
place when they load (community.notifications does the same)."""

from django.utils.translation import gettext_lazy as _

from entraide.core.enums import Frequency
from entraide.core.notifications import DEFAULT_FREQUENCY, KIND_LABELS

REQUEST_REACHED = "aid.request_reached"
ANSWERED = "aid.answered"
THANKED = "aid.thanked"

LABELS = {
    REQUEST_REACHED: _("Une demande ou une proposition d’entraide me parvient"),
    ANSWERED: _("Quelqu’un répond à ma demande d’entraide"),
    THANKED: _("On me remercie pour mon aide"),
}


def register_kinds() -> None:
    for kind, label in LABELS.items():
        KIND_LABELS.setdefault(kind, label)
    # A neighbourhood's requests can come by the dozen: they wait for the digest by default.
    DEFAULT_FREQUENCY.setdefault(REQUEST_REACHED, Frequency.DIGEST)
