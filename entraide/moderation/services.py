"""Writes of moderation (ADR 0040). A report joins the one pending case of its content; a
decision is taken on a case under its row's lock, after the lifecycle's guard, changes the
content through its kind (registry.py), writes the audit log, and tells the author (the
statement of reasons, DSA Art. 17) and the reporters once the transaction commits. Automatic
measures (ADR 0041) are decisions without a moderator, said so in the statement."""

from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entraide.accounts.models import User
from entraide.core.audit import log_action
from entraide.core.exceptions import ActionRefused
from entraide.core.lifecycles import check
from entraide.core.notifications import notify, notify_address
from entraide.core.rate_limits import CountedLimit
from entraide.moderation import notifications as kinds
from entraide.moderation import rules, selectors
from entraide.moderation.enums import (
    APPEAL_LIFECYCLE,
    CASE_LIFECYCLE,
    HIDING_DECISIONS,
    PENDING_CASE_STATES,
    RESTRICTIVE_DECISIONS,
    AppealState,
    CaseState,
    DecisionKind,
    ReportReason,
    ReportStatus,
    SanctionKind,
)
from entraide.moderation.models import (
    APPEAL_WINDOW,
    TEXT_MAX,
    Appeal,
    AppealMessage,
    Decision,
    ModerationCase,
    ModerationSettings,
    Report,
    ReporterStanding,
    Sanction,
    TerritoryModerator,
)
from entraide.moderation.registry import ContentKind, kind_of
from entraide.territories.models import Territory

REASON_MIN_LENGTH = 5
REASON_MAX_LENGTH = TEXT_MAX
SUSPENSION_DAYS_MAX = 365
# ADR 0041: who counts as a trusted reporter, and when reports stop counting.
TRUSTED_ACCOUNT_AGE = timedelta(days=30)
UNFOUNDED_WINDOW = timedelta(days=30)
UNFOUNDED_LIMIT = 5
IGNORED_FOR = timedelta(days=30)
# Visitors: at most so many reports per e-mail address a day, and so many from all visitors an
# hour (a flood guard that asks no IP address of anyone).
VISITOR_REPORTS_PER_ADDRESS = CountedLimit(
    most=10,
    window=timedelta(days=1),
    refusal=gettext_lazy(
        "Vous avez envoyé beaucoup de signalements aujourd’hui : réessayez demain."
    ),
)
VISITOR_REPORTS_PER_HOUR = CountedLimit(
    most=200,
    window=timedelta(hours=1),
    refusal=gettext_lazy(
        "Trop de signalements reçus en ce moment : réessayez dans %(minutes)d minutes, ou "
        "connectez-vous."
    ),
)


def _clean_text(text: str, *, field: str = "reason") -> str:
    text = (text or "").strip()
    if not REASON_MIN_LENGTH <= len(text) <= REASON_MAX_LENGTH:
        raise ActionRefused(
            _("Expliquez en quelques mots ce qui pose problème (%(min)d à %(max)d caractères).")
            % {"min": REASON_MIN_LENGTH, "max": REASON_MAX_LENGTH},
            field=field,
        )
    return text


def _where(kind: ContentKind | None, target: models.Model) -> tuple[int | None, int | None]:
    if kind is None:
        return None, None
    return kind.territory_id_of(target), kind.group_id_of(target)


def _pending_case(
    target: models.Model, kind: ContentKind | None, *, urgent: bool = False
) -> ModerationCase:
    """The content's pending case, locked, opened if there is none (a simultaneous opening
    meets the unique constraint and reads the other's)."""
    content_type = ContentType.objects.get_for_model(target)
    rows = ModerationCase.objects.select_for_update().filter(
        content_type=content_type, object_id=str(target.pk), state__in=PENDING_CASE_STATES
    )
    case = rows.first()
    if case is not None:
        return case
    territory_id, group_id = _where(kind, target)
    try:
        with transaction.atomic():
            return ModerationCase.objects.create(
                content_type=content_type,
                object_id=str(target.pk),
                kind_key=kind.key if kind else f"{content_type.app_label}.{content_type.model}",
                territory_id=territory_id,
                group_id=group_id,
                author_id=kind.author_id_of(target) if kind else None,
                excerpt=(kind.excerpt_of(target) if kind else str(target))[:300],
                content_url=(kind.url_of(target) if kind else "")[:500],
                is_hidden=bool(kind and kind.is_hidden(target)),
                urgent=urgent,
            )
    except IntegrityError:
        return rows.get()


