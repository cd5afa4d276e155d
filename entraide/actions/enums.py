from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.core.bits import BitChoices


class ActionKind(models.TextChoices):
    MISSION = "mission", _("Mission bénévole")
    EVENT = "event", _("Événement public")
    BROADCAST = "broadcast", _("Diffusion en direct")


class ActionStatus(models.TextChoices):
    """draft → published → closed | cancelled (one transition service each)."""

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
    """pending (approval) → confirmed | declined; waitlisted → offered → confirmed;
    confirmed → cancelled | attended | no_show."""

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
