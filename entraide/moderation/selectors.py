"""Reads of moderation. `access_case` and `access_decision` are the only ways from an id in a
URL to a case or a decision: a case is a 404 for whoever does not moderate it, a decision for
whoever is neither its author nor a moderator of its case. The queues read one index in keyset
order (urgent first, then the oldest), never an OFFSET."""

import re
import statistics
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entraide.core.models import AuditEntry
from entraide.moderation import rules
from entraide.moderation.enums import (
    PENDING_CASE_STATES,
    AppealState,
    DecisionKind,
    ReportReason,
    SanctionKind,
)
from entraide.moderation.models import (
    Appeal,
    Decision,
    ModerationCase,
    ModerationSettings,
    Report,
    Sanction,
    TerritoryModerator,
)
from entraide.moderation.registry import ContentKind, content_kind
from entraide.territories.models import Territory

QUEUE_PAGE = 20


def not_found() -> Http404:
    return Http404(_("Cette page n’existe pas."))


def access_case(viewer: Any, pk: int) -> ModerationCase:
    case = ModerationCase.objects.select_related("territory", "author").filter(pk=pk).first()
    if case is None or not rules.can_moderate_case(viewer, case):
        raise not_found()
    return case


def access_decision(viewer: Any, pk: int) -> Decision:
    """Its author reads the statement of reasons; the case's moderators read it too."""
    decision = (
        Decision.objects.select_related("case", "case__territory", "moderator")
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise not_found()
    if not (rules.is_author_of(viewer, decision) or rules.can_moderate_case(viewer, decision.case)):
        raise not_found()
    return decision


def access_appeal(viewer: Any, pk: int) -> Appeal:
    appeal = Appeal.objects.select_related("decision", "decision__case").filter(pk=pk).first()
    if appeal is None:
        raise not_found()
    access_decision(viewer, appeal.decision_id)
    return appeal


def content_of(case: ModerationCase, *, lock: bool = False) -> Any:
    """The reported row, hidden or not, or None once deleted."""
    model = case.content_type.model_class()
    if model is None:
        return None
    rows = model._base_manager.filter(pk=case.object_id)
    if lock:
        rows = rows.select_for_update(of=("self",))
    return rows.first()


def kind_of_case(case: ModerationCase) -> ContentKind | None:
    return content_kind(case.kind_key)


# --- The queue


@dataclass(frozen=True)
class QueuePage:
    cases: list[ModerationCase]
    next_cursor: str


def _cursor_of(case: ModerationCase) -> str:
    return f"{int(case.urgent)}_{case.opened_at.isoformat()}_{case.pk}"


def _after(rows: QuerySet[ModerationCase], cursor: str) -> QuerySet[ModerationCase]:
    """The rows after the cursor in the order (urgent desc, opened_at, id); a tampered cursor
    starts from the beginning."""
    parts = (cursor or "").split("_")
    if len(parts) != 3 or parts[0] not in ("0", "1"):
        return rows
    if not (parts[2].isascii() and parts[2].isdecimal() and len(parts[2]) <= 18):
        return rows
    try:  # a well-formed but impossible date (30 February) raises
        opened_at = parse_datetime(parts[1].replace(" ", "+"))
    except ValueError:
        return rows
    if opened_at is None:
        return rows
    urgent, pk = parts[0] == "1", int(parts[2])
    later = Q(opened_at__gt=opened_at) | Q(opened_at=opened_at, pk__gt=pk)
    if urgent:
        return rows.filter(Q(urgent=False) | (Q(urgent=True) & later))
    return rows.filter(Q(urgent=False) & later)


def queue(
    *, territory: Territory | None = None, group_id: int | None = None, cursor: str = ""
) -> QueuePage:
    """The pending cases of a territory or of a group, urgent first then the oldest, a page at
    a time after `cursor`, each with `reason_counts` (its reports by reason)."""
    rows = ModerationCase.objects.filter(state__in=PENDING_CASE_STATES)
    if territory is not None:
        rows = rows.filter(territory=territory)
    else:
        rows = rows.filter(group_id=group_id)
    rows = _after(rows, cursor).order_by("-urgent", "opened_at", "id")
    cases = list(rows[: QUEUE_PAGE + 1])
    more = len(cases) > QUEUE_PAGE
    cases = cases[:QUEUE_PAGE]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    labels = dict(ReportReason.choices)
    for case_id, category, number in (
        Report.objects.filter(case_id__in=[case.pk for case in cases])
        .values_list("case_id", "category")
        .annotate(number=Count("id"))
        .order_by()
    ):
        counts[case_id][str(labels.get(category, category))] = number
    for case in cases:
        case.reason_counts = sorted(counts[case.pk].items())  # type: ignore[attr-defined]
    return QueuePage(cases=cases, next_cursor=_cursor_of(cases[-1]) if more else "")


def reports_of_case(case: ModerationCase) -> QuerySet[Report]:
    return Report.objects.filter(case=case).select_related("reporter").order_by("created_at", "id")


def decisions_of_case(case: ModerationCase) -> QuerySet[Decision]:
    return Decision.objects.filter(case=case).select_related("moderator").order_by("created_at")


def my_reports(person: Any) -> QuerySet[Report]:
    """The person's reports, newest first, each with its case and the case's decisions."""
    return (
        Report.objects.filter(reporter=person)
        .select_related("case", "content_type")
        .prefetch_related("case__decisions")
        .order_by("-created_at", "-id")
    )


def appeal_thread(appeal: Appeal, viewer: Any) -> QuerySet[Any]:
    """The thread of an appeal: the private notes for the case's moderators alone."""
    rows = appeal.messages.select_related("author").order_by("created_at", "id")
    if not rules.can_moderate_case(viewer, appeal.decision.case):
        rows = rows.filter(private=False)
    return rows


# --- For the other apps


def is_sanctioned(person: Any, territory: Territory | int | None) -> bool:
    """Whether the person is suspended (until a date to come) or banned in the territory: the
    posting services of the apps above refuse them there."""
    if territory is None or not getattr(person, "is_authenticated", False):
        return False
    territory_id = territory if isinstance(territory, int) else territory.pk
    now = timezone.now()
    return (
        Sanction.objects.filter(person_id=person.pk, territory_id=territory_id, lifted_at=None)
        .filter(Q(kind=SanctionKind.BAN) | Q(kind=SanctionKind.SUSPENSION, until__gt=now))
        .exists()
    )


def is_sanctioned_at_commune(person: Any, commune_id: Any) -> bool:
    """Whether the person is suspended or banned in a territory holding the commune."""
    if commune_id is None:
        return False
    territory_ids = Territory.communes.through.objects.filter(commune_id=commune_id).values_list(
        "territory_id", flat=True
    )
    return any(is_sanctioned(person, territory_id) for territory_id in territory_ids)


SANCTIONED_REFUSAL = gettext_lazy(
    "Votre compte est suspendu sur ce territoire par l’équipe de modération : vous ne pouvez "
    "pas y publier pour le moment."
)


def settings_of(territory: Territory | int | None) -> ModerationSettings:
    """The territory's settings, or the defaults (unsaved) when it has none."""
    if territory is None:
        return ModerationSettings()
    territory_id = territory if isinstance(territory, int) else territory.pk
    found = ModerationSettings.objects.filter(territory_id=territory_id).first()
    return found or ModerationSettings(territory_id=territory_id)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def watch_list_words(territory: Territory | int | None, text: str) -> list[str]:
    """The words of the territory's watch list that `text` contains (whole words, case and
    accents ignored), for the gentle prompt « Restons bienveillants » before posting."""
    if territory is None or not text:
        return []
    words = [w.strip() for w in settings_of(territory).watch_words.splitlines() if w.strip()]
    folded = _fold(text)
    return [w for w in words if re.search(rf"(?<!\w){re.escape(_fold(w))}(?!\w)", folded)]


def moderators_of(territory: Territory) -> QuerySet[TerritoryModerator]:
    return TerritoryModerator.objects.filter(territory=territory).select_related("person")


# --- The audit log and the transparency report


def team_ids(territory: Territory) -> list[int]:
    staff = list(territory.staff.values_list("pk", flat=True))
    moderators = list(moderators_of(territory).values_list("person_id", flat=True))
    return sorted(set(staff) | set(moderators))


def audit_entries(
    territory: Territory,
    *,
    action: str = "",
    actor_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEntry]:
    """Every action of the territory's staff and moderators, newest first, filtered."""
    rows = AuditEntry.objects.filter(actor_id__in=team_ids(territory)).select_related("actor")
    if action:
        rows = rows.filter(action__startswith=action)
    if actor_id:
        rows = rows.filter(actor_id=actor_id)
    if since:
        rows = rows.filter(created_at__gte=since)
    if until:
        rows = rows.filter(created_at__lt=until)
    return rows.order_by("-created_at", "-id")


@dataclass(frozen=True)
class Transparency:
    year: int
    reports: int
    reports_by_reason: list[tuple[str, int]]
    decisions_by_kind: list[tuple[str, int]]
    automatic_decisions: int
    median_hours_to_decide: float | None
    appeals: int
    appeals_by_outcome: list[tuple[str, int]]


def transparency(territory: Territory, year: int) -> Transparency:
    """The year's figures of a territory (DSA Art. 15 and 24), by aggregate queries: reports
    received by reason, first decisions by kind, the median time from a case's opening to its
    first decision, and the appeals by outcome."""
    reports = Report.objects.filter(territory=territory, created_at__year=year)
    reasons = dict(ReportReason.choices)
    by_reason = [
        (str(reasons.get(category, category)), number)
        for category, number in reports.values_list("category")
        .annotate(number=Count("id"))
        .order_by("category")
    ]
    decisions = Decision.objects.filter(
        case__territory=territory, created_at__year=year, on_appeal__isnull=True
    )
    kinds = dict(DecisionKind.choices)
    by_kind = [
        (str(kinds.get(kind, kind)), number)
        for kind, number in decisions.values_list("kind")
        .annotate(number=Count("id"))
        .order_by("kind")
    ]
    # The first decision of each case decided this year: how long after the case opened.
    firsts: dict[int, float] = {}
    for case_id, opened_at, decided_at in decisions.order_by("case_id", "created_at").values_list(
        "case_id", "case__opened_at", "created_at"
    ):
        firsts.setdefault(case_id, (decided_at - opened_at).total_seconds() / 3600)
    appeals = Appeal.objects.filter(decision__case__territory=territory, created_at__year=year)
    outcomes = dict(AppealState.choices)
    by_outcome = [
        (str(outcomes.get(state, state)), number)
        for state, number in appeals.values_list("state")
        .annotate(number=Count("id"))
        .order_by("state")
    ]
    return Transparency(
        year=year,
        reports=reports.count(),
        reports_by_reason=by_reason,
        decisions_by_kind=by_kind,
        automatic_decisions=decisions.filter(automatic=True).count(),
        median_hours_to_decide=round(statistics.median(firsts.values()), 1) if firsts else None,
        appeals=appeals.count(),
        appeals_by_outcome=by_outcome,
    )


def content_type_of(model: Any) -> ContentType:
    return ContentType.objects.get_for_model(model)
