from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.core.bits import BitChoices


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    COLLECTIVE = "collective", _("Collectif")
    INSTITUTION = "institution", _("Institution")
    COMPANY = "company", _("Entreprise")
    PROFESSIONAL = "professional", _("Professionnel·le")


class Interest(BitChoices):
    """The fixed taxonomy of interests. The value is a bit position: an organisation's interests
    are one integer mask, so "any of these interests" is one bitwise AND on both databases."""

    SOLIDARITY = 0, _("Solidarité")
    ENVIRONMENT = 1, _("Environnement")
    CULTURE = 2, _("Culture")
    SPORT = 3, _("Sport")
    EDUCATION = 4, _("Éducation")
    HEALTH = 5, _("Santé")
    ANIMALS = 6, _("Animaux")
    CITIZENSHIP = 7, _("Citoyenneté")
    YOUTH = 8, _("Jeunesse")
    SENIORS = 9, _("Personnes âgées")
    DISABILITY = 10, _("Handicap")
    HOUSING = 11, _("Logement")
    EMPLOYMENT = 12, _("Emploi et insertion")
    HERITAGE = 13, _("Patrimoine")
    INTERNATIONAL = 14, _("Solidarité internationale")
    LEISURE = 15, _("Loisirs")


class Role(models.TextChoices):
    OWNER = "owner", _("Propriétaire")
    ADMIN = "admin", _("Administrateur·rice")
    MEMBER = "member", _("Membre")


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("En attente de vérification")
    VERIFIED = "verified", _("Vérifiée")
    REJECTED = "rejected", _("Refusée")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    ACCEPTED = "accepted", _("Acceptée")
    REVOKED = "revoked", _("Annulée")


class PartnershipStatus(models.TextChoices):
    PENDING = "pending", _("Demandé")
    ACCEPTED = "accepted", _("Partenaires")
    DECLINED = "declined", _("Refusé")
    ENDED = "ended", _("Terminé")


class IdentityChangeStatus(models.TextChoices):
    """A verified organisation's new name, kind, identifiers or commune, awaiting the staff."""

    PENDING = "pending", _("En attente de validation")
    APPROVED = "approved", _("Validé")
    REJECTED = "rejected", _("Refusé")
    WITHDRAWN = "withdrawn", _("Retiré")