def _is_trusted(person: User, territory_id: int | None, now: Any) -> bool:
    """ADR 0041: a member of the territory (their commune is in it), with an account older than
    30 days and a verified e-mail, none of whose reports was dismissed in the last 90 days."""
    if territory_id is None or person.home_commune_id is None:
        return False
    if person.date_joined > now - TRUSTED_ACCOUNT_AGE:
        return False
    if not Territory.communes.through.objects.filter(
        territory_id=territory_id, commune_id=person.home_commune_id
    ).exists():
        return False
    if not EmailAddress.objects.filter(user=person, verified=True).exists():
        return False
    return not Report.objects.filter(
        reporter=person,
        status=ReportStatus.DISMISSED,
        created_at__gte=now - timedelta(days=90),
    ).exists()


def _is_ignored(person: User, now: Any) -> bool:
    return ReporterStanding.objects.filter(person=person, ignored_until__gt=now).exists()


def report_content(
    actor: Any,
    target: models.Model,
    *,
    reason: str,
    category: str = ReportReason.OTHER,
    content_url: str = "",
    reporter_name: str = "",
    reporter_email: str = "",
    good_faith: bool = True,
) -> Report:
    """Anyone reports a piece of content (DSA Art. 16): a person with an account, or a visitor
    who gives a name and an e-mail address; with a reason of the list, an explanation and the
    statement of good faith. Nobody reports the same content twice, nor their own. The report
    joins the content's pending case; a person in danger reaches the territory's staff at once;
    enough trusted reporters hide the content pending review. Whether the actor may see the
    content is the caller's rule (the report page asks the kind's `visible_to`)."""
    signed_in = rules.is_logged_in(actor)
    if category not in ReportReason.values:
        raise ActionRefused(_("Choisissez un motif de la liste."), field="category")
    reason = _clean_text(reason)
    if not good_faith:
        raise ActionRefused(
            _("Cochez la déclaration de bonne foi pour envoyer le signalement."),
            field="good_faith",
        )
    reporter_name = reporter_name.strip()[:120]
    reporter_email = reporter_email.strip().lower()
    if not signed_in:
        if not reporter_name:
            raise ActionRefused(_("Indiquez votre nom."), field="reporter_name")
        try:
            validate_email(reporter_email)
        except Exception as error:
            raise ActionRefused(
                _("Indiquez une adresse e-mail valide : la réponse vous y sera envoyée."),
                field="reporter_email",
            ) from error
    kind = kind_of(target)
    author_id = kind.author_id_of(target) if kind else None
    if signed_in and author_id == actor.pk:
        raise ActionRefused(_("On ne signale pas son propre contenu."))
    content_type = ContentType.objects.get_for_model(target)
    same = Report.objects.filter(content_type=content_type, object_id=str(target.pk))
    now = timezone.now()
    with transaction.atomic():
        if signed_in:
            # One report at a time per person: the same content cannot be reported twice.
            User.objects.select_for_update().filter(pk=actor.pk).first()
            already = same.filter(reporter=actor).exists()
        else:
            already = same.filter(reporter_email=reporter_email).exists()
            visitors = Report.objects.filter(reporter__isnull=True)
            VISITOR_REPORTS_PER_ADDRESS.ensure_under(visitors.filter(reporter_email=reporter_email))
            VISITOR_REPORTS_PER_HOUR.ensure_under(visitors)
        if already:
            raise ActionRefused(
                _("Vous avez déjà signalé ce contenu : suivez-le dans « Mes signalements ».")
            )
        urgent = category == ReportReason.DANGER
        case = _pending_case(target, kind, urgent=urgent)
        report = Report.objects.create(
            reporter=actor if signed_in else None,
            content_type=content_type,
            object_id=str(target.pk),
            case=case,
            category=category,
            reason=reason,
            content_url=(content_url or case.content_url)[:500],
            reporter_name="" if signed_in else reporter_name,
            reporter_email="" if signed_in else reporter_email,
            good_faith=True,
            territory_id=case.territory_id,
            group_id=case.group_id,
            counted=not (signed_in and _is_ignored(actor, now)),
        )
        case.report_count += 1
        fields = ["report_count"]
        if urgent and not case.urgent:
            case.urgent = True
            fields.append("urgent")
        case.save(update_fields=fields)
        log_action(
            actor, "moderation.report.created", target, report=report.pk, case=case.pk,
            category=category,
        )  # fmt: skip
        _acknowledge(report)
        if urgent:
            _alert_staff(case, report)
        if kind is not None and not case.is_hidden:
            _hide_if_trusted_reporters(case, kind, target, now)
    return report


