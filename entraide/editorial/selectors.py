"""Reads of the local media. `access_*` are the only ways from a URL to an article: what the
viewer may not know exists is a 404, a newsroom page for someone outside the newsroom a 403.
Every public list starts from `Article.objects.public()` (published, not hidden), and comments
hidden by the moderation keep their place as a notice only."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from entraide.accounts.models import User
from entraide.actions.enums import ActionStatus, ParticipationStatus
from entraide.actions.models import Action, Participation, Slot
from entraide.community.enums import Visibility
from entraide.community.models import Group
from entraide.editorial import rules
from entraide.editorial.enums import ArticleStatus, NewsroomRole
from entraide.editorial.models import (
    Article,
    ArticleComment,
    ArticleRevision,
    EditorialRole,
    PortrayedPerson,
)
from entraide.organisations.models import Organisation
from entraide.territories.models import Territory

PORTRAYAL_SALT = "editorial.portrayal"


def public_articles(
    territory: Territory, *, kind: str | None = None, interest: int | None = None
) -> QuerySet[Article]:
    """The territory's published articles, newest first, of one kind or interest if asked."""
    articles = Article.objects.public().filter(territory=territory)
    if kind:
        articles = articles.filter(kind=kind)
    if interest is not None:
        articles = articles.with_any_interest([interest])
    return articles.select_related("territory").order_by("-published_at", "-pk")


def featured_articles(territory: Territory, limit: int = 3) -> list[Article]:
    """The articles the editors put on the front page, newest first; the newest ones fill
    the places left when fewer are featured."""
    featured = list(public_articles(territory).filter(featured=True)[:limit])
    if len(featured) < limit:
        featured += list(
            public_articles(territory)
            .exclude(pk__in=[a.pk for a in featured])
            .filter(featured=False)[: limit - len(featured)]
        )
    return featured


def latest_article(territory: Territory) -> Article | None:
    return public_articles(territory).first()


def access_public_article(territory: Territory, slug: str) -> Article:
    article = (
        Article.objects.public()
        .select_related("territory", "created_by")
        .filter(territory=territory, slug=slug)
        .first()
    )
    if article is None:
        raise Http404
    return article


def access_article_for_writing(viewer: Any, territory: Territory, article_id: int) -> Article:
    """An article of the newsroom: 403 for whoever is outside the newsroom, 404 for an article
    of another territory or, to a contributor, someone else's."""
    if not rules.is_in_newsroom(viewer, territory):
        raise PermissionDenied
    article = (
        Article.objects.select_related("territory", "created_by")
        .filter(pk=article_id, territory=territory)
        .first()
    )
    if article is None or not rules.can_write_article(viewer, article):
        raise Http404
    return article


def working_revision(article: Article) -> ArticleRevision | None:
    """The newest revision: the working copy."""
    return article.revisions.select_related("author").first()


def history_of(article: Article) -> QuerySet[ArticleRevision]:
    return article.revisions.select_related("author").order_by("-created_at", "-pk")


def newsroom_articles(viewer: Any, territory: Territory) -> QuerySet[Article]:
    """What the newsroom works on: every article for an editor, one's own for a contributor."""
    articles = Article.objects.filter(territory=territory).select_related("created_by")
    if rules.role_of(viewer, territory) != NewsroomRole.EDITOR:
        articles = articles.filter(created_by_id=viewer.pk)
    return articles.order_by("-created_at", "-pk")


def awaiting_review(territory: Territory) -> QuerySet[Article]:
    return Article.objects.filter(territory=territory, status=ArticleStatus.SUBMITTED).order_by(
        "created_at"
    )


def roles_in(territory: Territory) -> QuerySet[EditorialRole]:
    return (
        EditorialRole.objects.filter(territory=territory)
        .select_related("person", "granted_by")
        .order_by("role", "person__first_name", "pk")
    )


def portrayed_in(article: Article) -> QuerySet[PortrayedPerson]:
    return article.portrayed.select_related("person").order_by("pk")


