"""The kinds of notification of moderation, offered on the preferences page (core keeps one
table, KIND_LABELS, which the apps fill in when they load)."""

from django.utils.translation import gettext_lazy as _

from entraide.core.notifications import KIND_LABELS, register_staff_kind

REPORT_RECEIVED = "moderation.report_received"
REPORT_DECIDED = "moderation.report_decided"
STATEMENT = "moderation.statement"
APPEAL_DECIDED = "moderation.appeal_decided"
URGENT_REPORT = "moderation.urgent_report"
REPORTER_WARNED = "moderation.reporter_warned"

LABELS = {
    REPORT_RECEIVED: _("Mon signalement est reçu"),
    REPORT_DECIDED: _("Une décision est prise sur mon signalement"),
    STATEMENT: _("Une décision de modération me concerne"),
    APPEAL_DECIDED: _("Mon recours est examiné"),
    URGENT_REPORT: _("Signalement urgent : une personne en danger (équipe du territoire)"),
}


def register_kinds() -> None:
    for kind, label in LABELS.items():
        KIND_LABELS.setdefault(kind, label)
    register_staff_kind(URGENT_REPORT)
