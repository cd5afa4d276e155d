"""The statuses of moderation and the tables of their transitions (ADR 0032: every transition
service asks `core.lifecycles.check` with the status read under the row's lock). The model of
reports, cases and decisions, and how it maps onto the Digital Services Act: ADR 0040."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.core.lifecycles import transition


class ReportStatus(models.TextChoices):
    """open → actioned (the content was dealt with) or dismissed (nothing to do)."""

    OPEN = "open", _("ouvert")
    ACTIONED = "actioned", _("traité")
    DISMISSED = "dismissed", _("classé sans suite")


class ReportReason(models.TextChoices):
    """The list a reporter chooses from (DSA Art. 16)."""

    SPAM = "spam", _("Spam ou publicité")
    SCAM = "scam", _("Arnaque")
    HATEFUL = "hateful", _("Propos haineux ou inappropriés")
    ILLEGAL = "illegal", _("Contenu illégal")
    DANGER = "danger", _("Une personne est en danger")
    OTHER = "other", _("Autre")


class CaseState(models.TextChoices):
    """open → closed (decided) → appealed (the author contests) → closed (the appeal decided)."""

    OPEN = "open", _("à examiner")
    CLOSED = "closed", _("décidé")
    APPEALED = "appealed", _("recours en cours")


# The cases the queue shows: waiting for a first decision or for the appeal's.
PENDING_CASE_STATES = (CaseState.OPEN, CaseState.APPEALED)


class DecisionKind(models.TextChoices):
    HIDE = "hide", _("Masquer le contenu")
    RESTORE = "restore", _("Rétablir le contenu")
    DISMISS = "dismiss", _("Classer sans suite")
    WARN = "warn", _("Avertir l’auteur")
    SUSPEND = "suspend", _("Suspendre l’auteur pour une durée")
    BAN = "ban", _("Exclure l’auteur du territoire")


# The decisions that restrict something of the author's: each sends a statement of reasons
# (DSA Art. 17) and may be appealed.
RESTRICTIVE_DECISIONS = (
    DecisionKind.HIDE,
    DecisionKind.WARN,
    DecisionKind.SUSPEND,
    DecisionKind.BAN,
)
# Suspending or banning the author hides the content too: the person is sanctioned for it.
HIDING_DECISIONS = (DecisionKind.HIDE, DecisionKind.SUSPEND, DecisionKind.BAN)
# A group's moderators act on their group's content; sanctions on a territory are its team's.
GROUP_MODERATOR_DECISIONS = (
    DecisionKind.HIDE,
    DecisionKind.RESTORE,
    DecisionKind.DISMISS,
    DecisionKind.WARN,
)


class AppealState(models.TextChoices):
    OPEN = "open", _("en cours d’examen")
    UPHELD = "upheld", _("décision maintenue")
    REVERSED = "reversed", _("décision annulée")


class SanctionKind(models.TextChoices):
    WARNING = "warning", _("Avertissement")
    SUSPENSION = "suspension", _("Suspension")
    BAN = "ban", _("Exclusion")


REPORT_LIFECYCLE = {
    "decide": transition(
        [ReportStatus.OPEN],
        [ReportStatus.ACTIONED, ReportStatus.DISMISSED],
        _("Ce signalement a déjà été traité."),
    ),
}

CASE_LIFECYCLE = {
    "decide": transition(
        [CaseState.OPEN],
        [CaseState.CLOSED],
        _("Ce dossier a déjà été décidé."),
        refusal_from={CaseState.APPEALED: _("Ce dossier attend la décision sur le recours.")},
    ),
    "appeal": transition(
        [CaseState.CLOSED],
        [CaseState.APPEALED],
        _("Un recours est déjà en cours sur ce dossier."),
        refusal_from={CaseState.OPEN: _("Ce dossier n’est pas encore décidé.")},
    ),
    "decide_appeal": transition(
        [CaseState.APPEALED],
        [CaseState.CLOSED],
        _("Ce recours a déjà été décidé."),
    ),
}

APPEAL_LIFECYCLE = {
    "decide": transition(
        [AppealState.OPEN],
        [AppealState.UPHELD, AppealState.REVERSED],
        _("Ce recours a déjà été décidé."),
    ),
}
