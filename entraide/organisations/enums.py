from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.core.bits import BitChoices
from entraide.core.lifecycles import transition


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


# --- Lifecycles (core/lifecycles.py, ADR 0032): every service that changes a status checks its
# step here, with the status read under the row's lock.

VERIFICATION_LIFECYCLE = {
    "verify": transition(
        [VerificationStatus.PENDING, VerificationStatus.REJECTED],
        [VerificationStatus.VERIFIED],
        _("Cette organisation est déjà vérifiée."),
    ),
    # Refused, or a verification withdrawn.
    "reject": transition(
        [VerificationStatus.PENDING, VerificationStatus.VERIFIED],
        [VerificationStatus.REJECTED],
        _("Cette organisation est déjà refusée."),
    ),
    # A rejected organisation whose profile is edited goes back to the queue.
    "resubmit": transition(
        [VerificationStatus.REJECTED],
        [VerificationStatus.PENDING],
        _("Seule une organisation refusée repasse en vérification."),
    ),
}

INVITATION_LIFECYCLE = {
    "accept": transition(
        [InvitationStatus.PENDING],
        [InvitationStatus.ACCEPTED],
        _("Cette invitation n’est plus valable."),
    ),
    "revoke": transition(
        [InvitationStatus.PENDING],
        [InvitationStatus.REVOKED],
        _("Cette invitation n’est plus valable."),
    ),
}

PARTNERSHIP_LIFECYCLE = {
    "decide": transition(
        [PartnershipStatus.PENDING],
        [PartnershipStatus.ACCEPTED, PartnershipStatus.DECLINED],
        _("Cette demande a déjà reçu une réponse."),
    ),
    # Either side ends it, or the requester withdraws a request still waiting.
    "end": transition(
        [PartnershipStatus.PENDING, PartnershipStatus.ACCEPTED],
        [PartnershipStatus.ENDED],
        _("Ce partenariat est déjà terminé."),
    ),
}

IDENTITY_CHANGE_LIFECYCLE = {
    "decide": transition(
        [IdentityChangeStatus.PENDING],
        [IdentityChangeStatus.APPROVED, IdentityChangeStatus.REJECTED],
        _("Ce changement a déjà été traité ou retiré."),
    ),
    # The organisation edits its profile back to its verified identity.
    "withdraw": transition(
        [IdentityChangeStatus.PENDING],
        [IdentityChangeStatus.WITHDRAWN],
        _("Ce changement a déjà été traité ou retiré."),
    ),
}
