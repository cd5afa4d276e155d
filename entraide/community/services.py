"""Writes of the trusted networks. Each service is `verb_noun(actor, obj, *, ...)`: it checks
its rule (a refusal is an ActionRefused whose message is shown to the person, a missing right
a PermissionDenied), runs in one transaction with the rows two requests could race for locked,
checks each change of status through its lifecycle table, writes the audit log and tells
people after the commit (ADR 0030)."""

import secrets
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entraide.accounts.models import User
from entraide.accounts.rules import can_view_member
from entraide.community import notifications as kinds
from entraide.community import rules, selectors
from entraide.community.enums import (
    CONNECTION_LIFECYCLE,
    MEMBERSHIP_LIFECYCLE,
    SPONSORSHIP_LIFECYCLE,
    Admission,
    ConnectionStatus,
    GroupRole,
    MembershipState,
    SponsorshipState,
    Visibility,
)
from entraide.community.models import (
    MAX_SPONSORS_REQUIRED,
    Charter,
    Connection,
    ConnectionInvitation,
    Group,
    Membership,
    PersonBlock,
    Sponsorship,
    Trust,
)
from entraide.core.audit import log_action
from entraide.core.exceptions import ActionRefused
from entraide.core.lifecycles import check
from entraide.core.notifications import notify
from entraide.core.rate_limits import CountedLimit
from entraide.territories.models import Territory

INVITATION_LIFETIME = timedelta(days=14)
# After a refusal, the same person may ask again only this much later.
ASK_AGAIN_AFTER = timedelta(days=30)
CONNECTION_ASKS = CountedLimit(
    most=50,
    window=timedelta(days=1),
    refusal=gettext_lazy(
        "Vous avez déjà fait %(count)d demandes de mise en relation aujourd’hui. "
        "Merci de réessayer demain."
    ),
)
JOIN_REQUESTS = CountedLimit(
    most=20,
    window=timedelta(days=1),
    refusal=gettext_lazy(
        "Vous avez déjà demandé à entrer dans %(count)d groupes aujourd’hui. "
        "Merci de réessayer demain."
    ),
)
NAME_MIN, NAME_MAX = 3, 120
SENTENCE_MIN, SENTENCE_MAX = 10, 300
REASON_MIN, REASON_MAX = 5, 1000
ANSWER_MAX = 1000
CHARTER_MIN, CHARTER_MAX = 10, 10000
MAX_QUESTIONS = 5
# Told of a request for sponsorship: the candidate's connections able to sponsor, at most.
SPONSORS_TOLD = 20


