"""The kinds of notification of the local media, offered on the preferences page (core keeps
their labels in KIND_LABELS, which the apps above it fill when they load)."""

from django.utils.translation import gettext_lazy as _

from entraide.core.notifications import KIND_LABELS

ROLE_GIVEN = "editorial.role_given"
SUBMITTED = "editorial.submitted"
PUBLISHED = "editorial.published"
SENT_BACK = "editorial.sent_back"
PORTRAYAL_REQUESTED = "editorial.portrayal_requested"
PORTRAYAL_APPROVED = "editorial.portrayal_approved"

LABELS = {
    ROLE_GIVEN: _("On me confie un rôle dans la rédaction d’un territoire"),
    SUBMITTED: _("Un article est proposé à ma relecture"),
    PUBLISHED: _("Mon article est publié"),
    SENT_BACK: _("Mon article m’est renvoyé avec un commentaire"),
    PORTRAYAL_REQUESTED: _("Un article parle de moi et attend mon accord"),
    PORTRAYAL_APPROVED: _("Une personne portraiturée approuve mon article"),
}


def register_kinds() -> None:
    for kind, label in LABELS.items():
        KIND_LABELS.setdefault(kind, label)