def _acknowledge(report: Report) -> None:
    context = {"report": report, "case": report.case}
    if report.reporter is not None:
        reporter = report.reporter
        transaction.on_commit(lambda: notify(reporter, kinds.REPORT_RECEIVED, context))
    else:
        address = report.reporter_email
        transaction.on_commit(lambda: notify_address(address, kinds.REPORT_RECEIVED, context))


def _alert_staff(case: ModerationCase, report: Report) -> None:
    """A person in danger (DSA Art. 18): every member of the territory's team is told now."""
    if case.territory_id is None:
        return
    ids = selectors.team_ids(Territory.objects.get(pk=case.territory_id))
    team = list(User.objects.filter(pk__in=ids, is_active=True))
    context = {"case": case, "report": report, "url": case.get_absolute_url()}

    def tell() -> None:
        for person in team:
            notify(person, kinds.URGENT_REPORT, context)

    transaction.on_commit(tell)


def _hide_if_trusted_reporters(
    case: ModerationCase, kind: ContentKind, target: models.Model, now: Any
) -> None:
    threshold = selectors.settings_of(case.territory_id).trusted_reporters
    if not threshold:
        return
    reporters = (
        User.objects.filter(
            reports__case=case, reports__counted=True, reports__status=ReportStatus.OPEN
        )
        .distinct()
        .select_related(None)
    )
    trusted = sum(1 for person in reporters if _is_trusted(person, case.territory_id, now))
    if trusted >= threshold:
        _hold_automatically(
            case,
            kind,
            target,
            reason=_(
                "Signalé par %(count)d membres de confiance du territoire : masqué en attendant "
                "l’examen d’un modérateur."
            )
            % {"count": trusted},
        )


def _hold_automatically(
    case: ModerationCase, kind: ContentKind, target: models.Model, *, reason: str
) -> Decision:
    """An automatic measure: the content is hidden pending review, the case stays in the
    queue, and the author receives the statement of reasons, which says it was automatic."""
    now = timezone.now()
    if not kind.is_hidden(target):
        kind.hide(target, now)
    case.is_hidden = True
    case.held_automatically = True
    case.save(update_fields=["is_hidden", "held_automatically"])
    decision = Decision.objects.create(
        case=case,
        kind=DecisionKind.HIDE,
        reason=reason,
        rule=str(_("Charte du territoire : contenu signalé, en attente d’examen")),
        automatic=True,
        author_id=case.author_id,
        created_at=now,
    )
    log_action(None, "moderation.content.held", target, case=case.pk, decision=decision.pk)
    _send_statement(decision)
    return decision


def hold_as_likely_spam(target: models.Model, *, copies: int) -> Decision | None:
    """The same message sent across conversations (messaging's detection): hidden pending
    review as likely spam, in a case of its own, with an automatic statement of reasons."""
    kind = kind_of(target)
    if kind is None:
        return None
    with transaction.atomic():
        case = _pending_case(target, kind)
        if case.held_automatically:
            return None
        return _hold_automatically(
            case,
            kind,
            target,
            reason=_(
                "Le même message a été envoyé %(count)d fois en quelques jours dans des "
                "conversations différentes : il attend l’examen d’un modérateur."
            )
            % {"count": copies},
        )


def _send_statement(decision: Decision) -> None:
    """The statement of reasons (DSA Art. 17) to the author, on commit."""
    author = decision.author
    if author is None or decision.kind not in RESTRICTIVE_DECISIONS:
        return
    context = {"decision": decision, "case": decision.case, "url": decision.get_absolute_url()}
    transaction.on_commit(lambda: notify(author, kinds.STATEMENT, context))


def _tell_reporter(report: Report, context: dict[str, Any]) -> None:
    """The reporter is told the decision on commit: in the app, or by e-mail for a visitor."""
    person, address = report.reporter, report.reporter_email
    if person is not None:
        transaction.on_commit(lambda: notify(person, kinds.REPORT_DECIDED, context))
    elif address:
        transaction.on_commit(lambda: notify_address(address, kinds.REPORT_DECIDED, context))


