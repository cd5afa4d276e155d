"""Writes of mutual aid: posting a request or an offer, relaying it, answering it, resolving and
withdrawing it. Each checks its rule, runs in one transaction (the request's row locked for
what races: relays, answers, status changes), writes the audit log and queues its
notifications and fan-out once that commits. Refusals are ActionRefused with a message for the
person; what the actor may not see at all is PermissionDenied (a 404 in the views)."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entraide.accounts.models import User
from entraide.aid import notifications as kinds
from entraide.aid import rules, tasks
from entraide.aid.enums import (
    AID_LIFECYCLE,
    CATEGORIES_OF_KIND,
    AidAudience,
    AidCategory,
    AidStatus,
)
from entraide.aid.models import (
    LONGEST_DURATION,
    MAX_HOPS,
    TEXT_MAX,
    THANKS_MAX,
    TITLE_MAX,
    AidAnswer,
    AidRelay,
    AidRequest,
)
from entraide.community.enums import MembershipState
from entraide.community.models import Group, Membership
from entraide.core import lifecycles
from entraide.core.audit import log_action
from entraide.core.contact_details import check_public_texts
from entraide.core.exceptions import ActionRefused
from entraide.core.images import prepare_image
from entraide.core.notifications import notify
from entraide.core.rate_limits import CountedLimit
from entraide.core.scheduling import enqueue_with_change
from entraide.messaging.services import reply, start_personal_conversation
from entraide.moderation import selectors as moderation
from entraide.territories.models import Commune

TITLE_MIN = 3
TEXT_MIN = 10
PRICE_MAX = Decimal("100000")
IMAGE_SIDE = 1200
REQUESTS_PER_DAY = CountedLimit(
    most=10,
    window=timedelta(days=1),
    refusal=gettext_lazy(
        "Vous avez déjà publié %(count)d demandes ou propositions aujourd’hui. "
        "Merci de réessayer demain."
    ),
)


def _ensure_logged_in(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied


def _has_verified_email(person: User) -> bool:
    return EmailAddress.objects.filter(user=person, verified=True).exists()


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise ActionRefused(
            _("Le titre doit faire entre %(min)d et %(max)d caractères.")
            % {"min": TITLE_MIN, "max": TITLE_MAX},
            field="title",
        )
    return title


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not TEXT_MIN <= len(text) <= TEXT_MAX:
        raise ActionRefused(
            _("Le texte doit faire entre %(min)d et %(max)d caractères.")
            % {"min": TEXT_MIN, "max": TEXT_MAX},
            field="text",
        )
    return text


def check_ends_at(ends_at: datetime, *, now: datetime) -> None:
    """An end date in the future, at most 90 days away (shared with the form)."""
    if ends_at <= now:
        raise ActionRefused(_("Choisissez une date de fin à venir."), field="ends_at")
    # A day of slack: the form gives a date, read as the end of that day.
    if ends_at > now + LONGEST_DURATION + timedelta(days=1):
        raise ActionRefused(
            _("Une demande circule %(days)d jours au plus.") % {"days": LONGEST_DURATION.days},
            field="ends_at",
        )


def _check_price(category: str, price: Decimal | None) -> Decimal | None:
    if category != AidCategory.SELL:
        if price is not None:
            raise ActionRefused(_("Un prix n’est demandé que pour une vente."), field="price")
        return None
    if price is None:
        raise ActionRefused(_("Indiquez le prix de vente."), field="price")
    if not Decimal(0) <= price <= PRICE_MAX:
        raise ActionRefused(
            _("Le prix doit être compris entre 0 et %(max)s €.") % {"max": PRICE_MAX},
            field="price",
        )
    return price


def _own_groups(actor: User, groups: Iterable[Group]) -> list[Group]:
    """The chosen groups, each one the actor is an active member of (a tampered id is
    refused, not dropped in silence)."""
    chosen = {group.pk: group for group in groups}
    active = set(
        Membership.objects.filter(
            person=actor, state=MembershipState.ACTIVE, group_id__in=list(chosen)
        ).values_list("group_id", flat=True)
    )
    if set(chosen) - active:
        raise ActionRefused(
            _("Vous ne pouvez adresser une demande qu’aux groupes dont vous êtes membre."),
            field="groups",
        )
    return list(chosen.values())


def post_aid_request(
    actor: User,
    *,
    kind: str,
    category: str,
    title: str,
    text: str,
    commune: Commune,
    ends_at: datetime | None = None,
    audience: str = AidAudience.CONNECTIONS,
    groups: Iterable[Group] = (),
    price: Decimal | None = None,
    image: UploadedFile | None = None,
) -> AidRequest:
    """Post a request or an offer: a verified e-mail address, at most 10 a day, a category of
    its kind, no contact details in its texts, a commune (never an address), an end date
    within 90 days (14 by default), and an audience of the author's own groups and/or network.
    Returns at once: the audience is reached by the fan-out task once this commits."""
    _ensure_logged_in(actor)
    if not _has_verified_email(actor):
        raise ActionRefused(
            _("Confirmez d’abord votre adresse e-mail : le lien vous a été envoyé à l’inscription.")
        )
    if kind not in CATEGORIES_OF_KIND:
        raise ActionRefused(_("Choisissez une demande ou une proposition."), field="kind")
    if category not in CATEGORIES_OF_KIND[kind]:
        raise ActionRefused(_("Choisissez une catégorie de ce type."), field="category")
    title = _clean_title(title)
    text = _clean_text(text)
    check_public_texts(title=title, text=text)
    price = _check_price(category, price)
    if commune is None:
        raise ActionRefused(_("Indiquez la commune concernée."), field="commune")
    if moderation.is_sanctioned_at_commune(actor, commune.pk):
        raise ActionRefused(str(moderation.SANCTIONED_REFUSAL))
    now = timezone.now()
    ends_at = ends_at or now + timedelta(days=14)
    check_ends_at(ends_at, now=now)
    if audience not in AidAudience.values:
        raise ActionRefused(_("Choisissez à qui s’adresse votre demande."), field="audience")
    chosen_groups = _own_groups(actor, groups)
    if audience == AidAudience.GROUPS and not chosen_groups:
        raise ActionRefused(
            _("Choisissez au moins un groupe, ou adressez-vous à vos relations."), field="groups"
        )
    prepared = None
    if image:
        try:
            prepared = prepare_image(image, max_side=IMAGE_SIDE, photo=True, name="entraide")
        except ValidationError as error:
            raise ActionRefused(" ".join(error.messages), field="image") from error
    with transaction.atomic():
        # One post at a time per person: the daily count cannot be raced past.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        REQUESTS_PER_DAY.ensure_under(AidRequest.objects.filter(author=actor))
        request = AidRequest(
            author=actor,
            kind=kind,
            category=category,
            title=title,
            text=text,
            price=price,
            commune=commune,
            audience=audience,
            created_at=now,
            ends_at=ends_at,
        )
        if prepared is not None:
            request.image.save(prepared.name or "entraide.jpg", prepared, save=False)
        request.save()
        request.groups.set(chosen_groups)
        log_action(
            actor,
            "aid.request.posted",
            request,
            kind=kind,
            audience=audience,
            groups=[group.pk for group in chosen_groups],
        )
        enqueue_with_change(tasks.fan_out_aid_request, request_id=request.pk)
    return request


def _locked(request: AidRequest) -> AidRequest:
    """The request's row, locked until the transaction ends, as it is now."""
    return (
        AidRequest.objects.select_for_update(of=("self",))
        .select_related("commune")
        .get(pk=request.pk)
    )


