"""Posts, comments and reactions through the services: each exit path, the newcomer limits,
moderation (pin, hide, report) and the notification of a new post."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from entraide.community import posting, services, tasks
from entraide.community.enums import GroupRole, ReactionKind, Visibility
from entraide.community.models import Comment, Post, Reaction
from entraide.community.tests.factories import admit, join, make_group, make_veteran
from entraide.core.enums import Delivery
from entraide.core.exceptions import ActionRefused
from entraide.core.models import AuditEntry, Notification
from entraide.moderation.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbours(alice, bob, carol):
    """An open public group founded by alice (admin); bob a veteran member, carol a newcomer."""
    group = make_group(alice, name="Voisins")
    make_veteran(join(bob, group))
    join(carol, group)
    return group


def photo(name="photo.png", size=(1600, 900)):
    buffer = BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


# --- Publishing


def test_a_member_publishes_markdown_rendered_safely(neighbours, bob):
    post = posting.publish_post(bob, neighbours, body="**Bonjour** <script>x()</script>")

    assert post.body == "**Bonjour** <script>x()</script>"
    assert "<strong>Bonjour</strong>" in post.body_html
    assert "<script" not in post.body_html
    assert AuditEntry.objects.filter(action="community.post.published", actor=bob).count() == 1


def test_the_photo_is_re_encoded_as_a_jpeg_of_at_most_1200_px(neighbours, bob):
    post = posting.publish_post(bob, neighbours, body="Le jardin", image=photo())

    with Image.open(post.image.path) as stored:
        assert (stored.format, max(stored.size)) == ("JPEG", 1200)


def test_a_file_that_is_no_image_is_refused_on_the_image_field(neighbours, bob):
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")

    with pytest.raises(ActionRefused) as refused:
        posting.publish_post(bob, neighbours, body="Le jardin", image=fake)

    assert refused.value.field == "image"
    assert Post.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "message"), [("   ", "Écrivez votre message."), ("x" * 5001, "5001 caractères")]
)
def test_an_empty_or_too_long_post_is_refused(neighbours, bob, body, message):
    with pytest.raises(ActionRefused, match=message):
        posting.publish_post(bob, neighbours, body=body)
    assert Post.objects.count() == 0


def test_a_replayed_post_is_refused_and_writes_nothing(neighbours, bob):
    posting.publish_post(bob, neighbours, body="Qui a une échelle ?")

    with pytest.raises(ActionRefused, match="vient d’être publié"):
        posting.publish_post(bob, neighbours, body="Qui a une échelle ?")
    assert Post.objects.count() == 1


def test_a_non_member_cannot_post(neighbours, dan):
    with pytest.raises(ActionRefused, match="membres actifs"):
        posting.publish_post(dan, neighbours, body="Bonjour")
    assert Post.objects.count() == 0


def test_a_member_who_left_cannot_post(neighbours, bob):
    services.leave_group(bob, neighbours)

    with pytest.raises(ActionRefused, match="membres actifs"):
        posting.publish_post(bob, neighbours, body="Bonjour")
    assert Post.objects.count() == 0


def test_a_candidate_still_waiting_cannot_post(alice, dan):
    group = make_group(alice, name="Sur demande", admission="approval")
    join(dan, group)

    with pytest.raises(ActionRefused, match="membres actifs"):
        posting.publish_post(dan, group, body="Bonjour")


def test_a_member_must_accept_the_new_charter_before_posting(neighbours, alice, bob):
    services.publish_charter(alice, neighbours, text="Nouvelle charte : respect et entraide.")
    neighbours.refresh_from_db()

    with pytest.raises(ActionRefused, match="charte"):
        posting.publish_post(bob, neighbours, body="Bonjour")


def test_the_anonymous_cannot_post(neighbours):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        posting.publish_post(AnonymousUser(), neighbours, body="Bonjour")  # type: ignore[arg-type]


# --- Newcomer limits


def test_a_newcomer_posts_at_most_two_links(neighbours, carol):
    body = "Voir https://a.example, [b](https://b.example) et www.c.example"

    with pytest.raises(ActionRefused, match="2 lien") as refused:
        posting.publish_post(carol, neighbours, body=body)

    assert refused.value.field == "body"
    posting.publish_post(carol, neighbours, body="Voir https://a.example et https://b.example")


def test_a_veteran_posts_as_many_links_as_they_like(neighbours, bob):
    body = " ".join(f"https://{n}.example" for n in range(6))

    assert posting.publish_post(bob, neighbours, body=body).pk


def test_a_newcomer_posts_at_most_three_posts_a_day(neighbours, carol):
    for n in range(3):
        posting.publish_post(carol, neighbours, body=f"Message {n}")

    with pytest.raises(ActionRefused, match="3 messages par jour"):
        posting.publish_post(carol, neighbours, body="Message 4")
    assert Post.objects.filter(author=carol).count() == 3


def test_posts_older_than_a_day_do_not_count_against_a_newcomer(neighbours, carol):
    for n in range(3):
        posting.publish_post(carol, neighbours, body=f"Message {n}")
    Post.objects.update(created_at=timezone.now() - timedelta(hours=25))

    assert posting.publish_post(carol, neighbours, body="Message 4").pk


def test_the_group_sets_its_own_newcomer_limits(neighbours, carol):
    neighbours.newcomer_images = 0
    neighbours.newcomer_links = 0
    neighbours.save(update_fields=["newcomer_images", "newcomer_links"])

    with pytest.raises(ActionRefused, match="0 image") as refused:
        posting.publish_post(carol, neighbours, body="Photo", image=photo())
    assert refused.value.field == "image"
    with pytest.raises(ActionRefused, match="0 lien"):
        posting.publish_post(carol, neighbours, body="https://a.example")


def test_an_admin_is_never_a_newcomer(neighbours, alice):
    for n in range(4):
        posting.publish_post(alice, neighbours, body=f"Annonce {n}")

    assert Post.objects.filter(author=alice).count() == 4


def test_links_count_urls_and_markdown_anchors():
    assert posting.count_links("[a](https://x.example) https://y.example", "") == 2
    assert posting.count_links("[a](/relatif)", '<p><a href="/relatif">a</a></p>') == 1
    assert posting.count_links("rien", "<p>rien</p>") == 0


# --- Comments and reactions


@pytest.fixture
def post(neighbours, bob):
    return posting.publish_post(bob, neighbours, body="Qui a une échelle ?")


def test_a_member_comments_and_the_count_follows(post, carol):
    comment = posting.comment_post(carol, post, body="Moi, passe la prendre.")

    post.refresh_from_db()
    assert (post.comment_count, comment.author) == (1, carol)


def test_a_replayed_comment_is_refused(post, carol):
    posting.comment_post(carol, post, body="Moi !")

    with pytest.raises(ActionRefused, match="vient d’être publié"):
        posting.comment_post(carol, post, body="Moi !")
    assert Comment.objects.count() == 1


def test_an_empty_or_too_long_comment_is_refused(post, carol):
    with pytest.raises(ActionRefused):
        posting.comment_post(carol, post, body="")
    with pytest.raises(ActionRefused, match="2001"):
        posting.comment_post(carol, post, body="x" * 2001)
    assert Comment.objects.count() == 0


def test_a_non_member_cannot_comment_nor_react_even_in_a_public_group(post, dan):
    with pytest.raises(ActionRefused):
        posting.comment_post(dan, post, body="Moi")
    with pytest.raises(ActionRefused):
        posting.react_to_post(dan, post, kind=ReactionKind.MERCI)
    assert (Comment.objects.count(), Reaction.objects.count()) == (0, 0)


def test_a_reaction_toggles(post, carol):
    assert posting.react_to_post(carol, post, kind=ReactionKind.MERCI) is True
    assert posting.react_to_post(carol, post, kind=ReactionKind.BRAVO) is True
    assert posting.react_to_post(carol, post, kind=ReactionKind.MERCI) is False

    assert list(Reaction.objects.values_list("kind", flat=True)) == [ReactionKind.BRAVO]


def test_a_replayed_reaction_with_its_state_changes_nothing(post, carol):
    posting.react_to_post(carol, post, kind=ReactionKind.SOUTIEN, on=True)
    posting.react_to_post(carol, post, kind=ReactionKind.SOUTIEN, on=True)

    assert Reaction.objects.count() == 1


def test_an_unknown_reaction_is_refused(post, carol):
    with pytest.raises(ActionRefused, match="réaction"):
        posting.react_to_post(carol, post, kind="like")
    assert Reaction.objects.count() == 0


def test_someone_blocked_cannot_answer_the_blocker(post, bob, carol):
    services.block_person(bob, carol)

    with pytest.raises(ActionRefused, match="répondre"):
        posting.comment_post(carol, post, body="Moi")
    with pytest.raises(ActionRefused, match="répondre"):
        posting.react_to_post(carol, post, kind=ReactionKind.MERCI)


def test_a_hidden_post_takes_no_comment(post, alice, carol):
    posting.hide_post(alice, post, reason="Hors sujet")

    with pytest.raises(ActionRefused, match="masquée"):
        posting.comment_post(carol, post, body="Moi")


# --- Moderation


def test_an_admin_hides_a_post_with_a_reason_and_it_is_kept(post, alice):
    posting.hide_post(alice, post, reason="Propos blessants")

    post.refresh_from_db()
    assert (post.hidden_by, post.hidden_reason) == (alice, "Propos blessants")
    entry = AuditEntry.objects.get(action="community.post.hidden")
    assert (entry.actor, entry.data["reason"]) == (alice, "Propos blessants")


def test_a_moderator_hides_a_post(neighbours, post, alice, carol):
    membership = neighbours.memberships.get(person=carol)
    services.set_role(alice, membership, role=GroupRole.MODERATOR)

    assert posting.hide_post(carol, post, reason="Hors sujet").hidden_at is not None


def test_a_plain_member_cannot_hide_nor_pin(post, carol):
    with pytest.raises(ActionRefused, match="modérateurs"):
        posting.hide_post(carol, post, reason="Hors sujet")
    with pytest.raises(ActionRefused, match="modérateurs"):
        posting.pin_post(carol, post)
    post.refresh_from_db()
    assert (post.hidden_at, post.pinned_at) == (None, None)


def test_hiding_needs_a_reason_and_twice_is_refused(post, alice):
    with pytest.raises(ActionRefused) as refused:
        posting.hide_post(alice, post, reason="")
    assert refused.value.field == "reason"
    posting.hide_post(alice, post, reason="Hors sujet")
    with pytest.raises(ActionRefused, match="déjà masquée"):
        posting.hide_post(alice, post, reason="Hors sujet")
    assert AuditEntry.objects.filter(action="community.post.hidden").count() == 1


def test_pin_then_unpin_and_each_twice_is_refused(post, alice):
    posting.pin_post(alice, post)
    with pytest.raises(ActionRefused, match="déjà épinglée"):
        posting.pin_post(alice, post)
    posting.unpin_post(alice, post)
    with pytest.raises(ActionRefused, match="pas épinglée"):
        posting.unpin_post(alice, post)


def test_a_hidden_post_cannot_be_pinned_and_hiding_unpins(post, alice):
    posting.pin_post(alice, post)
    posting.hide_post(alice, post, reason="Hors sujet")

    post.refresh_from_db()
    assert post.pinned_at is None
    with pytest.raises(ActionRefused, match="masquée"):
        posting.pin_post(alice, post)


def test_an_admin_hides_a_comment_and_the_count_follows(post, alice, carol):
    comment = posting.comment_post(carol, post, body="Hors sujet total")

    posting.hide_comment(alice, comment, reason="Hors sujet")

    post.refresh_from_db()
    comment.refresh_from_db()
    assert (post.comment_count, comment.hidden_by) == (0, alice)
    with pytest.raises(ActionRefused, match="déjà masqué"):
        posting.hide_comment(alice, comment, reason="Hors sujet")


def test_a_member_cannot_hide_a_comment(post, bob, carol):
    comment = posting.comment_post(carol, post, body="Bonjour")

    with pytest.raises(ActionRefused):
        posting.hide_comment(bob, comment, reason="Hors sujet")
    comment.refresh_from_db()
    assert comment.hidden_at is None


def test_a_reader_reports_a_post_to_moderation(post, dan):
    report = posting.report_post(dan, post, reason="Arnaque évidente")

    assert (report.reporter, report.object_id) == (dan, str(post.pk))
    assert Report.objects.count() == 1


def test_nobody_reports_what_they_cannot_read(alice, dan):
    group = make_group(alice, name="Discret", visibility=Visibility.MEMBERS)
    secret_post = posting.publish_post(alice, group, body="Réunion mardi")

    with pytest.raises(ActionRefused):
        posting.report_post(dan, secret_post, reason="Arnaque évidente")
    assert Report.objects.count() == 0


# --- Notification of a new post


def test_members_are_told_of_a_new_post_in_the_digest_by_default(
    neighbours, bob, carol, alice, dan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = posting.publish_post(bob, neighbours, body="Qui a une échelle ?")

    told = Notification.objects.filter(kind="community.new_post")
    assert sorted(told.values_list("recipient__first_name", flat=True)) == ["Alice", "Carol"]
    assert set(told.values_list("delivery", flat=True)) == {Delivery.DIGEST_PENDING}
    assert set(told.values_list("url", flat=True)) == {post.get_absolute_url()}


def test_a_member_who_blocked_the_author_is_not_told(neighbours, bob, carol):
    services.block_person(carol, bob)
    post = Post.objects.create(group=neighbours, author=bob, body="x", body_html="<p>x</p>")

    assert tasks.tell_members_of_post.call(post_id=post.pk) == 1
    assert list(Notification.objects.values_list("recipient__first_name", flat=True)) == ["Alice"]


def test_a_post_hidden_before_the_worker_came_tells_nobody(post, alice):
    posting.hide_post(alice, post, reason="Hors sujet")

    assert tasks.tell_members_of_post.call(post_id=post.pk) == 0


def test_the_mail_of_a_new_post_names_the_group_and_author_never_an_address(neighbours, bob):
    from entraide.core.notifications import render_email

    post = Post.objects.create(group=neighbours, author=bob, body="Qui a une échelle ?")
    email = render_email(
        "community.new_post",
        {
            "recipient": bob,
            "group": neighbours,
            "author_name": bob.public_name,
            "excerpt": tasks.excerpt_of(post.body),
            "url": post.get_absolute_url(),
        },
    )

    assert "Voisins" in email.subject
    assert bob.public_name in email.body and "Qui a une échelle ?" in email.body
    assert "@" not in email.body


def test_the_excerpt_is_the_start_of_the_post_on_one_line():
    assert tasks.excerpt_of("Un\n\ndeux") == "Un deux"
    assert len(tasks.excerpt_of("mot " * 200)) == tasks.EXCERPT_LENGTH


def test_a_member_of_a_group_with_a_post_may_still_leave(neighbours, carol):
    posting.publish_post(carol, neighbours, body="Bonjour à tous")
    services.leave_group(carol, neighbours)

    assert Post.objects.filter(author=carol).count() == 1


def test_admitting_through_the_factories_gives_writers(alice, dan):
    group = make_group(alice, name="Sur demande", admission="approval")
    admit(alice, dan, group)

    assert posting.publish_post(dan, group, body="Merci de m’accueillir").pk