def _ensure_logged_in(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied


def _after_commit(recipient: User, kind: str, context: dict[str, Any]) -> None:
    transaction.on_commit(lambda: notify(recipient, kind, context))


# --- Blocks -------------------------------------------------------------------------------


def block_person(actor: User, person: User) -> PersonBlock:
    """The actor refuses any relation with `person`: their connection ends, neither may ask
    the other again while the block lasts."""
    _ensure_logged_in(actor)
    if actor.pk == person.pk:
        raise ActionRefused(_("Vous ne pouvez pas vous bloquer vous-même."))
    with transaction.atomic():
        block, created = PersonBlock.objects.get_or_create(blocker=actor, blocked=person)
        first, second = rules.pair(actor.pk, person.pk)
        connection = (
            Connection.objects.select_for_update().filter(first_id=first, second_id=second).first()
        )
        if connection is not None and CONNECTION_LIFECYCLE["remove"].allows(connection.status):
            _end_connection(connection)
        if created:
            log_action(actor, "community.person.blocked", person)
    return block


def unblock_person(actor: User, person: User) -> None:
    _ensure_logged_in(actor)
    with transaction.atomic():
        deleted, _rows = PersonBlock.objects.filter(blocker=actor, blocked=person).delete()
        if deleted:
            log_action(actor, "community.person.unblocked", person)


def _ensure_not_blocked(actor: User, person: User) -> None:
    if PersonBlock.objects.filter(blocker=actor, blocked=person).exists():
        raise ActionRefused(
            _("Vous avez bloqué %(person)s : débloquez cette personne d’abord.")
            % {"person": person.public_name}
        )
    if PersonBlock.objects.filter(blocker=person, blocked=actor).exists():
        raise ActionRefused(_("Cette personne ne souhaite pas se relier à vous."))


# --- Connections --------------------------------------------------------------------------


def _lock_pair(a: User, b: User) -> Connection | None:
    first, second = rules.pair(a.pk, b.pk)
    return Connection.objects.select_for_update().filter(first_id=first, second_id=second).first()


def _end_connection(connection: Connection) -> None:
    check(CONNECTION_LIFECYCLE["remove"], connection.status)
    connection.status = ConnectionStatus.REMOVED
    connection.changed_at = timezone.now()
    connection.save(update_fields=["status", "changed_at"])


def ask_connection(actor: User, person: User) -> Connection:
    """Ask `person` to connect. Only someone whose page the actor may see (a shared group, an
    action, a conversation…), never across a block; asking someone who already asked the actor
    accepts their request."""
    _ensure_logged_in(actor)
    if actor.pk == person.pk:
        raise ActionRefused(_("Vous ne pouvez pas vous relier à vous-même."))
    if not person.is_active or not can_view_member(actor, person):
        raise PermissionDenied
    _ensure_not_blocked(actor, person)
    try:
        with transaction.atomic():
            now = timezone.now()
            connection = _lock_pair(actor, person)
            if connection is None:
                CONNECTION_ASKS.ensure_under(
                    Connection.objects.filter(asked_by=actor), date_field="asked_at"
                )
                first, second = rules.pair(actor.pk, person.pk)
                connection = Connection.objects.create(
                    first_id=first,
                    second_id=second,
                    asked_by=actor,
                    asked_at=now,
                    changed_at=now,
                )
            elif connection.status == ConnectionStatus.PENDING and connection.asked_id == actor.pk:
                # They asked first: saying yes to them is answering their request.
                return _answer(actor, connection, accept=True)
            else:
                check(CONNECTION_LIFECYCLE["ask_again"], connection.status)
                if (
                    connection.status == ConnectionStatus.DECLINED
                    and connection.asked_by_id == actor.pk
                    and connection.changed_at > now - ASK_AGAIN_AFTER
                ):
                    raise ActionRefused(_("Cette personne a décliné votre demande récemment."))
                CONNECTION_ASKS.ensure_under(
                    Connection.objects.filter(asked_by=actor), date_field="asked_at"
                )
                connection.status = ConnectionStatus.PENDING
                connection.asked_by = actor
                connection.asked_at = now
                connection.changed_at = now
                connection.save(update_fields=["status", "asked_by", "asked_at", "changed_at"])
            log_action(actor, "community.connection.asked", connection, asked=person.pk)
            _after_commit(
                person, kinds.CONNECTION_ASKED, {"asker": actor, "url": _my_connections()}
            )
    except IntegrityError as error:  # both asked each other at the same instant
        raise ActionRefused(_("Une demande est déjà en cours avec cette personne.")) from error
    return connection


def _my_connections() -> str:
    return reverse("community:connections")


def _answer(actor: User, connection: Connection, *, accept: bool) -> Connection:
    """Inside a transaction, `connection` locked."""
    if connection.asked_id != actor.pk:
        raise PermissionDenied
    check(CONNECTION_LIFECYCLE["answer"], connection.status)
    connection.status = ConnectionStatus.ACCEPTED if accept else ConnectionStatus.DECLINED
    connection.changed_at = timezone.now()
    connection.save(update_fields=["status", "changed_at"])
    log_action(actor, f"community.connection.{connection.status}", connection)
    if accept:
        asker = connection.asked_by
        _after_commit(asker, kinds.CONNECTION_ACCEPTED, {"person": actor, "url": _my_connections()})
    return connection


def _lock_connection(connection: Connection) -> Connection:
    return (
        Connection.objects.select_for_update(of=("self",))
        .select_related("asked_by")
        .get(pk=connection.pk)
    )


def accept_connection(actor: User, connection: Connection) -> Connection:
    _ensure_logged_in(actor)
    with transaction.atomic():
        locked = _lock_connection(connection)
        return _answer(actor, locked, accept=True)


def decline_connection(actor: User, connection: Connection) -> Connection:
    _ensure_logged_in(actor)
    with transaction.atomic():
        locked = _lock_connection(connection)
        return _answer(actor, locked, accept=False)


def remove_connection(actor: User, connection: Connection) -> Connection:
    """Either side ends a connection; the asker withdraws a request still waiting (the person
    asked declines it instead)."""
    _ensure_logged_in(actor)
    with transaction.atomic():
        locked = _lock_connection(connection)
        if actor.pk not in (locked.first_id, locked.second_id):
            raise PermissionDenied
        if locked.status == ConnectionStatus.PENDING and locked.asked_by_id != actor.pk:
            raise ActionRefused(_("Répondez à cette demande plutôt : acceptez-la ou déclinez-la."))
        _end_connection(locked)
        log_action(actor, "community.connection.removed", locked)
    return locked


def invite_by_link(actor: User) -> ConnectionInvitation:
    """The actor's personal invitation link: the one still valid, or a new one for 14 days."""
    _ensure_logged_in(actor)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()
        invitation = (
            ConnectionInvitation.objects.filter(
                inviter=actor, expires_at__gt=timezone.now(), revoked_at__isnull=True
            )
            .order_by("-expires_at")
            .first()
        )
        if invitation is None:
            invitation = ConnectionInvitation.objects.create(
                inviter=actor,
                token=secrets.token_urlsafe(24),
                expires_at=timezone.now() + INVITATION_LIFETIME,
            )
            log_action(actor, "community.invitation.created", invitation)
    return invitation


def revoke_invitation(actor: User, invitation: ConnectionInvitation) -> None:
    if invitation.inviter_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        ConnectionInvitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        log_action(actor, "community.invitation.revoked", invitation)


def accept_invitation(actor: User, token: str) -> Connection:
    """Whoever follows a valid link and accepts is connected with its owner."""
    _ensure_logged_in(actor)
    invitation = ConnectionInvitation.objects.filter(token=token).select_related("inviter").first()
    if (
        invitation is None
        or invitation.revoked_at is not None
        or invitation.expires_at <= timezone.now()
    ):
        raise ActionRefused(_("Ce lien d’invitation n’est plus valable."))
    inviter = invitation.inviter
    if inviter.pk == actor.pk:
        raise ActionRefused(_("C’est votre propre lien d’invitation : partagez-le."))
    if not inviter.is_active:
        raise ActionRefused(_("Ce lien d’invitation n’est plus valable."))
    _ensure_not_blocked(actor, inviter)
    try:
        with transaction.atomic():
            now = timezone.now()
            connection = _lock_pair(actor, inviter)
            if connection is None:
                first, second = rules.pair(actor.pk, inviter.pk)
                connection = Connection(
                    first_id=first, second_id=second, asked_by=inviter, asked_at=now
                )
            else:
                check(CONNECTION_LIFECYCLE["connect_by_link"], connection.status)
            connection.status = ConnectionStatus.ACCEPTED
            connection.changed_at = now
            connection.save()
            log_action(actor, "community.invitation.accepted", invitation)
            _after_commit(
                inviter, kinds.CONNECTION_ACCEPTED, {"person": actor, "url": _my_connections()}
            )
    except IntegrityError as error:
        raise ActionRefused(_("Vous êtes déjà en relation.")) from error
    return connection


# --- Groups -------------------------------------------------------------------------------


def _clean_questions(questions: list[str]) -> list[str]:
    cleaned = [" ".join(q.split()) for q in questions if q.strip()]
    if len(cleaned) > MAX_QUESTIONS:
        raise ActionRefused(
            _("Posez %(count)d questions au plus.") % {"count": MAX_QUESTIONS},
            field="join_questions",
        )
    if any(len(q) > 300 for q in cleaned):
        raise ActionRefused(_("Une question fait 300 caractères au plus."), field="join_questions")
    return cleaned


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "groupe"
    slug, n = base, 1
    while Group.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_group(
    actor: User,
    *,
    name: str,
    description: str = "",
    charter: str,
    admission: str = Admission.APPROVAL,
    sponsors_required: int = 1,
    approval_after_sponsorship: bool = False,
    visibility: str = Visibility.MEMBERS,
    join_questions: list[str] | None = None,
    territory: Territory | None = None,
    parent: Group | None = None,
    anti_collusion: bool = False,
    accountability: bool = True,
) -> Group:
    """Any member creates a group; they become its first admin (its founder) and the charter
    its version 1. A sub-group is created by an active member of its parent."""
    _ensure_logged_in(actor)
    name = " ".join(name.split())
    if not NAME_MIN <= len(name) <= NAME_MAX:
        raise ActionRefused(
            _("Le nom fait entre %(min)d et %(max)d caractères.")
            % {"min": NAME_MIN, "max": NAME_MAX},
            field="name",
        )
    if not 1 <= sponsors_required <= MAX_SPONSORS_REQUIRED:
        raise ActionRefused(
            _("Entre 1 et %(max)d parrains.") % {"max": MAX_SPONSORS_REQUIRED},
            field="sponsors_required",
        )
    if admission not in Admission.values:
        raise ActionRefused(_("Mode d’admission inconnu."), field="admission")
    if visibility not in Visibility.values:
        raise ActionRefused(_("Visibilité inconnue."), field="visibility")
    charter = charter.strip()
    if not CHARTER_MIN <= len(charter) <= CHARTER_MAX:
        raise ActionRefused(
            _("La charte fait entre %(min)d et %(max)d caractères.")
            % {"min": CHARTER_MIN, "max": CHARTER_MAX},
            field="charter",
        )
    if parent is not None and not rules.is_active_member(actor, parent):
        raise ActionRefused(
            _("Seuls les membres d’un groupe y créent des sous-groupes."), field="parent"
        )
    questions = _clean_questions(join_questions or [])
    with transaction.atomic():
        group = Group.objects.create(
            name=name,
            slug=_unique_slug(name),
            description=description.strip(),
            territory=territory,
            parent=parent,
            admission=admission,
            sponsors_required=sponsors_required,
            approval_after_sponsorship=approval_after_sponsorship,
            visibility=visibility,
            join_questions=questions,
            anti_collusion=anti_collusion,
            accountability=accountability,
            created_by=actor,
            charter_version=1,
        )
        Charter.objects.create(group=group, version=1, text=charter, created_by=actor)
        now = timezone.now()
        Membership.objects.create(
            person=actor,
            group=group,
            role=GroupRole.ADMIN,
            state=MembershipState.ACTIVE,
            joined_at=now,
            charter_version=1,
            charter_accepted_at=now,
        )
        log_action(
            actor, "community.group.created", group, visibility=visibility, admission=admission
        )
    return group


def _has_verified_email(person: User) -> bool:
    return EmailAddress.objects.filter(user=person, verified=True).exists()


def ask_to_join(
    actor: User,
    group: Group,
    *,
    answers: list[str] | None = None,
    accept_charter: bool = False,
    invited: bool = False,
    approved_by: User | None = None,
) -> Membership:
    """Ask to join, answering the group's questions and accepting its charter. An open group
    admits at once (except someone once excluded from it, who waits for an admin); the others
    wait for an admin or for sponsors. A verified e-mail address is
    needed, and at most 20 requests a day. `invited`: through an invitation (network.py), which
    shows a secret group; `approved_by`: the admin whose invitation is their approval."""
    _ensure_logged_in(actor)
    if not invited and not rules.can_see_group(actor, group):
        raise PermissionDenied
    if not _has_verified_email(actor):
        raise ActionRefused(
            _("Confirmez d’abord votre adresse e-mail : le lien vous a été envoyé à l’inscription.")
        )
    if group.parent is not None and not rules.is_active_member(actor, group.parent):
        # A secret parent's name is never told to whoever is not in it.
        if not rules.can_see_group(actor, group.parent):
            raise ActionRefused(_("Ce groupe est réservé aux membres de son groupe parent."))
        raise ActionRefused(
            _("Ce groupe est un sous-groupe : entrez d’abord dans « %(parent)s ».")
            % {"parent": group.parent.name}
        )
    if rules.membership_of(actor, group) is not None:
        raise ActionRefused(_("Vous êtes déjà membre de ce groupe, ou votre demande est en cours."))
    if not accept_charter:
        raise ActionRefused(
            _("Acceptez la charte du groupe pour y entrer."), field="accept_charter"
        )
    answers = [a.strip() for a in (answers or [])]
    questions = list(group.join_questions)
    if len(answers) != len(questions) or any(not a for a in answers):
        raise ActionRefused(_("Répondez à chaque question."), field="answers")
    if any(len(a) > ANSWER_MAX for a in answers):
        raise ActionRefused(
            _("Une réponse fait %(max)d caractères au plus.") % {"max": ANSWER_MAX}, field="answers"
        )
    # The groups one created are not requests.
    JOIN_REQUESTS.ensure_under(
        Membership.objects.filter(person=actor).exclude(group__created_by=actor),
        date_field="requested_at",
    )
    try:
        with transaction.atomic():
            now = timezone.now()
            membership = Membership.objects.create(
                person=actor,
                group=group,
                answers=[
                    {"question": q, "answer": a} for q, a in zip(questions, answers, strict=True)
                ],
                charter_version=group.charter_version,
                charter_accepted_at=now,
            )
            log_action(actor, "community.membership.requested", group, membership=membership.pk)
            # Someone once excluded does not walk back into an open group: an admin decides.
            excluded = Membership.objects.filter(
                group=group, person=actor, state=MembershipState.REVOKED
            ).exists()
            if group.admission == Admission.OPEN and not excluded:
                _admit(None, membership)
            elif group.admission == Admission.APPROVAL and approved_by is not None and not excluded:
                _admit(approved_by, membership)
            elif group.admission == Admission.SPONSORSHIP:
                _ask_connections_to_sponsor(actor, group, membership)
    except IntegrityError as error:  # the same person clicking twice at once
        raise ActionRefused(
            _("Vous êtes déjà membre de ce groupe, ou votre demande est en cours.")
        ) from error
    return membership


def _ask_connections_to_sponsor(actor: User, group: Group, membership: Membership) -> None:
    """Tell the candidate's connections who are active members of the group."""
    connected = Connection.objects.filter(
        Q(first_id=actor.pk) | Q(second_id=actor.pk), status=ConnectionStatus.ACCEPTED
    ).values_list("first_id", "second_id")
    ids = {a if b == actor.pk else b for a, b in connected}
    members = (
        Membership.objects.filter(group=group, state=MembershipState.ACTIVE, person_id__in=ids)
        .select_related("person")
        .order_by("pk")[:SPONSORS_TOLD]
    )
    for member in members:
        _after_commit(
            member.person,
            kinds.SPONSORSHIP_ASKED,
            {"candidate": actor, "group": group, "url": _candidate_url(group, membership)},
        )


def _candidate_url(group: Group, membership: Membership) -> str:
    return reverse("community:candidate", args=[group.slug, membership.pk])


def _lock_membership(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("person", "group")
        .get(pk=membership.pk)
    )


def _admit(actor: User | None, membership: Membership) -> None:
    """Inside a transaction, `membership` locked."""
    check(MEMBERSHIP_LIFECYCLE["admit"], membership.state)
    membership.state = MembershipState.ACTIVE
    membership.joined_at = timezone.now()
    membership.decided_by = actor
    membership.save(update_fields=["state", "joined_at", "decided_by"])
    for sponsorship in membership.sponsorships.filter(state=SponsorshipState.PENDING):
        check(SPONSORSHIP_LIFECYCLE["activate"], sponsorship.state)
        sponsorship.state = SponsorshipState.ACTIVE
        sponsorship.save(update_fields=["state"])
    log_action(
        actor, "community.membership.admitted", membership.group, person=membership.person_id
    )
    _after_commit(
        membership.person,
        kinds.ADMISSION,
        {"group": membership.group, "admitted": True, "url": membership.group.get_absolute_url()},
    )


def ensure_can_sponsor(actor: User, group: Group) -> Membership:
    """Raise unless the actor may sponsor in the group; their membership otherwise."""
    sponsor = rules.membership_of(actor, group)
    if sponsor is None or sponsor.state != MembershipState.ACTIVE:
        raise ActionRefused(_("Seuls les membres du groupe peuvent parrainer."))
    if rules.is_newcomer(sponsor):
        raise ActionRefused(
            _(
                "Vous êtes encore nouveau ou nouvelle dans ce groupe : vous pourrez parrainer "
                "après %(days)d jours, ou quand d’autres membres vous auront accordé leur confiance."
            )
            % {"days": group.newcomer_days}
        )
    if rules.has_lost_sponsoring_right(sponsor):
        raise ActionRefused(
            _(
                "Des personnes que vous avez parrainées ont été exclues : vous ne pouvez plus "
                "parrainer dans ce groupe tant qu’un administrateur ne vous a pas rendu ce droit."
            )
        )
    return sponsor


def sponsor_candidate(actor: User, membership: Membership, *, sentence: str) -> Sponsorship:
    """Vouch for a candidate with a short sentence. When the group's number of sponsors is
    reached the candidate is admitted, unless the group also wants an admin's approval."""
    _ensure_logged_in(actor)
    sentence = " ".join(sentence.split())
    if not SENTENCE_MIN <= len(sentence) <= SENTENCE_MAX:
        raise ActionRefused(
            _("Votre phrase de parrainage fait entre %(min)d et %(max)d caractères.")
            % {"min": SENTENCE_MIN, "max": SENTENCE_MAX},
            field="sentence",
        )
    try:
        with transaction.atomic():
            locked = _lock_membership(membership)
            group = locked.group
            if not rules.can_see_group(actor, group):
                raise PermissionDenied
            if group.admission != Admission.SPONSORSHIP:
                raise ActionRefused(_("Ce groupe n’admet pas ses membres par parrainage."))
            if locked.person_id == actor.pk:
                raise ActionRefused(_("Vous ne pouvez pas vous parrainer vous-même."))
            check(MEMBERSHIP_LIFECYCLE["sponsor"], locked.state)
            ensure_can_sponsor(actor, group)
            sponsors = selectors.sponsor_ids_of(locked)
            if actor.pk in sponsors:
                raise ActionRefused(_("Vous avez déjà parrainé cette personne."))
            needed = rules.sponsors_needed(group, selectors.active_member_count(group))
            complete = len(sponsors) + 1 >= needed
            if complete and group.anti_collusion:
                origin = rules.single_origin(group, [*sponsors, actor.pk])
                if origin is not None:
                    raise ActionRefused(
                        _(
                            "Les parrains de cette personne viennent tous du même cercle : il "
                            "faut au moins un parrain venu par quelqu’un d’autre."
                        )
                    )
            sponsorship = Sponsorship.objects.create(
                sponsor=actor,
                candidate=locked.person,
                group=group,
                membership=locked,
                sentence=sentence,
            )
            log_action(
                actor, "community.sponsorship.given", group, candidate=locked.person_id,
                sponsorship=sponsorship.pk,
            )  # fmt: skip
            if complete and not group.approval_after_sponsorship:
                _admit(None, locked)
                sponsorship.refresh_from_db()
    except IntegrityError as error:
        raise ActionRefused(_("Vous avez déjà parrainé cette personne.")) from error
    return sponsorship


def approve_membership(actor: User, membership: Membership) -> Membership:
    """An admin admits a request; a sponsorship group needs its sponsors first."""
    _ensure_logged_in(actor)
    with transaction.atomic():
        locked = _lock_membership(membership)
        group = locked.group
        if not rules.can_review_requests(actor, group):
            raise PermissionDenied
        check(MEMBERSHIP_LIFECYCLE["admit"], locked.state)
        if group.admission == Admission.SPONSORSHIP:
            count = len(selectors.sponsor_ids_of(locked))
            needed = rules.sponsors_needed(group, selectors.active_member_count(group))
            if count < needed:
                raise ActionRefused(
                    _("Cette personne a %(count)d parrain(s) sur les %(needed)d demandés.")
                    % {"count": count, "needed": needed}
                )
        _admit(actor, locked)
    return locked


def refuse_membership(actor: User, membership: Membership, *, reason: str = "") -> Membership:
    """An admin refuses a request, with an optional reason of at most REASON_MAX characters."""
    _ensure_logged_in(actor)
    reason = reason.strip()
    if len(reason) > REASON_MAX:
        raise ActionRefused(
            _("Le motif dépasse %(max)d caractères : raccourcissez-le.") % {"max": REASON_MAX},
            field="reason",
        )
    with transaction.atomic():
        locked = _lock_membership(membership)
        group = locked.group
        if not rules.can_review_requests(actor, group):
            raise PermissionDenied
        check(MEMBERSHIP_LIFECYCLE["refuse"], locked.state)
        locked.state = MembershipState.REFUSED
        locked.ended_at = timezone.now()
        locked.decided_by = actor
        locked.reason = reason
        locked.save(update_fields=["state", "ended_at", "decided_by", "reason"])
        _revoke_sponsorships(locked)
        log_action(actor, "community.membership.refused", group, person=locked.person_id)
        _after_commit(
            locked.person,
            kinds.ADMISSION,
            {"group": group, "admitted": False, "url": group.get_absolute_url()},
        )
    return locked


def _revoke_sponsorships(membership: Membership) -> list[Sponsorship]:
    revoked = []
    for sponsorship in membership.sponsorships.select_related("sponsor").exclude(
        state=SponsorshipState.REVOKED
    ):
        check(SPONSORSHIP_LIFECYCLE["revoke"], sponsorship.state)
        sponsorship.state = SponsorshipState.REVOKED
        sponsorship.revoked_at = timezone.now()
        sponsorship.save(update_fields=["state", "revoked_at"])
        revoked.append(sponsorship)
    return revoked


def _ensure_another_admin(membership: Membership) -> None:
    if membership.role != GroupRole.ADMIN:
        return
    others = Membership.objects.filter(
        group=membership.group, state=MembershipState.ACTIVE, role=GroupRole.ADMIN
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ActionRefused(
            _("C’est le dernier administrateur du groupe : nommez-en un autre d’abord.")
        )


def revoke_membership(actor: User, membership: Membership, *, reason: str) -> Membership:
    """An admin excludes a member, with a reason. Nothing they wrote is deleted; the exclusion
    counts against their sponsors' right to sponsor, and the sponsors who asked are told."""
    _ensure_logged_in(actor)
    reason = reason.strip()
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise ActionRefused(
            _("Donnez un motif (entre %(min)d et %(max)d caractères).")
            % {"min": REASON_MIN, "max": REASON_MAX},
            field="reason",
        )
    with transaction.atomic():
        locked = _lock_membership(membership)
        group = locked.group
        if not rules.can_manage_group(actor, group):
            raise PermissionDenied
        if locked.person_id == actor.pk:
            raise ActionRefused(_("Pour partir, quittez le groupe plutôt."))
        check(MEMBERSHIP_LIFECYCLE["revoke"], locked.state)
        _ensure_another_admin(locked)
        locked.state = MembershipState.REVOKED
        locked.reason = reason
        locked.ended_at = timezone.now()
        locked.decided_by = actor
        locked.save(update_fields=["state", "reason", "ended_at", "decided_by"])
        # The sponsorships stay active records of who vouched: the exclusion is what counts.
        log_action(
            actor, "community.membership.revoked", group, person=locked.person_id, reason=reason
        )
        sponsor_ids = [
            s for s in locked.sponsorships.values_list("sponsor_id", flat=True) if s is not None
        ]
        told = Membership.objects.filter(
            group=group,
            person_id__in=sponsor_ids,
            state=MembershipState.ACTIVE,
            tell_me_about_sponsees=True,
        ).select_related("person")
        for sponsor in told:
            _after_commit(
                sponsor.person,
                kinds.SPONSEE_REMOVED,
                {"group": group, "sponsee": locked.person, "url": group.get_absolute_url()},
            )
    return locked


def restore_sponsoring_right(actor: User, membership: Membership) -> Membership:
    _ensure_logged_in(actor)
    with transaction.atomic():
        locked = _lock_membership(membership)
        if not rules.can_manage_group(actor, locked.group):
            raise PermissionDenied
        check(MEMBERSHIP_LIFECYCLE["act_as_member"], locked.state)
        locked.sponsoring_restored_at = timezone.now()
        locked.save(update_fields=["sponsoring_restored_at"])
        log_action(
            actor, "community.sponsorship.right_restored", locked.group, person=locked.person_id
        )
    return locked


def set_role(actor: User, membership: Membership, *, role: str) -> Membership:
    _ensure_logged_in(actor)
    if role not in GroupRole.values:
        raise ActionRefused(_("Rôle inconnu."), field="role")
    with transaction.atomic():
        locked = _lock_membership(membership)
        if not rules.can_manage_group(actor, locked.group):
            raise PermissionDenied
        check(MEMBERSHIP_LIFECYCLE["act_as_member"], locked.state)
        if locked.role == role:
            return locked
        if role != GroupRole.ADMIN:
            _ensure_another_admin(locked)
        previous = locked.role
        locked.role = role
        locked.save(update_fields=["role"])
        log_action(
            actor, "community.membership.role_changed", locked.group,
            person=locked.person_id, before=previous, after=role,
        )  # fmt: skip
    return locked


def leave_group(actor: User, group: Group) -> Membership:
    """Leave (or withdraw a request). Sponsorships and trust given stay as records."""
    _ensure_logged_in(actor)
    with transaction.atomic():
        current = rules.membership_of(actor, group)
        if current is None:
            raise ActionRefused(_("Vous n’êtes pas membre de ce groupe."))
        locked = _lock_membership(current)
        check(MEMBERSHIP_LIFECYCLE["leave"], locked.state)
        if locked.state == MembershipState.ACTIVE:
            others = group.memberships.filter(state=MembershipState.ACTIVE).exclude(pk=locked.pk)
            if others.exists():
                _ensure_another_admin(locked)
        else:
            _revoke_sponsorships(locked)
        locked.state = MembershipState.LEFT
        locked.ended_at = timezone.now()
        locked.save(update_fields=["state", "ended_at"])
        log_action(actor, "community.membership.left", group)
    return locked


def publish_charter(actor: User, group: Group, *, text: str) -> Charter:
    """A new version: every member accepts it again at their next visit."""
    _ensure_logged_in(actor)
    text = text.strip()
    if not CHARTER_MIN <= len(text) <= CHARTER_MAX:
        raise ActionRefused(
            _("La charte fait entre %(min)d et %(max)d caractères.")
            % {"min": CHARTER_MIN, "max": CHARTER_MAX},
            field="text",
        )
    with transaction.atomic():
        locked = Group.objects.select_for_update().get(pk=group.pk)
        if not rules.can_manage_group(actor, locked):
            raise PermissionDenied
        version = locked.charter_version + 1
        charter = Charter.objects.create(group=locked, version=version, text=text, created_by=actor)
        locked.charter_version = version
        locked.save(update_fields=["charter_version"])
        group.charter_version = version
        # The publisher has read what they wrote.
        Membership.objects.filter(group=locked, person=actor, state=MembershipState.ACTIVE).update(
            charter_version=version, charter_accepted_at=timezone.now()
        )
        log_action(actor, "community.charter.published", locked, version=version)
    return charter


def accept_charter(actor: User, group: Group, *, version: int) -> Membership:
    """Accept the version in force; a version that changed meanwhile is refused (the page
    shows the new one)."""
    _ensure_logged_in(actor)
    with transaction.atomic():
        current = rules.membership_of(actor, group)
        if current is None:
            raise ActionRefused(_("Vous n’êtes pas membre de ce groupe."))
        locked = _lock_membership(current)
        check(MEMBERSHIP_LIFECYCLE["act_as_member"], locked.state)
        if version != locked.group.charter_version:
            raise ActionRefused(_("La charte a changé entre-temps : lisez sa nouvelle version."))
        locked.charter_version = version
        locked.charter_accepted_at = timezone.now()
        locked.save(update_fields=["charter_version", "charter_accepted_at"])
        log_action(actor, "community.charter.accepted", locked.group, version=version)
    return locked


def give_trust(actor: User, membership: Membership) -> Trust:
    """A member's trust in another: at most `weekly_trust_cap` a week in a group."""
    _ensure_logged_in(actor)
    group = membership.group
    if membership.person_id == actor.pk:
        raise ActionRefused(_("Vous ne pouvez pas vous accorder votre propre confiance."))
    try:
        with transaction.atomic():
            giver = rules.membership_of(actor, group)
            if giver is None:
                raise ActionRefused(_("Seuls les membres du groupe accordent leur confiance."))
            giver = _lock_membership(giver)  # the weekly count, one request at a time
            check(MEMBERSHIP_LIFECYCLE["act_as_member"], giver.state)
            receiver = Membership.objects.get(pk=membership.pk)
            check(MEMBERSHIP_LIFECYCLE["act_as_member"], receiver.state)
            week = timezone.now() - timedelta(days=7)
            given = Trust.objects.filter(group=group, giver=actor, created_at__gte=week).count()
            if given >= group.weekly_trust_cap:
                raise ActionRefused(
                    _("Vous avez déjà accordé %(count)d marques de confiance cette semaine.")
                    % {"count": group.weekly_trust_cap}
                )
            trust = Trust.objects.create(giver=actor, receiver_id=receiver.person_id, group=group)
            log_action(actor, "community.trust.given", group, receiver=receiver.person_id)
    except IntegrityError as error:
        raise ActionRefused(
            _("Vous avez déjà accordé votre confiance à cette personne.")
        ) from error
    return trust


def set_sponsee_news(actor: User, group: Group, *, tell_me: bool) -> None:
    """The sponsor's choice to be told when someone they sponsored is excluded."""
    _ensure_logged_in(actor)
    Membership.objects.filter(group=group, person=actor, state=MembershipState.ACTIVE).update(
        tell_me_about_sponsees=tell_me
    )