def _ensure_can_see(actor: User, request: AidRequest) -> Any:
    reach = rules.reach_of(actor, request)
    if (
        request.status == AidStatus.WITHDRAWN
        and reach is not None
        and not rules.is_blocked_between(reach.person_id, request.author_id)
    ):
        # Withdrawn while they had it open: they were shown it, so they are told why.
        raise ActionRefused(_("Cette demande a été retirée : elle ne circule plus."))
    if not rules.can_see_aid_request(actor, request, reach):
        raise PermissionDenied
    return reach


def _ensure_circulating(request: AidRequest) -> None:
    if request.hidden_at is not None:
        raise ActionRefused(_("Cette demande est masquée par la modération."))
    if request.status == AidStatus.RESOLVED:
        raise ActionRefused(_("Cette demande est résolue : elle ne circule plus."))
    if request.status == AidStatus.WITHDRAWN:
        raise ActionRefused(_("Cette demande a été retirée : elle ne circule plus."))
    if request.is_expired:
        raise ActionRefused(_("Cette demande a expiré : elle ne circule plus."))


def relay_aid_request(actor: User, request: AidRequest) -> AidRelay:
    """Faire suivre: the request reaches the actor's connections, one hop further than the
    actor, up to 3 hops from the author. Only someone it reached may relay it, once, while it
    circulates. Under the request's lock, so two relays at once, or a relay racing the
    request's end, make neither a duplicate nor a fourth hop. Nobody is told who relayed."""
    _ensure_logged_in(actor)
    if rules.is_author(actor, request):
        raise ActionRefused(
            _("C’est votre demande : ses destinataires se choisissent en la publiant.")
        )
    with transaction.atomic():
        request = _locked(request)
        reach = _ensure_can_see(actor, request)
        _ensure_circulating(request)
        if not rules.may_relay_further(reach):
            raise ActionRefused(
                _(
                    "Cette demande vous est parvenue à %(hops)d degrés de son auteur : "
                    "elle ne peut pas aller plus loin."
                )
                % {"hops": MAX_HOPS}
            )
        if rules.has_relayed(actor, request):
            raise ActionRefused(_("Vous avez déjà fait suivre cette demande à vos relations."))
        try:
            with transaction.atomic():
                relay = AidRelay.objects.create(request=request, relayer=actor, hops=reach.hops)
        except IntegrityError as error:
            raise ActionRefused(
                _("Vous avez déjà fait suivre cette demande à vos relations.")
            ) from error
        AidRequest.objects.filter(pk=request.pk).update(relay_count=F("relay_count") + 1)
        # The relayer is in the audit log (a moderator may need it), never on a page.
        log_action(actor, "aid.request.relayed", request, hops=reach.hops)
        enqueue_with_change(tasks.fan_out_aid_request, request_id=request.pk, relay_id=relay.pk)
    return relay