def _answer_reporters(case: ModerationCase, decision: Decision) -> None:
    reports = list(case.reports.filter(status=ReportStatus.OPEN).select_related("reporter"))
    status = (
        ReportStatus.DISMISSED if decision.kind == DecisionKind.DISMISS else ReportStatus.ACTIONED
    )
    case.reports.filter(pk__in=[r.pk for r in reports]).update(status=status)
    for report in reports:
        _tell_reporter(report, {"report": report, "decision": decision, "case": case})
    if status == ReportStatus.DISMISSED:
        for person_id in {r.reporter_id for r in reports if r.reporter_id}:
            _weigh_unfounded_reports(person_id)


def _weigh_unfounded_reports(person_id: int) -> None:
    """ADR 0041: 5 reports dismissed within 30 days warn the person; more after the warning,
    within 30 days, and their reports are ignored for 30 days (kept and answered, not counted)."""
    now = timezone.now()
    standing, _created = ReporterStanding.objects.select_for_update().get_or_create(
        person_id=person_id
    )
    if standing.ignored_until and standing.ignored_until > now:
        return
    dismissed = Report.objects.filter(reporter_id=person_id, status=ReportStatus.DISMISSED)
    recently_warned = standing.warned_at and standing.warned_at > now - UNFOUNDED_WINDOW
    if recently_warned:
        if dismissed.filter(created_at__gt=standing.warned_at).exists():
            standing.ignored_until = now + IGNORED_FOR
            standing.save(update_fields=["ignored_until"])
            log_action(None, "moderation.reporter.ignored", standing.person, until=str(now))
        return
    if dismissed.filter(created_at__gte=now - UNFOUNDED_WINDOW).count() >= UNFOUNDED_LIMIT:
        standing.warned_at = now
        standing.save(update_fields=["warned_at"])
        log_action(None, "moderation.reporter.warned", standing.person)
        person = User.objects.get(pk=person_id)
        transaction.on_commit(lambda: notify(person, kinds.REPORTER_WARNED, {}))


def _apply(
    actor: Any, case: ModerationCase, kind_key: str, *, decision: Decision, target: Any
) -> None:
    """The decision's effect on the content and on its author."""
    kind = selectors.kind_of_case(case)
    now = decision.created_at
    if kind is not None and target is not None:
        if kind_key in HIDING_DECISIONS and not kind.is_hidden(target):
            kind.hide(target, now)
        elif kind_key in (DecisionKind.RESTORE, DecisionKind.DISMISS) and kind.is_hidden(target):
            kind.restore(target)
        case.is_hidden = kind.is_hidden(target)
    sanction = {
        DecisionKind.WARN: SanctionKind.WARNING,
        DecisionKind.SUSPEND: SanctionKind.SUSPENSION,
        DecisionKind.BAN: SanctionKind.BAN,
    }.get(kind_key)  # type: ignore[call-overload]
    if sanction and decision.author_id and case.territory_id:
        Sanction.objects.create(
            person_id=decision.author_id,
            territory_id=case.territory_id,
            kind=sanction,
            until=decision.suspended_until,
            decision=decision,
        )


def decide_case(
    actor: User,
    case: ModerationCase,
    *,
    kind: str,
    reason: str,
    rule: str = "",
    days: int | None = None,
) -> Decision:
    """A moderator of the case decides: hide, restore, dismiss, warn, suspend the author for a
    number of days, or ban them; always with a reason. The territory's team may take every
    decision, a group's moderators those on the content alone. The reporters are answered and
    the author receives the statement of reasons."""
    if not rules.is_logged_in(actor):
        raise PermissionDenied
    if kind not in DecisionKind.values:
        raise ActionRefused(_("Choisissez une décision de la liste."), field="kind")
    reason = _clean_text(reason)
    rule = (rule or "").strip()[:300]
    until = None
    if kind == DecisionKind.SUSPEND:
        if not days or not 1 <= days <= SUSPENSION_DAYS_MAX:
            raise ActionRefused(
                _("Indiquez une durée de suspension de 1 à %(most)d jours.")
                % {"most": SUSPENSION_DAYS_MAX},
                field="days",
            )
        until = timezone.now() + timedelta(days=days)
    with transaction.atomic():
        locked = ModerationCase.objects.select_for_update().get(pk=case.pk)
        if kind not in rules.decisions_open_to(actor, locked):
            raise PermissionDenied
        check(CASE_LIFECYCLE["decide"], locked.state)
        target = selectors.content_of(locked, lock=True)
        decision = Decision.objects.create(
            case=locked,
            kind=kind,
            reason=reason,
            rule=rule,
            moderator=actor,
            author_id=locked.author_id,
            suspended_until=until,
        )
        _apply(actor, locked, kind, decision=decision, target=target)
        locked.state = CaseState.CLOSED
        locked.closed_at = decision.created_at
        locked.save(update_fields=["state", "closed_at", "is_hidden"])
        _answer_reporters(locked, decision)
        log_action(
            actor, f"moderation.decision.{kind}", target or locked, case=locked.pk,
            decision=decision.pk, reason=reason, days=days,
        )  # fmt: skip
        _send_statement(decision)
    return decision