def not_yet_approved(article: Article, revision: ArticleRevision | None) -> list[PortrayedPerson]:
    """Who has not approved this revision's text and their photo's use."""
    return [
        portrayed
        for portrayed in portrayed_in(article)
        if revision is None
        or portrayed.approved_revision_id != revision.pk
        or not portrayed.photo_approved
    ]


def portrayal_token(portrayed: PortrayedPerson) -> str:
    return signing.dumps(portrayed.pk, salt=PORTRAYAL_SALT)


def access_portrayal(token: str) -> PortrayedPerson:
    """The portrayed person a signed link names (30 days), whose article still exists."""
    try:
        pk = signing.loads(token, salt=PORTRAYAL_SALT, max_age=30 * 24 * 3600)
    except signing.BadSignature as error:
        raise Http404 from error
    portrayed = (
        PortrayedPerson.objects.select_related("article", "article__territory", "person")
        .filter(pk=pk)
        .first()
    )
    if portrayed is None:
        raise Http404
    return portrayed


def comments_of(article: Article) -> QuerySet[ArticleComment]:
    """All the comments in their order, the hidden ones too: the page shows a notice in their
    place, never their text (the template reads `hidden_at` first)."""
    return article.comments.select_related("author").order_by("created_at", "pk")


def comment_count(article: Article) -> int:
    return article.comments.filter(hidden_at__isnull=True).count()


# --- The live cards of an article's links ---------------------------------------------------


@dataclass(frozen=True)
class ArticleCards:
    slots: list[Slot]  # the next listed slot of each linked action that has one
    organisations: list[Organisation]
    groups: list[Group]


def linked_cards(article: Article) -> ArticleCards:
    """What the article links to, as the public sees it now: verified organisations, public
    groups of the territory, published actions of verified organisations with a slot to come."""
    now = timezone.now()
    next_slot = (
        Slot.objects.filter(action=OuterRef("pk"), is_listed=True, starts_at__gte=now)
        .order_by("starts_at", "pk")
        .values("pk")[:1]
    )
    slot_ids = [
        pk
        for pk in article.actions.filter(status=ActionStatus.PUBLISHED)
        .annotate(next_slot_id=Subquery(next_slot))
        .values_list("next_slot_id", flat=True)
        if pk is not None
    ]
    slots = list(
        Slot.objects.filter(pk__in=slot_ids)
        .select_related("action", "action__organisation", "commune")
        .order_by("starts_at", "pk")
    )
    organisations = list(article.organisations.verified().order_by("name"))
    groups = list(article.groups.filter(visibility=Visibility.PUBLIC).order_by("name"))
    return ArticleCards(slots=slots, organisations=organisations, groups=groups)


def impact_of(article: Article) -> int:
    """How many people joined the linked actions since the article was first published:
    confirmed participations created after it, in one aggregate query."""
    if article.published_at is None:
        return 0
    return (
        Participation.objects.filter(
            slot__action_id__in=Article.actions.through.objects.filter(article=article).values(
                "action_id"
            ),
            status=ParticipationStatus.CONFIRMED,
            created_at__gt=article.published_at,
        )
        .values("person_id")
        .distinct()
        .count()
    )


# --- What an article may link to -------------------------------------------------------------


def linkable_organisations(territory: Territory) -> QuerySet[Organisation]:
    return Organisation.objects.verified().in_territory(territory).order_by("name")


def linkable_actions(territory: Territory) -> QuerySet[Action]:
    """Published actions of the territory's verified organisations."""
    return (
        Action.objects.filter(
            status=ActionStatus.PUBLISHED,
            organisation__in=linkable_organisations(territory),
        )
        .select_related("organisation")
        .order_by("title", "pk")
    )


def linkable_groups(territory: Territory) -> QuerySet[Group]:
    return Group.objects.filter(territory=territory, visibility=Visibility.PUBLIC).order_by("name")


def valid_ids(queryset: QuerySet[Any], ids: Sequence[int]) -> list[int]:
    return sorted(queryset.filter(pk__in=list(ids)).values_list("pk", flat=True))


def account_with_email(email: str) -> Any:
    """The active account an address names, or None; the address is never shown back."""
    return User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