def _subject_of(request: AidRequest) -> str:
    return f"{request.get_kind_display()} : {request.title}"


def answer_aid_request(actor: User, request: AidRequest, *, body: str) -> AidAnswer:
    """The helper writes to the author through messaging: a first answer opens a conversation
    about the request, a later one adds to it. Not one's own request, not one the actor cannot
    see (blocked either way included), not once it stopped circulating. Nobody's e-mail or
    phone is shown: the conversation carries public names only."""
    _ensure_logged_in(actor)
    if rules.is_author(actor, request):
        raise ActionRefused(_("Vous ne pouvez pas répondre à votre propre demande."))
    with transaction.atomic():
        request = _locked(request)
        _ensure_can_see(actor, request)
        _ensure_circulating(request)
        answer = AidAnswer.objects.filter(request=request, helper=actor).first()
        if answer is not None:
            reply(actor, answer.conversation, body=body)
            return answer
        conversation = start_personal_conversation(
            actor, request.author, subject=_subject_of(request), body=body
        )
        answer = AidAnswer.objects.create(request=request, helper=actor, conversation=conversation)
        log_action(actor, "aid.request.answered", request)
        author = request.author
        context = {
            "aid_request": request,
            "sender_name": actor.public_name,
            "conversation": conversation,
            "url": conversation.get_absolute_url(),
        }
        transaction.on_commit(lambda: notify(author, kinds.ANSWERED, context))
    return answer


def resolve_aid_request(
    actor: User,
    request: AidRequest,
    *,
    thanked_helper_ids: Iterable[int] = (),
    thanks: str = "",
) -> AidRequest:
    """The author marks the request resolved (an expired one too), and may thank some of
    those who answered: the thanks are shown on the request, each person thanked is told.
    Someone who did not answer cannot be thanked."""
    _ensure_logged_in(actor)
    if not rules.is_author(actor, request):
        raise PermissionDenied
    thanks = (thanks or "").strip()
    if len(thanks) > THANKS_MAX:
        raise ActionRefused(
            _("Vos remerciements font %(max)d caractères au plus.") % {"max": THANKS_MAX},
            field="thanks",
        )
    check_public_texts(thanks=thanks)
    wanted = {int(pk) for pk in thanked_helper_ids}
    with transaction.atomic():
        request = _locked(request)
        lifecycles.check(AID_LIFECYCLE["resolve"], request.status)
        answers = list(
            AidAnswer.objects.filter(request=request, helper_id__in=wanted).select_related("helper")
        )
        if len(answers) != len(wanted):
            raise ActionRefused(
                _("Vous ne pouvez remercier que des personnes qui vous ont répondu."),
                field="thanked",
            )
        request.status = AidStatus.RESOLVED
        request.resolved_at = timezone.now()
        request.thanks = thanks
        request.save(update_fields=["status", "resolved_at", "thanks"])
        AidAnswer.objects.filter(pk__in=[answer.pk for answer in answers]).update(thanked=True)
        log_action(actor, "aid.request.resolved", request, thanked=len(answers))
        context = {"aid_request": request, "thanks": thanks, "url": request.get_absolute_url()}
        for answer in answers:
            transaction.on_commit(partial(notify, answer.helper, kinds.THANKED, context))
    return request


def withdraw_aid_request(actor: User, request: AidRequest) -> AidRequest:
    """The author withdraws the request: it stops circulating and disappears for everyone
    else."""
    _ensure_logged_in(actor)
    if not rules.is_author(actor, request):
        raise PermissionDenied
    with transaction.atomic():
        request = _locked(request)
        lifecycles.check(AID_LIFECYCLE["withdraw"], request.status)
        request.status = AidStatus.WITHDRAWN
        request.withdrawn_at = timezone.now()
        request.save(update_fields=["status", "withdrawn_at"])
        log_action(actor, "aid.request.withdrawn", request)
    return request
