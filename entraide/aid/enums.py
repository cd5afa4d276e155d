"""The kinds, categories, audiences and statuses of mutual aid, and the table of the statuses'
transitions (ADR 0032: every transition service asks `core.lifecycles.check` with the status
read under the row's lock)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.core.lifecycles import transition


class AidKind(models.TextChoices):
    DEMANDE = "demande", _("Demande")
    PROPOSITION = "proposition", _("Proposition")


class AidCategory(models.TextChoices):
    """One list for both kinds, so that a category names one thing whatever the kind;
    CATEGORIES_OF_KIND says which belong to which."""

    # Asked for
    OBJECT = "objet", _("Un objet")
    SERVICE = "service", _("Un service")
    INFORMATION = "information", _("Une information")
    LOST_FOUND = "perdu-trouve", _("Un objet perdu ou trouvé")
    BORROW = "emprunt", _("Un prêt")
    # Offered
    GIVE = "don", _("Je donne")
    LEND = "pret", _("Je prête")
    SELL = "vente", _("Je vends")
    HELP = "coup-de-main", _("Je propose un service")
    CLASSIFIED = "annonce", _("Petite annonce de confiance")


CATEGORIES_OF_KIND: dict[str, tuple[str, ...]] = {
    AidKind.DEMANDE: (
        AidCategory.OBJECT,
        AidCategory.SERVICE,
        AidCategory.INFORMATION,
        AidCategory.LOST_FOUND,
        AidCategory.BORROW,
    ),
    AidKind.PROPOSITION: (
        AidCategory.GIVE,
        AidCategory.LEND,
        AidCategory.SELL,
        AidCategory.HELP,
        AidCategory.CLASSIFIED,
    ),
}


class AidAudience(models.TextChoices):
    """Who the author's network brings in, on top of the groups chosen (any of them)."""

    GROUPS = "groups", _("Seulement les groupes choisis")
    CONNECTIONS = "connections", _("Mes relations")
    FRIENDS_OF_FRIENDS = "friends_of_friends", _("Mes relations et leurs relations")


class AidStatus(models.TextChoices):
    """open → resolved | withdrawn. Expiry is not a status: a request is expired once its
    `ends_at` is past, so nothing has to run for it."""

    OPEN = "open", _("En cours")
    RESOLVED = "resolved", _("Résolue")
    WITHDRAWN = "withdrawn", _("Retirée")


AID_LIFECYCLE = {
    "resolve": transition(
        [AidStatus.OPEN],
        [AidStatus.RESOLVED],
        _("Cette demande n’est plus en cours."),
        refusal_from={
            AidStatus.RESOLVED: _("Cette demande est déjà résolue."),
            AidStatus.WITHDRAWN: _("Cette demande a été retirée."),
        },
    ),
    "withdraw": transition(
        [AidStatus.OPEN],
        [AidStatus.WITHDRAWN],
        _("Cette demande n’est plus en cours."),
        refusal_from={
            AidStatus.RESOLVED: _("Cette demande est déjà résolue."),
            AidStatus.WITHDRAWN: _("Cette demande est déjà retirée."),
        },
    ),
}
