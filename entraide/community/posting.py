"""Writes of a group's posts, comments and reactions (issue 14). Only active members who accepted
the charter in force write; newcomers (rules.is_newcomer) within the group's limits of links,
images and posts a day (Discourse's first trust level); admins and moderators pin and hide,
never delete. Each refusal is an ActionRefused whose message is shown next to the form."""

import re
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entraide.accounts.models import User
from entraide.community import rules, tasks
from entraide.community.enums import MembershipState, ReactionKind
from entraide.community.models import (
    COMMENT_BODY_MAX,
    POST_BODY_MAX,
    Comment,
    Group,
    Membership,
    Post,
    Reaction,
)
from entraide.core.audit import log_action
from entraide.core.exceptions import ActionRefused
from entraide.core.images import prepare_image
from entraide.core.rate_limits import CountedLimit
from entraide.core.scheduling import enqueue_with_change
from entraide.core.text import render_markdown
from entraide.moderation.models import Report
from entraide.moderation.selectors import SANCTIONED_REFUSAL, is_sanctioned
from entraide.moderation.services import report_content

POST_IMAGE_SIDE = 1200
HIDE_REASON_MIN, HIDE_REASON_MAX = 5, 1000
# The same text posted again this soon by the same person is a replayed form, not a new post.
REPLAY_WINDOW = timedelta(minutes=10)
NEWCOMER_DAY = timedelta(days=1)
# A link: a URL written out (Markdown links and autolinks included) or a scheme-relative one.
URL_PATTERN = re.compile(r"(?i)(?:\b(?:https?|ftp)://|\bwww\.|\bmailto:|\]\(\s*//)")


