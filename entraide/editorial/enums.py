"""The kinds of article, the roles of the newsroom and the working copy's statuses, with the
table of the statuses' transitions (ADR 0032: every transition service asks
`core.lifecycles.check` with the status read under the article's lock)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.core.lifecycles import transition


class ArticleKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    INTERVIEW = "interview", _("Entretien")
    PORTRAIT = "portrait", _("Portrait d’une initiative")


# The kinds that portray people, who approve the text before it is published.
PORTRAYING_KINDS = (ArticleKind.INTERVIEW, ArticleKind.PORTRAIT)


class ArticleStatus(models.TextChoices):
    """The status of the working copy (ADR 0039): draft → submitted → published (or scheduled,
    then published at its hour), or sent back to draft with a comment. A published article
    edited again goes back to draft while its published version stays readable."""

    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Proposé à la relecture")
    SCHEDULED = "scheduled", _("Publication programmée")
    PUBLISHED = "published", _("Publié")


ARTICLE_LIFECYCLE = {
    "submit": transition(
        [ArticleStatus.DRAFT],
        [ArticleStatus.SUBMITTED],
        _("Seul un brouillon peut être proposé à la relecture."),
        refusal_from={
            ArticleStatus.SUBMITTED: _("Cet article est déjà proposé à la relecture."),
            ArticleStatus.SCHEDULED: _("La publication de cet article est déjà programmée."),
        },
    ),
    "publish": transition(
        [ArticleStatus.SUBMITTED],
        [ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED],
        _("Un article doit être proposé à la relecture avant d’être publié."),
        refusal_from={ArticleStatus.PUBLISHED: _("Cette version est déjà publiée.")},
    ),
    "publish_scheduled": transition(
        [ArticleStatus.SCHEDULED],
        [ArticleStatus.PUBLISHED],
        _("Cet article n’attend plus de publication programmée."),
    ),
    "send_back": transition(
        [ArticleStatus.SUBMITTED, ArticleStatus.SCHEDULED],
        [ArticleStatus.DRAFT],
        _("Seul un article proposé ou programmé peut être renvoyé à son auteur."),
    ),
    # Writing again: a published article's new working copy starts as a draft.
    "edit": transition(
        [ArticleStatus.DRAFT, ArticleStatus.PUBLISHED],
        [ArticleStatus.DRAFT],
        _("Cet article attend sa relecture : il ne peut être modifié que renvoyé en brouillon."),
    ),
}


class NewsroomRole(models.TextChoices):
    EDITOR = "editor", _("Éditeur·rice")
    CONTRIBUTOR = "contributor", _("Contributeur·rice")
