"""Writes of the local media: the newsroom's roles, articles and their revisions, the workflow
(submit, publish now or at an hour, send back), the people portrayed and their approval,
featuring, comments and their closing. Each checks its rule, runs in one transaction with the
article's row locked for what races (status changes), writes the audit log and queues its
notifications once that commits. Refusals are ActionRefused with a message for the person;
what the actor may not do at all is PermissionDenied (a 403 in the views)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.core import lifecycles
from entraide.core.audit import log_action
from entraide.core.contact_details import check_public_texts
from entraide.core.exceptions import ActionRefused
from entraide.core.images import prepare_image
from entraide.core.notifications import notify, notify_address
from entraide.core.scheduling import enqueue_at
from entraide.editorial import notifications as kinds
from entraide.editorial import rules, selectors, tasks
from entraide.editorial.enums import (
    ARTICLE_LIFECYCLE,
    PORTRAYING_KINDS,
    ArticleKind,
    ArticleStatus,
    NewsroomRole,
)
from entraide.editorial.models import (
    ALT_MAX,
    BODY_MAX,
    COMMENT_MAX,
    COVER_WIDTHS,
    STANDFIRST_MAX,
    TITLE_MAX,
    Article,
    ArticleComment,
    ArticleRevision,
    EditorialRole,
    PortrayedPerson,
)
from entraide.editorial.publication import apply_revision, tell_author_published
from entraide.moderation.selectors import SANCTIONED_REFUSAL, is_sanctioned
from entraide.organisations.enums import Interest
from entraide.territories.models import Territory

TITLE_MIN = 3
STANDFIRST_MIN = 10
BODY_MIN = 20
COMMENT_MIN = 2


def _ensure_logged_in(actor: Any) -> None:
    if not rules.is_logged_in(actor):
        raise PermissionDenied


# --- Roles --------------------------------------------------------------------------------


def _notify_role(person: User, territory: Territory, role: str) -> None:
    url = reverse("editorial:newsroom", args=[territory.slug])
    context = {"territory": territory, "role_label": NewsroomRole(role).label, "url": url}
    transaction.on_commit(partial(notify, person, kinds.ROLE_GIVEN, context))


def give_editor_role(actor: User, territory: Territory, person: User) -> EditorialRole:
    """The territory's staff make someone an editor (a contributor becomes one)."""
    if not rules.can_manage_editors(actor, territory):
        raise PermissionDenied
    if not person.is_active:
        raise ActionRefused(_("Ce compte n’est plus actif."), field="email")
    with transaction.atomic():
        role, created = EditorialRole.objects.select_for_update().get_or_create(
            territory=territory,
            person=person,
            defaults={"role": NewsroomRole.EDITOR, "granted_by": actor},
        )
        if not created:
            if role.role == NewsroomRole.EDITOR:
                raise ActionRefused(
                    _("Cette personne est déjà éditrice de ce territoire."), field="email"
                )
            role.role, role.granted_by = NewsroomRole.EDITOR, actor
            role.save(update_fields=["role", "granted_by"])
        log_action(actor, "editorial.editor.added", territory, person=person.pk)
        _notify_role(person, territory, NewsroomRole.EDITOR)
    return role


def remove_editor_role(actor: User, territory: Territory, person: User) -> None:
    if not rules.can_manage_editors(actor, territory):
        raise PermissionDenied
    with transaction.atomic():
        deleted, _rows = EditorialRole.objects.filter(
            territory=territory, person=person, role=NewsroomRole.EDITOR
        ).delete()
        if not deleted:
            raise ActionRefused(_("Cette personne n’est pas éditrice de ce territoire."))
        log_action(actor, "editorial.editor.removed", territory, person=person.pk)


def add_contributor(actor: User, territory: Territory, person: User) -> EditorialRole:
    """An editor invites a contributor, who writes articles and submits them."""
    if not rules.is_editor(actor, territory):
        raise PermissionDenied
    if not person.is_active:
        raise ActionRefused(_("Ce compte n’est plus actif."), field="email")
    with transaction.atomic():
        if rules.role_of(person, territory) is not None:
            raise ActionRefused(
                _("Cette personne fait déjà partie de la rédaction."), field="email"
            )
        role = EditorialRole.objects.create(
            territory=territory, person=person, role=NewsroomRole.CONTRIBUTOR, granted_by=actor
        )
        log_action(actor, "editorial.contributor.added", territory, person=person.pk)
        _notify_role(person, territory, NewsroomRole.CONTRIBUTOR)
    return role