def _ensure_logged_in(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied


def _writing_membership(actor: User, group: Group, *, lock: bool = False) -> Membership:
    """The actor's active membership, charter in force accepted: the right to write in a
    group. Locked when the caller counts the actor's rows (one request at a time)."""
    rows = Membership.objects.filter(group=group, person=actor, state=MembershipState.ACTIVE)
    if lock:
        rows = rows.select_for_update(of=("self",))
    membership = rows.select_related("group").order_by("-pk").first()
    if membership is None:
        raise ActionRefused(_("Seuls les membres actifs du groupe peuvent y écrire."))
    if membership.charter_version != membership.group.charter_version:
        raise ActionRefused(_("Acceptez d’abord la charte du groupe en vigueur."))
    if is_sanctioned(actor, membership.group.territory_id):
        raise ActionRefused(str(SANCTIONED_REFUSAL))
    return membership


def _ensure_moderates(actor: User, group: Group) -> None:
    if not rules.can_review_requests(actor, group):
        raise ActionRefused(
            _("Seuls les administrateurs et les modérateurs du groupe peuvent le faire.")
        )


def count_links(body: str, html: str) -> int:
    """Links of a post: the URLs written in it, or the anchors its Markdown gives, whichever is
    more (a relative Markdown link is an anchor with no URL written)."""
    return max(len(URL_PATTERN.findall(body)), html.count("<a "))


def _check_newcomer_limits(
    membership: Membership, *, links: int, images: int, recent: "Any"
) -> None:
    group = membership.group
    if not rules.is_newcomer(membership):
        return
    if links > group.newcomer_links:
        raise ActionRefused(
            _("Nouveau membre : %(most)d lien(s) au plus par message (celui-ci en a %(count)d).")
            % {"most": group.newcomer_links, "count": links},
            field="body",
        )
    if images > group.newcomer_images:
        raise ActionRefused(
            _("Nouveau membre : %(most)d image(s) au plus par message.")
            % {"most": group.newcomer_images},
            field="image",
        )
    CountedLimit(
        most=group.newcomer_posts_per_day,
        window=NEWCOMER_DAY,
        refusal=gettext_lazy(
            "Nouveau membre : %(count)d messages par jour au plus dans ce groupe. "
            "Merci de réessayer demain."
        ),
    ).ensure_under(recent)


def _clean_body(body: str, *, most: int, empty: str, too_long: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ActionRefused(empty, field="body")
    if len(body) > most:
        raise ActionRefused(too_long % {"most": most, "count": len(body)}, field="body")
    return body


def publish_post(
    actor: User, group: Group, *, body: str, image: UploadedFile | None = None
) -> Post:
    """An active member who accepted the charter posts in the group; a newcomer within the
    group's limits. The photo is re-encoded (a JPEG of at most 1200 px) before anything is
    written; the same text again within ten minutes is refused as a replay."""
    _ensure_logged_in(actor)
    body = _clean_body(
        body,
        most=POST_BODY_MAX,
        empty=_("Écrivez votre message."),
        too_long=_("Votre message fait %(count)d caractères : %(most)d au plus."),
    )
    html = render_markdown(body)
    prepared = None
    if image:
        try:
            prepared = prepare_image(image, max_side=POST_IMAGE_SIDE, photo=True, name="post")
        except ValidationError as error:
            raise ActionRefused(" ".join(error.messages), field="image") from error
    with transaction.atomic():
        membership = _writing_membership(actor, group, lock=True)
        mine = Post.objects.filter(group=group, author=actor)
        if mine.filter(body=body, created_at__gte=timezone.now() - REPLAY_WINDOW).exists():
            raise ActionRefused(_("Ce message vient d’être publié."), field="body")
        _check_newcomer_limits(
            membership,
            links=count_links(body, html),
            images=1 if prepared is not None else 0,
            recent=mine,
        )
        post = Post(group=group, author=actor, body=body, body_html=html)
        if prepared is not None:
            post.image.save(prepared.name or "post.jpg", prepared, save=False)
        post.save()
        log_action(actor, "community.post.published", post, group=group.pk)
        enqueue_with_change(tasks.tell_members_of_post, post_id=post.pk)
    return post


def _lock_post(post: Post) -> Post:
    return Post.objects.select_for_update(of=("self",)).select_related("group").get(pk=post.pk)


def _ensure_readable(actor: User, post: Post) -> None:
    """A hidden post takes no new comment nor reaction; a post of someone blocked neither."""
    if post.hidden_at is not None:
        raise ActionRefused(_("Cette publication est masquée."))
    if post.author_id is not None and rules.is_blocked_between(actor.pk, post.author_id):
        raise ActionRefused(_("Vous ne pouvez pas répondre à cette personne."))


def comment_post(actor: User, post: Post, *, body: str) -> Comment:
    """An active member comments a visible post of their group (plain text); the same text
    again within ten minutes is refused as a replay."""
    _ensure_logged_in(actor)
    body = _clean_body(
        body,
        most=COMMENT_BODY_MAX,
        empty=_("Écrivez votre commentaire."),
        too_long=_("Votre commentaire fait %(count)d caractères : %(most)d au plus."),
    )
    with transaction.atomic():
        locked = _lock_post(post)
        _writing_membership(actor, locked.group)
        _ensure_readable(actor, locked)
        if Comment.objects.filter(
            post=locked,
            author=actor,
            body=body,
            created_at__gte=timezone.now() - REPLAY_WINDOW,
        ).exists():
            raise ActionRefused(_("Ce commentaire vient d’être publié."), field="body")
        comment = Comment.objects.create(post=locked, author=actor, body=body)
        locked.comment_count += 1
        locked.save(update_fields=["comment_count"])
        log_action(actor, "community.comment.published", locked, comment=comment.pk)
    return comment


def react_to_post(actor: User, post: Post, *, kind: str, on: bool | None = None) -> bool:
    """Toggle the actor's reaction of `kind` (or set it: `on`, which makes a replayed form
    change nothing). Returns whether the reaction is there afterwards."""
    _ensure_logged_in(actor)
    if kind not in ReactionKind.values:
        raise ActionRefused(_("Choisissez une réaction de la liste."), field="kind")
    with transaction.atomic():
        locked = _lock_post(post)
        _writing_membership(actor, locked.group)
        _ensure_readable(actor, locked)
        existing = Reaction.objects.filter(post=locked, person=actor, kind=kind)
        present = existing.exists()
        wanted = not present if on is None else on
        if wanted and not present:
            try:
                with transaction.atomic():
                    Reaction.objects.create(post=locked, person=actor, kind=kind)
            except IntegrityError:
                pass  # the same reaction written by a simultaneous request: it is there
        elif not wanted and present:
            existing.delete()
    return wanted


def pin_post(actor: User, post: Post) -> Post:
    """An admin or moderator pins a visible post: it heads the group's first page."""
    _ensure_logged_in(actor)
    with transaction.atomic():
        locked = _lock_post(post)
        _ensure_moderates(actor, locked.group)
        if locked.hidden_at is not None:
            raise ActionRefused(_("Une publication masquée ne peut pas être épinglée."))
        if locked.pinned_at is not None:
            raise ActionRefused(_("Cette publication est déjà épinglée."))
        locked.pinned_at = timezone.now()
        locked.save(update_fields=["pinned_at"])
        log_action(actor, "community.post.pinned", locked)
    return locked


def unpin_post(actor: User, post: Post) -> Post:
    _ensure_logged_in(actor)
    with transaction.atomic():
        locked = _lock_post(post)
        _ensure_moderates(actor, locked.group)
        if locked.pinned_at is None:
            raise ActionRefused(_("Cette publication n’est pas épinglée."))
        locked.pinned_at = None
        locked.save(update_fields=["pinned_at"])
        log_action(actor, "community.post.unpinned", locked)
    return locked


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not HIDE_REASON_MIN <= len(reason) <= HIDE_REASON_MAX:
        raise ActionRefused(
            _("Donnez le motif en quelques mots (%(min)d à %(max)d caractères).")
            % {"min": HIDE_REASON_MIN, "max": HIDE_REASON_MAX},
            field="reason",
        )
    return reason


def hide_post(actor: User, post: Post, *, reason: str) -> Post:
    """An admin or moderator hides a post with a reason: kept, shown to them as hidden, absent
    for everyone else; unpinned too."""
    _ensure_logged_in(actor)
    reason = _clean_reason(reason)
    with transaction.atomic():
        locked = _lock_post(post)
        _ensure_moderates(actor, locked.group)
        if locked.hidden_at is not None:
            raise ActionRefused(_("Cette publication est déjà masquée."))
        locked.hidden_at = timezone.now()
        locked.hidden_by = actor
        locked.hidden_reason = reason
        locked.pinned_at = None
        locked.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "pinned_at"])
        log_action(actor, "community.post.hidden", locked, reason=reason)
    return locked


def hide_comment(actor: User, comment: Comment, *, reason: str) -> Comment:
    """An admin or moderator of the post's group hides a comment with a reason."""
    _ensure_logged_in(actor)
    reason = _clean_reason(reason)
    with transaction.atomic():
        post = _lock_post(comment.post)
        _ensure_moderates(actor, post.group)
        locked = Comment.objects.select_for_update().get(pk=comment.pk, post=post)
        if locked.hidden_at is not None:
            raise ActionRefused(_("Ce commentaire est déjà masqué."))
        locked.hidden_at = timezone.now()
        locked.hidden_by = actor
        locked.hidden_reason = reason
        locked.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        post.comment_count = max(0, post.comment_count - 1)
        post.save(update_fields=["comment_count"])
        log_action(actor, "community.comment.hidden", locked, post=post.pk, reason=reason)
    return locked


def report_post(actor: User, post: Post, *, reason: str) -> Report:
    """Anyone logged in who may read the post reports it to the moderation queue."""
    _ensure_logged_in(actor)
    if not rules.can_see_content(actor, post.group) or post.hidden_at is not None:
        raise ActionRefused(_("Cette publication n’est pas visible."))
    return report_content(actor, post, reason=reason)
