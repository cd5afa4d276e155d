"""The newsroom's services: the workflow, its refusals (which change nothing), the approval of
the people portrayed, scheduled publication, the history, covers and links, and who may do
what (a small matrix over the personas)."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from entraide.core.exceptions import ActionRefused
from entraide.core.models import AuditEntry, Notification
from entraide.editorial import selectors, services, tasks
from entraide.editorial.enums import ArticleKind, ArticleStatus
from entraide.editorial.models import Article, EditorialRole
from entraide.editorial.tests.factories import cover_upload, published_article, text, write_article
from entraide.organisations.enums import Interest


def _state(article: Article) -> tuple[Any, ...]:
    article.refresh_from_db()
    return (
        article.status,
        article.title,
        article.published_at,
        article.revisions.count(),
        AuditEntry.objects.count(),
        EditorialRole.objects.count(),
    )


def test_a_contributor_writes_an_editor_publishes_and_a_new_draft_keeps_the_published_text(
    contributor: Any, editor: Any, territory: Any, django_capture_on_commit_callbacks: Any
) -> None:
    article = write_article(contributor, territory, title="Première version")
    assert (article.status, article.published_at, article.title) == ("draft", None, "")
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_article(contributor, article)
    assert Notification.objects.filter(recipient=editor, kind="editorial.submitted").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_article(editor, article)
    article.refresh_from_db()
    assert (article.status, article.title) == ("published", "Première version")
    assert (
        Notification.objects.filter(recipient=contributor, kind="editorial.published").count() == 1
    )
    first_published = article.published_at

    services.save_draft(contributor, article, text=text(title="Deuxième version"))
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert selectors.access_public_article(territory, article.slug).title == "Première version"
    assert [r.title for r in selectors.history_of(article)] == [
        "Deuxième version",
        "Première version",
    ]
    services.submit_article(contributor, article)
    services.publish_article(editor, article)
    article.refresh_from_db()
    assert (article.title, article.published_at) == ("Deuxième version", first_published)
    assert article.republished_at > first_published
    assert list(
        AuditEntry.objects.filter(action__startswith="editorial.article").values_list("action", flat=True).order_by("pk")
    ) == [
        "editorial.article.created", "editorial.article.submitted", "editorial.article.published",
        "editorial.article.revised", "editorial.article.submitted", "editorial.article.published",
    ]  # fmt: skip


def test_an_editor_sends_an_article_back_with_a_comment_for_its_author(
    contributor: Any, editor: Any, territory: Any, django_capture_on_commit_callbacks: Any
) -> None:
    article = write_article(contributor, territory)
    services.submit_article(contributor, article)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_back_article(editor, article, comment="Ajoutez une photo du jardin.")
    article.refresh_from_db()
    assert (article.status, article.send_back_comment) == ("draft", "Ajoutez une photo du jardin.")
    assert (
        Notification.objects.filter(recipient=contributor, kind="editorial.sent_back").count() == 1
    )


def test_refused_transitions_and_forbidden_actors_change_nothing(
    contributor: Any, editor: Any, other_editor: Any, volunteer: Any, territory: Any
) -> None:
    article = write_article(contributor, territory)
    before = _state(article)
    with pytest.raises(ActionRefused, match="proposé à la relecture"):
        services.publish_article(editor, article)
    with pytest.raises(ActionRefused):
        services.send_back_article(editor, article, comment="Non.")
    services.submit_article(contributor, article)
    before = _state(article)
    for actor in (contributor, other_editor, volunteer):
        with pytest.raises(PermissionDenied):
            services.publish_article(actor, article)
    with pytest.raises(ActionRefused, match="déjà proposé"):
        services.submit_article(contributor, article)
    with pytest.raises(ActionRefused, match="relecture"):
        services.save_draft(contributor, article, text=text(title="Changement en douce"))
    with pytest.raises(ActionRefused, match="commentaire"):
        services.send_back_article(editor, article, comment="")
    assert _state(article) == before


def test_a_portrait_waits_for_each_person_portrayed_and_names_who_has_not_approved(
    editor: Any, volunteer: Any, territory: Any, django_capture_on_commit_callbacks: Any
) -> None:
    article = write_article(editor, territory, kind=ArticleKind.PORTRAIT)
    with django_capture_on_commit_callbacks(execute=True):
        camille = services.add_portrayed_person(editor, article, person=volunteer)
        hugo = services.add_portrayed_person(
            editor, article, name="Hugo Lambert", email="hugo@example.net"
        )
    assert (
        Notification.objects.filter(
            recipient=volunteer, kind="editorial.portrayal_requested"
        ).count()
        == 1
    )
    services.submit_article(editor, article)
    with pytest.raises(ActionRefused, match=r"Camille D\., Hugo Lambert"):
        services.publish_article(editor, article)
    with pytest.raises(PermissionDenied):  # an account approves for itself only
        services.approve_portrayal(AnonymousUser(), camille, photo=True)
    services.approve_portrayal(volunteer, camille, photo=True)
    token_holder = selectors.access_portrayal(selectors.portrayal_token(hugo))
    services.approve_portrayal(AnonymousUser(), token_holder, photo=False)
    with pytest.raises(ActionRefused, match="Hugo Lambert"):  # the text, not the photo
        services.publish_article(editor, article)
    services.approve_portrayal(AnonymousUser(), token_holder, photo=True)
    services.publish_article(editor, article)
    article.refresh_from_db()
    assert article.is_public
    # A new text needs approving again.
    services.save_draft(
        editor, article, text=text(body="Un texte changé après l’accord, bien plus long.")
    )
    services.submit_article(editor, article)
    with pytest.raises(ActionRefused, match=r"Camille D\., Hugo Lambert"):
        services.publish_article(editor, article)


def test_a_scheduled_article_is_published_once_by_its_task_at_the_hour(
    editor: Any, territory: Any
) -> None:
    article = write_article(editor, territory)
    services.submit_article(editor, article)
    services.publish_article(editor, article, publish_at=timezone.now() + timedelta(hours=2))
    article.refresh_from_db()
    assert (article.status, article.published_at) == ("scheduled", None)
    assert tasks.publish_scheduled_article.call(article_id=article.pk) is False  # not yet
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    assert tasks.publish_scheduled_article.call(article_id=article.pk) is True
    assert tasks.publish_scheduled_article.call(article_id=article.pk) is False  # run twice
    article.refresh_from_db()
    assert (article.status, article.is_public) == ("published", True)
    assert AuditEntry.objects.filter(action="editorial.article.published").count() == 1
    # Sent back before its hour, a scheduled article's task does nothing.
    other = write_article(editor, territory, title="Un autre article")
    services.submit_article(editor, other)
    services.publish_article(editor, other, publish_at=timezone.now() + timedelta(hours=1))
    services.send_back_article(editor, other, comment="Pas cette semaine.")
    Article.objects.filter(pk=other.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    assert tasks.publish_scheduled_article.call(article_id=other.pk) is False


def test_a_cover_is_kept_at_three_widths_and_needs_its_alternative_text(
    editor: Any, territory: Any
) -> None:
    with pytest.raises(ActionRefused) as refused:
        write_article(editor, territory, cover=cover_upload())
    assert refused.value.field == "cover_alt"
    article = write_article(
        editor, territory, cover=cover_upload(size=(2000, 1000)), cover_alt="Un potager"
    )
    revision = selectors.working_revision(article)
    assert revision is not None
    assert [revision.cover.width, revision.cover_medium.width, revision.cover_small.width] == [
        1600,
        800,
        400,
    ]
    fake = SimpleUploadedFile(
        "photo.jpg", b"<?php echo 'pas une image'; ?>", content_type="image/jpeg"
    )
    with pytest.raises(ActionRefused, match="pas une image lisible") as refused:
        write_article(editor, territory, cover=fake, cover_alt="Faux")
    assert refused.value.field == "cover"
    # A new version without a new upload keeps the cover.
    services.save_draft(editor, article, text=text(cover_alt="Un potager au printemps"))
    assert selectors.working_revision(article).cover.name == revision.cover.name  # type: ignore[union-attr]


def test_links_to_what_the_public_cannot_see_and_contact_details_are_refused(
    editor: Any, territory: Any
) -> None:
    with pytest.raises(ActionRefused) as refused:
        write_article(editor, territory, action_ids=[999999])
    assert refused.value.field == "actions"
    with pytest.raises(ActionRefused) as refused:
        write_article(
            editor, territory, body="Écrivez-moi à jardin@example.org pour venir nous voir."
        )
    assert refused.value.field == "body"
    with pytest.raises(ActionRefused) as refused:
        write_article(editor, territory, interests=[99])
    assert refused.value.field == "interests"
    assert Article.objects.count() == 0


def _attempt(action: str, actor: Any, territory: Any, world: dict[str, Any]) -> bool:
    """Whether `actor` may do `action`; refused means PermissionDenied and nothing written."""
    try:
        if action == "write":
            write_article(actor, territory, title=f"Par {actor}")
        elif action == "publish":
            services.publish_article(actor, world["submitted"])
        elif action == "edit_others":
            services.save_draft(actor, world["submitted_by_editor"], text=text())
        elif action == "give_editor":
            services.give_editor_role(actor, territory, world["newcomer"])
        elif action == "add_contributor":
            services.add_contributor(actor, territory, world["newcomer"])
        elif action == "feature":
            services.feature_article(actor, world["published"], featured=True)
    except PermissionDenied:
        return False
    return True


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        ("write", {"contributor", "editor", "staff"}),
        ("publish", {"editor", "staff"}),
        ("edit_others", {"editor", "staff"}),
        ("give_editor", {"staff"}),
        ("add_contributor", {"editor", "staff"}),
        ("feature", {"editor", "staff"}),
    ],
)
def test_who_may_do_what_in_the_newsroom(
    action: str, allowed: set[str], territory: Any, staff: Any, editor: Any, contributor: Any,
    volunteer: Any, other_editor: Any,
) -> None:  # fmt: skip
    from entraide.community.tests.factories import make_person

    people = {
        "visitor": AnonymousUser(), "member": volunteer, "contributor": contributor,
        "editor": editor, "other_editor": other_editor, "staff": staff,
    }  # fmt: skip
    answers = {}
    for name, actor in people.items():
        submitted = write_article(contributor, territory, title="À relire")
        services.submit_article(contributor, submitted)
        by_editor = write_article(editor, territory, title="Brouillon d’Eve")
        world = {
            "submitted": submitted, "submitted_by_editor": by_editor,
            "published": published_article(editor, territory, title="Publié"),
            "newcomer": make_person(f"Nouveau{name.replace('_', '')}"),
        }  # fmt: skip
        before = AuditEntry.objects.count()
        answers[name] = _attempt(action, actor, territory, world)
        if not answers[name]:
            assert AuditEntry.objects.count() == before, name
    assert {name for name, ok in answers.items() if ok} == allowed


def test_staff_give_the_editor_role_once_and_an_editor_invites_contributors(
    staff: Any, editor: Any, territory: Any, volunteer: Any
) -> None:
    with pytest.raises(ActionRefused, match="déjà éditrice"):
        services.give_editor_role(staff, territory, editor)
    services.add_contributor(editor, territory, volunteer)
    with pytest.raises(ActionRefused, match="déjà partie"):
        services.add_contributor(editor, territory, volunteer)
    role = EditorialRole.objects.get(person=volunteer)
    assert (role.role, role.granted_by) == ("contributor", editor)
    services.give_editor_role(staff, territory, volunteer)  # promoted
    assert EditorialRole.objects.get(person=volunteer).role == "editor"
    services.remove_editor_role(staff, territory, volunteer)
    assert not EditorialRole.objects.filter(person=volunteer).exists()
    with pytest.raises(ActionRefused):
        services.remove_contributor(editor, territory, volunteer)


def test_interests_filter_and_hidden_articles_leave_every_list(editor: Any, territory: Any) -> None:
    garden = published_article(
        editor, territory, title="Le jardin", interests=[Interest.ENVIRONMENT]
    )
    choir = published_article(editor, territory, title="La chorale", interests=[Interest.CULTURE])
    assert list(selectors.public_articles(territory, interest=Interest.CULTURE)) == [choir]
    services.feature_article(editor, garden, featured=True)
    assert selectors.featured_articles(territory, 2) == [garden, choir]
    services.hide_content(garden, timezone.now())
    assert list(selectors.public_articles(territory)) == [choir]
    assert selectors.featured_articles(territory, 2) == [choir]
    assert selectors.latest_article(territory) == choir
    services.restore_content(garden)
    assert selectors.featured_articles(territory, 2) == [garden, choir]