def record_authorities_path(actor: User, case: ModerationCase, *, note: str = "") -> None:
    """The moderator of an urgent case says they alerted the authorities (17, 112, PHAROS):
    logged, so that the team knows it was done."""
    if not rules.can_moderate_case(actor, case):
        raise PermissionDenied
    if not case.urgent:
        raise ActionRefused(_("Ce dossier n’est pas signalé comme urgent."))
    with transaction.atomic():
        log_action(actor, "moderation.authorities.alerted", case, note=(note or "").strip()[:300])


# --- Appeals


def file_appeal(actor: User, decision: Decision, *, text: str) -> Appeal:
    """The author contests a decision restricting their content or themselves: once, within
    six months, in a thread; the case returns to the queue."""
    if not rules.is_author_of(actor, decision):
        raise PermissionDenied
    text = _clean_text(text, field="body")
    if decision.kind not in RESTRICTIVE_DECISIONS or decision.on_appeal_id is not None:
        raise ActionRefused(_("Cette décision ne peut pas faire l’objet d’un recours."))
    if timezone.now() > decision.created_at + APPEAL_WINDOW:
        raise ActionRefused(_("Le délai de recours de six mois est passé."))
    with transaction.atomic():
        case = ModerationCase.objects.select_for_update().get(pk=decision.case_id)
        if Appeal.objects.filter(decision=decision).exists():
            raise ActionRefused(_("Vous avez déjà contesté cette décision."))
        if case.state == CaseState.OPEN and decision.automatic:
            # Held automatically, not yet reviewed: the appeal is read with the reports.
            pass
        else:
            check(CASE_LIFECYCLE["appeal"], case.state)
            # New reports may have opened another case on the same content since: one pending
            # case per content (a constraint), so the appeal waits for that one's decision.
            if (
                ModerationCase.objects.filter(
                    content_type_id=case.content_type_id,
                    object_id=case.object_id,
                    state__in=PENDING_CASE_STATES,
                )
                .exclude(pk=case.pk)
                .exists()
            ):
                raise ActionRefused(
                    _(
                        "Ce contenu est de nouveau en cours d’examen : vous pourrez contester "
                        "cette décision une fois ce nouvel examen terminé."
                    )
                )
            case.state = CaseState.APPEALED
            case.save(update_fields=["state"])
        appeal = Appeal.objects.create(decision=decision, author=actor)
        AppealMessage.objects.create(appeal=appeal, author=actor, body=text)
        log_action(actor, "moderation.appeal.filed", case, appeal=appeal.pk)
    return appeal


def write_in_appeal(
    actor: User, appeal: Appeal, *, body: str, private: bool = False
) -> AppealMessage:
    """The author or a moderator of the case writes in the thread; a private note is the
    moderators' alone."""
    body = _clean_text(body, field="body")
    moderator = rules.can_moderate_case(actor, appeal.decision.case)
    if not moderator and not rules.is_author_of(actor, appeal.decision):
        raise PermissionDenied
    with transaction.atomic():
        message = AppealMessage.objects.create(
            appeal=appeal,
            author=actor,
            body=body,
            private=private and moderator,
            from_moderator=moderator,
        )
        if moderator:
            log_action(actor, "moderation.appeal.answered", appeal.decision.case, private=private)
    return message


