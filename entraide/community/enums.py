"""The statuses of the trusted networks and the tables of their transitions (ADR 0032: every
transition service asks `core.lifecycles.check` with the status read under the row's lock)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.core.lifecycles import transition


class ConnectionStatus(models.TextChoices):
    """pending → accepted | declined; pending | accepted → removed; declined | removed →
    pending (asked again: one row per pair, whatever the direction)."""

    PENDING = "pending", _("En attente")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Refusée")
    REMOVED = "removed", _("Retirée")


CONNECTION_LIFECYCLE = {
    "answer": transition(
        [ConnectionStatus.PENDING],
        [ConnectionStatus.ACCEPTED, ConnectionStatus.DECLINED],
        _("Cette demande de mise en relation a déjà reçu une réponse."),
    ),
    # Either side ends it; the asker withdraws a request still waiting.
    "remove": transition(
        [ConnectionStatus.PENDING, ConnectionStatus.ACCEPTED],
        [ConnectionStatus.REMOVED],
        _("Cette relation est déjà terminée."),
    ),
    "ask_again": transition(
        [ConnectionStatus.DECLINED, ConnectionStatus.REMOVED],
        [ConnectionStatus.PENDING],
        _("Une demande est déjà en cours avec cette personne."),
        refusal_from={ConnectionStatus.ACCEPTED: _("Vous êtes déjà en relation.")},
    ),
    # An invitation link accepted: straight to accepted, from no relation or an ended one.
    "connect_by_link": transition(
        [ConnectionStatus.PENDING, ConnectionStatus.DECLINED, ConnectionStatus.REMOVED],
        [ConnectionStatus.ACCEPTED],
        _("Vous êtes déjà en relation."),
    ),
}


class Admission(models.TextChoices):
    OPEN = "open", _("Ouverte à tous")
    APPROVAL = "approval", _("Sur demande validée par un administrateur")
    SPONSORSHIP = "sponsorship", _("Sur parrainage")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public : listé, contenu lisible par tous")
    MEMBERS = "members", _("Réservé aux membres : listé, contenu pour les membres")
    SECRET = "secret", _("Secret : jamais listé, sur invitation seulement")


# Groups anyone may find in the list of groups; a secret group exists only for its members.
LISTED_VISIBILITIES = (Visibility.PUBLIC, Visibility.MEMBERS)


class GroupRole(models.TextChoices):
    ADMIN = "admin", _("Administrateur")
    MODERATOR = "moderator", _("Modérateur")
    MEMBER = "member", _("Membre")


class MembershipState(models.TextChoices):
    """requested → active | refused | left (withdrawn); active → left | revoked."""

    REQUESTED = "requested", _("Demande en cours")
    ACTIVE = "active", _("Membre")
    REFUSED = "refused", _("Demande refusée")
    LEFT = "left", _("A quitté le groupe")
    REVOKED = "revoked", _("Exclu·e")


# A person has at most one of these per group (a constraint); the others are history.
LIVE_MEMBERSHIP_STATES = (MembershipState.REQUESTED, MembershipState.ACTIVE)

MEMBERSHIP_LIFECYCLE = {
    "admit": transition(
        [MembershipState.REQUESTED],
        [MembershipState.ACTIVE],
        _("Cette demande a déjà reçu une réponse."),
        refusal_from={MembershipState.ACTIVE: _("Cette personne est déjà membre du groupe.")},
    ),
    "refuse": transition(
        [MembershipState.REQUESTED],
        [MembershipState.REFUSED],
        _("Cette demande a déjà reçu une réponse."),
    ),
    "sponsor": transition(
        [MembershipState.REQUESTED],
        [MembershipState.REQUESTED, MembershipState.ACTIVE],
        _("Cette demande n’attend plus de parrainage."),
        refusal_from={MembershipState.ACTIVE: _("Cette personne est déjà membre du groupe.")},
    ),
    "leave": transition(
        [MembershipState.REQUESTED, MembershipState.ACTIVE],
        [MembershipState.LEFT],
        _("Vous n’êtes plus membre de ce groupe."),
    ),
    "revoke": transition(
        [MembershipState.ACTIVE],
        [MembershipState.REVOKED],
        _("Cette personne n’est plus membre du groupe."),
    ),
    # Role changes, charter acceptance, trust and restoring a right: members only.
    "act_as_member": transition(
        [MembershipState.ACTIVE],
        [MembershipState.ACTIVE],
        _("Cette personne n’est pas membre actif du groupe."),
    ),
}


class SponsorshipState(models.TextChoices):
    """pending (the candidate waits) → active (admitted); pending | active → revoked (the
    request refused or withdrawn, or the member excluded). Never deleted."""

    PENDING = "pending", _("En attente")
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Révoquée")


SPONSORSHIP_LIFECYCLE = {
    "activate": transition(
        [SponsorshipState.PENDING],
        [SponsorshipState.ACTIVE],
        _("Ce parrainage n’est plus en attente."),
    ),
    "revoke": transition(
        [SponsorshipState.PENDING, SponsorshipState.ACTIVE],
        [SponsorshipState.REVOKED],
        _("Ce parrainage est déjà révoqué."),
    ),
}


class ReactionKind(models.TextChoices):
    """The short fixed set of reactions to a post: words of mutual aid, no score."""

    MERCI = "merci", _("Merci")
    BRAVO = "bravo", _("Bravo")
    SOUTIEN = "soutien", _("Soutien")
    JE_PEUX_AIDER = "je_peux_aider", _("Je peux aider")
