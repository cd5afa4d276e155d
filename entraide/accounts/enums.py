from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentKind(models.TextChoices):
    VOLUNTEER_DISCOVERABLE = (
        "volunteer_discoverable",
        _("Les associations peuvent trouver mon profil bénévole"),
    )


class PublicNameStyle(models.TextChoices):
    FIRST_NAME_INITIAL = "initial", _("Prénom et initiale du nom (Camille D.)")
    FULL_NAME = "full", _("Prénom et nom")
    PSEUDONYM = "pseudonym", _("Un pseudonyme")