def decide_appeal(actor: User, appeal: Appeal, *, upheld: bool, reason: str) -> Appeal:
    """A moderator other than the first decision's decides the appeal: the decision stands, or
    it is reversed (the content restored, the sanction lifted). The author is told."""
    if not rules.is_logged_in(actor):
        raise PermissionDenied
    reason = _clean_text(reason)
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().select_related("decision").get(pk=appeal.pk)
        decision = locked.decision
        case = ModerationCase.objects.select_for_update().get(pk=decision.case_id)
        if not rules.can_moderate_case(actor, case):
            raise PermissionDenied
        if decision.moderator_id == actor.pk:
            raise ActionRefused(
                _("Un recours est examiné par un autre modérateur que l’auteur de la décision.")
            )
        check(APPEAL_LIFECYCLE["decide"], locked.state)
        now = timezone.now()
        locked.state = AppealState.UPHELD if upheld else AppealState.REVERSED
        locked.decided_by = actor
        locked.decided_at = now
        locked.save(update_fields=["state", "decided_by", "decided_at"])
        target = selectors.content_of(case, lock=True)
        outcome = Decision.objects.create(
            case=case,
            kind=decision.kind if upheld else DecisionKind.RESTORE,
            reason=reason,
            rule=decision.rule,
            moderator=actor,
            author_id=decision.author_id,
            on_appeal=locked,
            created_at=now,
        )
        if not upheld:
            _apply(actor, case, DecisionKind.RESTORE, decision=outcome, target=target)
            Sanction.objects.filter(decision=decision, lifted_at=None).update(lifted_at=now)
        if case.state in PENDING_CASE_STATES:
            check(
                CASE_LIFECYCLE["decide_appeal" if case.state == CaseState.APPEALED else "decide"],
                case.state,
            )
            case.state = CaseState.CLOSED
            case.closed_at = now
        case.save(update_fields=["state", "closed_at", "is_hidden"])
        if case.reports.filter(status=ReportStatus.OPEN).exists():
            _answer_reporters(case, outcome)
        log_action(
            actor, "moderation.appeal.decided", target or case, appeal=locked.pk,
            upheld=upheld, reason=reason,
        )  # fmt: skip
        author = decision.author
        if author is not None:
            context = {"appeal": locked, "decision": outcome, "url": decision.get_absolute_url()}
            transaction.on_commit(lambda: notify(author, kinds.APPEAL_DECIDED, context))
    return locked


# --- The territory's team and settings


def _ensure_staff(actor: Any, territory: Territory) -> None:
    if not rules.is_territory_staff(actor, territory.pk):
        raise PermissionDenied


def appoint_moderator(actor: User, territory: Territory, person: User) -> TerritoryModerator:
    """The territory's staff appoint a moderator."""
    _ensure_staff(actor, territory)
    with transaction.atomic():
        role, created = TerritoryModerator.objects.get_or_create(
            territory=territory, person=person, defaults={"appointed_by": actor}
        )
        if not created:
            raise ActionRefused(_("Cette personne modère déjà le territoire."), field="email")
        log_action(actor, "moderation.moderator.appointed", territory, person=person.pk)
    return role


def remove_moderator(actor: User, territory: Territory, person_id: int) -> None:
    _ensure_staff(actor, territory)
    with transaction.atomic():
        removed, _rows = TerritoryModerator.objects.filter(
            territory=territory, person_id=person_id
        ).delete()
        if removed:
            log_action(actor, "moderation.moderator.removed", territory, person=person_id)


def update_settings(
    actor: User,
    territory: Territory,
    *,
    trusted_reporters: int,
    watch_words: str,
) -> ModerationSettings:
    """The territory's staff set the number of trusted reporters that hide a content (0: never)
    and the words of the watch list."""
    _ensure_staff(actor, territory)
    if not 0 <= trusted_reporters <= 50:
        raise ActionRefused(_("Choisissez un nombre de 0 à 50."), field="trusted_reporters")
    with transaction.atomic():
        found, _created = ModerationSettings.objects.select_for_update().get_or_create(
            territory=territory
        )
        found.trusted_reporters = trusted_reporters
        found.watch_words = (watch_words or "").strip()[:5000]
        found.save(update_fields=["trusted_reporters", "watch_words"])
        log_action(
            actor, "moderation.settings.changed", territory, trusted_reporters=trusted_reporters
        )
    return found
