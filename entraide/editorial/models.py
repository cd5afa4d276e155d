"""The local media: roles in a territory's newsroom, articles with their edit history, the
people they portray, and readers' comments.

An article row holds its *published* version (ADR 0039): what lists, feeds and cards read,
filtered by one indexed condition. The working copy is the newest `ArticleRevision`; every
save writes a new one, so the revisions are the edit history too, and publishing copies the
newest revision onto the row."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.editorial.enums import ArticleKind, ArticleStatus, NewsroomRole
from entraide.organisations.enums import Interest

TITLE_MAX = 150
STANDFIRST_MAX = 400
BODY_MAX = 40000
ALT_MAX = 250
COMMENT_MAX = 3000
# The widths a cover is kept at, served through srcset (the largest is also the OpenGraph image).
COVER_WIDTHS = (1600, 800, 400)


class EditorialRole(models.Model):
    """A person's role in a territory's newsroom: an editor (given by the territory's staff) or
    a contributor (invited by an editor, who is kept in `granted_by`). One role per person and
    territory; removing it deletes the row (the audit log keeps who did what)."""

    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="editorial_roles"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editorial_roles"
    )
    role = models.CharField(_("rôle"), max_length=12, choices=NewsroomRole.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rôle de la rédaction")
        verbose_name_plural = _("rôles de la rédaction")
        constraints = [
            models.UniqueConstraint(fields=["territory", "person"], name="editorial_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.territory}"


class ArticleQuerySet(models.QuerySet["Article"]):
    def public(self) -> "ArticleQuerySet":
        """Readable by anyone: a published version, not hidden by the moderation."""
        return self.filter(published_at__isnull=False, hidden_at__isnull=True)

    def with_any_interest(self, interests: list[int]) -> "ArticleQuerySet":
        mask = Interest.mask_of(interests)
        if not mask:
            return self
        return self.alias(interest_match=models.F("interests").bitand(mask)).filter(
            interest_match__gt=0
        )


class Article(models.Model):
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="articles"
    )
    kind = models.CharField(
        _("type"), max_length=10, choices=ArticleKind.choices, default=ArticleKind.ARTICLE
    )
    slug = models.SlugField(_("adresse"), max_length=80)
    status = models.CharField(
        max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The published version (empty until the first publication).
    title = models.CharField(_("titre"), max_length=TITLE_MAX, blank=True)
    standfirst = models.TextField(_("chapô"), max_length=STANDFIRST_MAX, blank=True)
    body = models.TextField(_("texte"), max_length=BODY_MAX, blank=True)
    cover = models.ImageField(_("image de couverture"), upload_to="articles/%Y/", blank=True)
    cover_medium = models.ImageField(upload_to="articles/%Y/", blank=True)
    cover_small = models.ImageField(upload_to="articles/%Y/", blank=True)
    cover_alt = models.CharField(_("texte alternatif"), max_length=ALT_MAX, blank=True)
    interests = models.PositiveIntegerField(_("centres d’intérêt"), default=0)
    organisations = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="+"
    )
    actions = models.ManyToManyField("actions.Action", blank=True, related_name="+")
    groups = models.ManyToManyField("community.Group", blank=True, related_name="+")
    published_revision = models.ForeignKey(
        "ArticleRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # First publication (the impact line counts from it), last one, and the hour asked for.
    published_at = models.DateTimeField(null=True, blank=True)
    republished_at = models.DateTimeField(null=True, blank=True)
    publish_at = models.DateTimeField(_("publier le"), null=True, blank=True)
    send_back_comment = models.TextField(blank=True)
    featured = models.BooleanField(_("à la une"), default=False)
    comments_closed = models.BooleanField(_("commentaires fermés"), default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "slug"], name="article_slug_per_territory")
        ]
        indexes = [
            models.Index(
                fields=["territory", "-published_at"],
                condition=Q(published_at__isnull=False, hidden_at__isnull=True),
                name="article_public_idx",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.slug

    def get_absolute_url(self) -> str:
        return reverse("editorial:article", args=[self.territory.slug, self.slug])

    @property
    def is_public(self) -> bool:
        return self.published_at is not None and self.hidden_at is None

    @property
    def interest_list(self) -> list[Interest]:
        return Interest.from_mask(self.interests)

    @property
    def portrays(self) -> bool:
        return self.kind in (ArticleKind.INTERVIEW, ArticleKind.PORTRAIT)


class ArticleRevision(models.Model):
    """One saved version of an article: who, when, and every field's value (the links as id
    lists). The newest is the working copy; none is ever changed once written."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=TITLE_MAX)
    standfirst = models.TextField(max_length=STANDFIRST_MAX)
    body = models.TextField(max_length=BODY_MAX)
    cover = models.ImageField(upload_to="articles/%Y/", blank=True)
    cover_medium = models.ImageField(upload_to="articles/%Y/", blank=True)
    cover_small = models.ImageField(upload_to="articles/%Y/", blank=True)
    cover_alt = models.CharField(max_length=ALT_MAX, blank=True)
    interests = models.PositiveIntegerField(default=0)
    links = models.JSONField(
        default=dict
    )  # {"organisations": [ids], "actions": […], "groups": […]}

    class Meta:
        verbose_name = _("version d’article")
        verbose_name_plural = _("versions d’article")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} · {self.created_at:%Y-%m-%d %H:%M}"

    def link_ids(self, name: str) -> list[int]:
        value: Any = (self.links or {}).get(name, [])
        return [int(pk) for pk in value]


class PortrayedPerson(models.Model):
    """Someone an interview or a portrait portrays: an account, or a name and an address
    invited by mail with a signed link. The address is used for that message only and never
    shown. Their approval is of one revision: a text changed since needs approving again."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="portrayed")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("nom"), max_length=120)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    approved_revision = models.ForeignKey(
        ArticleRevision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    photo_approved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("personne portraiturée")
        verbose_name_plural = _("personnes portraiturées")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ArticleComment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("commentaire"), max_length=COMMENT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("commentaire d’article")
        verbose_name_plural = _("commentaires d’article")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["article", "created_at"], name="article_comment_idx")]

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#commentaire-{self.pk}"
