"""The kinds of notification of the trusted networks, offered on the preferences page.

core.notifications keeps its labels in one table (KIND_LABELS) that the apps below it fill
in place; core may not import community, so community adds its own kinds when it loads."""

from django.utils.translation import gettext_lazy as _

from entraide.core.enums import Frequency
from entraide.core.notifications import DEFAULT_FREQUENCY, KIND_LABELS

CONNECTION_ASKED = "community.connection_asked"
CONNECTION_ACCEPTED = "community.connection_accepted"
SPONSORSHIP_ASKED = "community.sponsorship_asked"
ADMISSION = "community.admission"
SPONSEE_REMOVED = "community.sponsee_removed"
NEW_POST = "community.new_post"

LABELS = {
    CONNECTION_ASKED: _("Une personne demande à se relier à moi"),
    CONNECTION_ACCEPTED: _("Ma demande de mise en relation est acceptée"),
    SPONSORSHIP_ASKED: _("Une de mes relations demande un parrainage"),
    ADMISSION: _("Réponse à ma demande d’entrer dans un groupe"),
    SPONSEE_REMOVED: _("Une personne que j’ai parrainée est exclue"),
    NEW_POST: _("Une nouvelle publication dans mes groupes"),
}


def register_kinds() -> None:
    for kind, label in LABELS.items():
        KIND_LABELS.setdefault(kind, label)
    # A busy group posts many times a day: its posts wait for the digest unless chosen otherwise.
    DEFAULT_FREQUENCY.setdefault(NEW_POST, Frequency.DIGEST)