def remove_contributor(actor: User, territory: Territory, person: User) -> None:
    if not rules.is_editor(actor, territory):
        raise PermissionDenied
    with transaction.atomic():
        deleted, _rows = EditorialRole.objects.filter(
            territory=territory, person=person, role=NewsroomRole.CONTRIBUTOR
        ).delete()
        if not deleted:
            raise ActionRefused(_("Cette personne ne contribue pas à ce territoire."))
        log_action(actor, "editorial.contributor.removed", territory, person=person.pk)


# --- Writing ------------------------------------------------------------------------------


@dataclass
class ArticleText:
    """What a writer sends: the fields of a revision. Links are ids, checked here."""

    title: str
    standfirst: str
    body: str
    cover_alt: str = ""
    interests: list[int] = field(default_factory=list)
    organisation_ids: list[int] = field(default_factory=list)
    action_ids: list[int] = field(default_factory=list)
    group_ids: list[int] = field(default_factory=list)


def _clean(text: str, *, low: int, high: int, name: str, message: str) -> str:
    text = (text or "").strip()
    if not low <= len(text) <= high:
        raise ActionRefused(message % {"min": low, "max": high}, field=name)
    return text


def _checked_text(text: ArticleText) -> ArticleText:
    title = _clean(
        " ".join((text.title or "").split()), low=TITLE_MIN, high=TITLE_MAX, name="title",
        message=_("Le titre doit faire entre %(min)d et %(max)d caractères."),
    )  # fmt: skip
    standfirst = _clean(
        text.standfirst, low=STANDFIRST_MIN, high=STANDFIRST_MAX, name="standfirst",
        message=_("Le chapô doit faire entre %(min)d et %(max)d caractères."),
    )  # fmt: skip
    body = _clean(
        text.body, low=BODY_MIN, high=BODY_MAX, name="body",
        message=_("Le texte doit faire entre %(min)d et %(max)d caractères."),
    )  # fmt: skip
    alt = " ".join((text.cover_alt or "").split())[:ALT_MAX]
    check_public_texts(title=title, standfirst=standfirst, body=body, cover_alt=alt)
    if any(value not in Interest.values for value in text.interests):
        raise ActionRefused(_("Choisissez des centres d’intérêt de la liste."), field="interests")
    return ArticleText(
        title=title, standfirst=standfirst, body=body, cover_alt=alt,
        interests=list(text.interests), organisation_ids=list(text.organisation_ids),
        action_ids=list(text.action_ids), group_ids=list(text.group_ids),
    )  # fmt: skip


def _checked_links(territory: Territory, text: ArticleText) -> dict[str, list[int]]:
    """Links to what the territory's public sees; a tampered id is refused, not dropped."""
    links = {
        "organisations": (selectors.linkable_organisations(territory), text.organisation_ids),
        "actions": (selectors.linkable_actions(territory), text.action_ids),
        "groups": (selectors.linkable_groups(territory), text.group_ids),
    }
    checked: dict[str, list[int]] = {}
    for name, (queryset, ids) in links.items():
        wanted = sorted(set(ids))
        found = selectors.valid_ids(queryset, wanted)
        if found != wanted:
            raise ActionRefused(
                _("Un des liens choisis n’est pas public sur ce territoire."), field=name
            )
        checked[name] = found
    return checked


def _prepared_covers(cover: UploadedFile | None) -> list[Any] | None:
    """The cover re-encoded at each width of COVER_WIDTHS (metadata dropped), or None."""
    if not cover:
        return None
    try:
        return [
            prepare_image(cover, max_side=width, photo=True, name=f"couverture-{width}")
            for width in COVER_WIDTHS
        ]
    except ValidationError as error:
        raise ActionRefused(" ".join(error.messages), field="cover") from error


