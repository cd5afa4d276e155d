"""A person suspended or banned in a territory cannot comment on its articles, as they cannot
post in its groups (a review found the article comments open to them)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from entraide.community.tests.factories import make_person
from entraide.core.exceptions import ActionRefused
from entraide.editorial import services
from entraide.editorial.models import ArticleComment
from entraide.editorial.tests.factories import published_article
from entraide.moderation.enums import SanctionKind
from entraide.moderation.models import Sanction

pytestmark = pytest.mark.django_db


def test_a_suspended_member_is_refused_a_comment_and_nothing_is_written(editor, territory):
    article = published_article(editor, territory)
    zoe = make_person("zoe")
    Sanction.objects.create(
        person=zoe, territory=territory, kind=SanctionKind.SUSPENSION,
        until=timezone.now() + timedelta(days=7),
    )  # fmt: skip

    with pytest.raises(ActionRefused):
        services.post_comment(zoe, article, body="Un commentaire tout à fait aimable.")

    assert not ArticleComment.objects.filter(author=zoe).exists()
    services.post_comment(make_person("yann"), article, body="Un commentaire tout à fait aimable.")
    assert ArticleComment.objects.count() == 1
