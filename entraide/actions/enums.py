from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.core.bits import BitChoices
from entraide.core.lifecycles import transition


class ActionKind(models.TextChoices):
    MISSION = "mission", _("Mission bénévole")
    EVENT = "event", _("Événement public")
    BROADCAST = "broadcast", _("Diffusion en direct")


class ActionStatus(models.TextChoices):
    """draft → published → closed; draft | published | closed → cancelled (ACTION_LIFECYCLE
    below)."""

    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publiée")
    CLOSED = "closed", _("Clôturée")
    CANCELLED = "cancelled", _("Annulée")


class Skill(BitChoices):
    """Skills wanted by an action; a bit position, like the interests."""

    DIY = 0, _("Bricolage")
    COOKING = 1, _("Cuisine")
    COMPUTING = 2, _("Informatique")
    DRIVING = 3, _("Conduite")
    LANGUAGES = 4, _("Langues")
    FACILITATION = 5, _("Animation")
    SUPPORT = 6, _("Accompagnement")
    LOGISTICS = 7, _("Logistique")
    COMMUNICATION = 8, _("Communication")
    GARDENING = 9, _("Jardinage")
    TUTORING = 10, _("Soutien scolaire")
    FIRST_AID = 11, _("Premiers secours")


class WaitlistMode(models.TextChoices):
    OFFER = "offer", _("Proposer la place à la première personne en attente, qui confirme")
    AUTOMATIC = "automatic", _("Inscrire automatiquement la première personne en attente")


class ParticipationStatus(models.TextChoices):
    """pending (approval) → confirmed | waitlisted | declined; waitlisted → offered → confirmed;
    any active → cancelled; confirmed → attended | no_show (PARTICIPATION_LIFECYCLE below)."""

    PENDING = "pending", _("En attente d’accord")
    CONFIRMED = "confirmed", _("Inscrit·e")
    WAITLISTED = "waitlisted", _("Liste d’attente")
    OFFERED = "offered", _("Place proposée")
    DECLINED = "declined", _("Refusée")
    CANCELLED = "cancelled", _("Annulée")
    ATTENDED = "attended", _("Présent·e")
    NO_SHOW = "no_show", _("Absent·e")


# Statuses that hold (or wait for) a place; a person has at most one of these per slot.
ACTIVE_STATUSES = (
    ParticipationStatus.PENDING,
    ParticipationStatus.CONFIRMED,
    ParticipationStatus.WAITLISTED,
    ParticipationStatus.OFFERED,
)
# Statuses that occupy seats in the slot's capacity.
SEATED_STATUSES = (ParticipationStatus.CONFIRMED, ParticipationStatus.OFFERED)
# Statuses a person's calendar holds (the private feed, the .ics of a participation): a date to
# keep free. A request still waiting for the organisation's answer is not one yet.
CALENDAR_STATUSES = (
    ParticipationStatus.CONFIRMED,
    ParticipationStatus.OFFERED,
    ParticipationStatus.WAITLISTED,
)


class CancellationReason(models.TextChoices):
    UNAVAILABLE = "unavailable", _("Je ne suis plus disponible")
    ILLNESS = "illness", _("Maladie ou imprévu")
    TRANSPORT = "transport", _("Problème de transport")
    CHANGED_MIND = "changed_mind", _("Cela ne me convient plus")
    OTHER = "other", _("Autre raison")


class DeclineReason(models.TextChoices):
    FULL = "full", _("Plus de place pour ce profil")
    REQUIREMENTS = "requirements", _("Ne correspond pas aux besoins de la mission")
    AGE = "age", _("Mission réservée aux majeurs")
    OTHER = "other", _("Autre raison")


# --- Lifecycles (core/lifecycles.py, ADR 0032): every service that changes a status checks its
# step here, with the status read under the row's lock.

ACTION_LIFECYCLE = {
    "publish": transition(
        [ActionStatus.DRAFT], [ActionStatus.PUBLISHED], _("Seul un brouillon peut être publié.")
    ),
    "close": transition(
        [ActionStatus.PUBLISHED],
        [ActionStatus.CLOSED],
        _("Seule une action publiée peut être clôturée."),
    ),
    # A closed action takes no new sign-up but still happens: a storm the day before must
    # still be able to cancel it and tell those who come.
    "cancel": transition(
        [ActionStatus.DRAFT, ActionStatus.PUBLISHED, ActionStatus.CLOSED],
        [ActionStatus.CANCELLED],
        _("Cette action est déjà annulée."),
    ),
}

PARTICIPATION_LIFECYCLE = {
    # The organisation's answer to a request: a place, the waiting list, or no.
    "approve": transition(
        [ParticipationStatus.PENDING],
        [ParticipationStatus.CONFIRMED, ParticipationStatus.WAITLISTED],
        _("Cette demande a déjà reçu une réponse."),
    ),
    "decline": transition(
        [ParticipationStatus.PENDING],
        [ParticipationStatus.DECLINED],
        _("Cette demande a déjà reçu une réponse."),
    ),
    # A freed place, to the first person waiting who fits (actions/waiting_list.py).
    "move_up": transition(
        [ParticipationStatus.WAITLISTED],
        [ParticipationStatus.OFFERED, ParticipationStatus.CONFIRMED],
        _("Cette personne n’attend plus de place."),
    ),
    "claim": transition(
        [ParticipationStatus.OFFERED],
        [ParticipationStatus.CONFIRMED],
        _("Cette place n’est plus proposée."),
    ),
    "lapse": transition(
        [ParticipationStatus.OFFERED],
        [ParticipationStatus.CANCELLED],
        _("Cette place n’est plus proposée."),
    ),
    # The person withdraws, or the whole action is cancelled.
    "withdraw": transition(
        ACTIVE_STATUSES, [ParticipationStatus.CANCELLED], _("Cette inscription est déjà annulée.")
    ),
    # Marked, then corrected as often as needed.
    "mark_attendance": transition(
        [ParticipationStatus.CONFIRMED, ParticipationStatus.ATTENDED, ParticipationStatus.NO_SHOW],
        [ParticipationStatus.ATTENDED, ParticipationStatus.NO_SHOW],
        _("Seules les personnes inscrites peuvent être notées présentes."),
    ),
}