def _write_revision(
    actor: User,
    article: Article,
    text: ArticleText,
    links: dict[str, list[int]],
    covers: list[Any] | None,
    *,
    remove_cover: bool,
    previous: ArticleRevision | None,
) -> ArticleRevision:
    revision = ArticleRevision(
        article=article,
        author=actor,
        title=text.title,
        standfirst=text.standfirst,
        body=text.body,
        cover_alt=text.cover_alt,
        interests=Interest.mask_of(text.interests),
        links=links,
    )
    keeps_cover = previous is not None and bool(previous.cover) and not remove_cover
    if (covers is not None or keeps_cover) and not text.cover_alt:
        raise ActionRefused(
            _("Décrivez l’image de couverture pour qui ne la voit pas (texte alternatif)."),
            field="cover_alt",
        )
    if covers is not None:
        for name, prepared in zip(("cover", "cover_medium", "cover_small"), covers, strict=True):
            getattr(revision, name).save(prepared.name, prepared, save=False)
    elif keeps_cover and previous is not None:
        revision.cover = previous.cover.name
        revision.cover_medium = previous.cover_medium.name
        revision.cover_small = previous.cover_small.name
    if not revision.cover:
        revision.cover_alt = ""
    revision.save()
    return revision


def _unique_slug(territory: Territory, title: str) -> str:
    base = slugify(title)[:70].strip("-") or "article"
    taken = set(
        Article.objects.filter(territory=territory, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def create_article(
    actor: User,
    territory: Territory,
    *,
    kind: str,
    text: ArticleText,
    cover: UploadedFile | None = None,
) -> Article:
    """A new draft by an editor or a contributor of the territory. Its address (slug) is made
    from its first title once and never changes."""
    _ensure_logged_in(actor)
    if not rules.is_in_newsroom(actor, territory):
        raise PermissionDenied
    if kind not in ArticleKind.values:
        raise ActionRefused(_("Choisissez le type d’article."), field="kind")
    checked = _checked_text(text)
    links = _checked_links(territory, checked)
    covers = _prepared_covers(cover)
    with transaction.atomic():
        # One new article at a time per territory: two equal titles get two addresses.
        Territory.objects.select_for_update().filter(pk=territory.pk).first()
        article = Article.objects.create(
            territory=territory, kind=kind, slug=_unique_slug(territory, checked.title),
            created_by=actor,
        )  # fmt: skip
        revision = _write_revision(
            actor, article, checked, links, covers, remove_cover=False, previous=None
        )
        log_action(actor, "editorial.article.created", article, revision=revision.pk, kind=kind)
    return article


def _locked(article: Article) -> Article:
    return (
        Article.objects.select_for_update(of=("self",))
        .select_related("territory", "created_by")
        .get(pk=article.pk)
    )


def save_draft(
    actor: User,
    article: Article,
    *,
    text: ArticleText,
    cover: UploadedFile | None = None,
    remove_cover: bool = False,
) -> ArticleRevision:
    """A new revision of the working copy. Editing a published article starts a new draft;
    its published version stays readable until the new one is published."""
    _ensure_logged_in(actor)
    if not rules.can_write_article(actor, article):
        raise PermissionDenied
    checked = _checked_text(text)
    links = _checked_links(article.territory, checked)
    covers = _prepared_covers(cover)
    with transaction.atomic():
        locked = _locked(article)
        lifecycles.check(ARTICLE_LIFECYCLE["edit"], locked.status)
        previous = locked.revisions.first()
        revision = _write_revision(
            actor, locked, checked, links, covers, remove_cover=remove_cover, previous=previous
        )
        if locked.status != ArticleStatus.DRAFT:
            locked.status = ArticleStatus.DRAFT
            locked.save(update_fields=["status"])
        log_action(actor, "editorial.article.revised", locked, revision=revision.pk)
    article.status = locked.status
    return revision


def _editors_of(territory: Territory) -> list[User]:
    ids = set(
        EditorialRole.objects.filter(territory=territory, role=NewsroomRole.EDITOR).values_list(
            "person_id", flat=True
        )
    ) | set(territory.staff.values_list("pk", flat=True))
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def submit_article(actor: User, article: Article) -> Article:
    """The writer proposes the working copy; the editors are told."""
    _ensure_logged_in(actor)
    if not rules.can_write_article(actor, article):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(article)
        lifecycles.check(ARTICLE_LIFECYCLE["submit"], locked.status)
        locked.status = ArticleStatus.SUBMITTED
        locked.save(update_fields=["status"])
        log_action(actor, "editorial.article.submitted", locked)
        url = reverse("editorial:edit", args=[locked.territory.slug, locked.pk])
        title = locked.revisions.values_list("title", flat=True).first() or locked.slug
        for editor in _editors_of(locked.territory):
            if editor.pk != actor.pk:
                context = {"article": locked, "article_title": title, "url": url}
                transaction.on_commit(partial(notify, editor, kinds.SUBMITTED, context))
    return locked


def _check_approvals(article: Article, revision: ArticleRevision) -> None:
    if article.kind not in PORTRAYING_KINDS:
        return
    missing = selectors.not_yet_approved(article, revision)
    if missing:
        raise ActionRefused(
            _(
                "Pas encore de publication : %(names)s doit approuver ce texte et l’usage de sa photo."
            )
            % {"names": ", ".join(portrayed.name for portrayed in missing)}
        )


def publish_article(
    actor: User, article: Article, *, publish_at: datetime | None = None
) -> Article:
    """An editor publishes the submitted working copy, now or at an hour to come (a task then
    publishes it). An interview or a portrait needs every person it portrays to have approved
    this very text and the use of their photo."""
    _ensure_logged_in(actor)
    if not rules.can_publish_article(actor, article):
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(article)
        lifecycles.check(ARTICLE_LIFECYCLE["publish"], locked.status)
        revision = locked.revisions.first()
        if revision is None:
            raise ActionRefused(_("Cet article n’a pas encore de texte."))
        _check_approvals(locked, revision)
        if publish_at is not None and publish_at > now:
            locked.status = ArticleStatus.SCHEDULED
            locked.publish_at = publish_at
            locked.save(update_fields=["status", "publish_at"])
            log_action(actor, "editorial.article.scheduled", locked, revision=revision.pk,
                       publish_at=publish_at.isoformat())  # fmt: skip
            enqueue_at(tasks.publish_scheduled_article, publish_at, article_id=locked.pk)
        else:
            apply_revision(locked, revision, now=now)
            log_action(actor, "editorial.article.published", locked, revision=revision.pk)
            tell_author_published(locked)
    return locked


def send_back_article(actor: User, article: Article, *, comment: str) -> Article:
    """An editor sends the working copy back to draft with a comment for its author."""
    _ensure_logged_in(actor)
    if not rules.can_publish_article(actor, article):
        raise PermissionDenied
    comment = _clean(
        comment, low=COMMENT_MIN, high=COMMENT_MAX, name="comment",
        message=_("Le commentaire doit faire entre %(min)d et %(max)d caractères."),
    )  # fmt: skip
    with transaction.atomic():
        locked = _locked(article)
        lifecycles.check(ARTICLE_LIFECYCLE["send_back"], locked.status)
        locked.status = ArticleStatus.DRAFT
        locked.publish_at = None
        locked.send_back_comment = comment
        locked.save(update_fields=["status", "publish_at", "send_back_comment"])
        log_action(actor, "editorial.article.sent_back", locked, comment=comment)
        if locked.created_by is not None and locked.created_by.pk != actor.pk:
            url = reverse("editorial:edit", args=[locked.territory.slug, locked.pk])
            context = {"article": locked, "comment": comment, "url": url}
            transaction.on_commit(partial(notify, locked.created_by, kinds.SENT_BACK, context))
    return locked


def feature_article(actor: User, article: Article, *, featured: bool) -> Article:
    if not rules.is_editor(actor, article.territory):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(article)
        if not locked.is_public and featured:
            raise ActionRefused(_("Seul un article publié peut être mis à la une."))
        locked.featured = featured
        locked.save(update_fields=["featured"])
        log_action(
            actor,
            "editorial.article.featured" if featured else "editorial.article.unfeatured",
            locked,
        )
    return locked


def close_comments(actor: User, article: Article, *, closed: bool) -> Article:
    if not rules.is_editor(actor, article.territory):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(article)
        locked.comments_closed = closed
        locked.save(update_fields=["comments_closed"])
        log_action(
            actor, "editorial.comments.closed" if closed else "editorial.comments.opened", locked
        )
    return locked


# --- People portrayed -----------------------------------------------------------------------


def add_portrayed_person(
    actor: User, article: Article, *, person: User | None = None, name: str = "", email: str = ""
) -> PortrayedPerson:
    """Name someone an interview or a portrait portrays: an account (told in the site and by
    mail), or a name and an address sent a signed link. Either reads the text and approves it."""
    if not rules.can_write_article(actor, article):
        raise PermissionDenied
    if article.kind not in PORTRAYING_KINDS:
        raise ActionRefused(_("Seuls un entretien et un portrait nomment des personnes."))
    name = " ".join((name or (person.public_name if person else "")).split())[:120]
    email = (email or "").strip().lower()
    if person is None and not email:
        raise ActionRefused(_("Indiquez l’adresse e-mail de la personne."), field="email")
    if len(name) < 2:
        raise ActionRefused(_("Indiquez le nom de la personne."), field="name")
    with transaction.atomic():
        portrayed = PortrayedPerson.objects.create(
            article=article, person=person, name=name, email="" if person else email
        )
        log_action(actor, "editorial.portrayed.added", article, portrayed=portrayed.pk)
        url = reverse("editorial:approve", args=[selectors.portrayal_token(portrayed)])
        context = {
            "article": article,
            "writer_name": actor.public_name,
            "url": url,
            "portrayed_name": name,
        }
        if person is not None:
            transaction.on_commit(partial(notify, person, kinds.PORTRAYAL_REQUESTED, context))
        else:
            transaction.on_commit(
                partial(notify_address, email, kinds.PORTRAYAL_REQUESTED, context)
            )
    return portrayed


def approve_portrayal(actor: Any, portrayed: PortrayedPerson, *, photo: bool) -> PortrayedPerson:
    """The portrayed person approves the working copy's text, and the use of their photo if
    they tick it (publication needs both). One with an account must be logged in as themself;
    one invited by address is known by the signed link alone."""
    if portrayed.person_id is not None and getattr(actor, "pk", None) != portrayed.person_id:
        raise PermissionDenied
    with transaction.atomic():
        article = _locked(portrayed.article)
        revision = article.revisions.first()
        if revision is None:
            raise ActionRefused(_("Cet article n’a pas encore de texte."))
        locked = PortrayedPerson.objects.select_for_update().get(pk=portrayed.pk)
        locked.approved_revision = revision
        locked.approved_at = timezone.now()
        locked.photo_approved = photo
        locked.save(update_fields=["approved_revision", "approved_at", "photo_approved"])
        log_action(actor, "editorial.portrayed.approved", article, portrayed=locked.pk,
                   revision=revision.pk, photo=photo)  # fmt: skip
        if article.created_by is not None:
            url = reverse("editorial:edit", args=[article.territory.slug, article.pk])
            context = {
                "article": article,
                "portrayed_name": locked.name,
                "photo": photo,
                "url": url,
            }
            transaction.on_commit(
                partial(notify, article.created_by, kinds.PORTRAYAL_APPROVED, context)
            )
    return locked


# --- Comments -------------------------------------------------------------------------------


def post_comment(actor: User, article: Article, *, body: str) -> ArticleComment:
    """A member comments a published article whose comments are open; no contact details."""
    _ensure_logged_in(actor)
    # Read again: the page's copy may predate a hiding or the comments' closing.
    article = Article.objects.select_related("territory").get(pk=article.pk)
    if not article.is_public:
        raise PermissionDenied
    if article.comments_closed:
        raise ActionRefused(_("Les commentaires de cet article sont fermés."), field="body")
    if is_sanctioned(actor, article.territory_id):
        raise ActionRefused(str(SANCTIONED_REFUSAL), field="body")
    body = _clean(
        body, low=COMMENT_MIN, high=COMMENT_MAX, name="body",
        message=_("Le commentaire doit faire entre %(min)d et %(max)d caractères."),
    )  # fmt: skip
    check_public_texts(body=body)
    with transaction.atomic():
        comment = ArticleComment.objects.create(article=article, author=actor, body=body)
        log_action(actor, "editorial.comment.posted", comment, article=article.pk)
    return comment


# --- What the moderation writes (through the registry, under its own lock and audit) -------


def hide_content(target: Article | ArticleComment, when: datetime) -> None:
    target.hidden_at = when
    target.save(update_fields=["hidden_at"])


def restore_content(target: Article | ArticleComment) -> None:
    target.hidden_at = None
    target.save(update_fields=["hidden_at"])


def interests_of(mask: int) -> Iterable[int]:
    return [interest.value for interest in Interest.from_mask(mask)]
