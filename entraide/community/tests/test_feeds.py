"""The feeds (a group's, the personal one) and the pages of posts: order, cursor pages,
visibility (hidden posts, blocks, secret groups), forbidden paths and query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from entraide.community import feeds, posting, services
from entraide.community.enums import ReactionKind, Visibility
from entraide.community.models import Comment, Post, Reaction
from entraide.community.tests.factories import join, make_group, make_person, make_veteran

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbours(alice, bob, carol):
    group = make_group(alice, name="Voisins")
    make_veteran(join(bob, group))
    make_veteran(join(carol, group))
    return group


def write(group, author, body, *, at=None):
    """A post written straight (the services' rules are tested in test_posts.py)."""
    post = Post.objects.create(group=group, author=author, body=body, body_html=f"<p>{body}</p>")
    if at is not None:
        Post.objects.filter(pk=post.pk).update(created_at=at)
        post.refresh_from_db()
    return post


def bodies(page):
    return [post.body for post in page.pinned + page.posts]


# --- The group's feed


def test_the_feed_is_newest_first_with_pinned_posts_heading_the_first_page(neighbours, alice, bob):
    now = timezone.now()
    old = write(neighbours, bob, "ancien", at=now - timedelta(days=3))
    write(neighbours, bob, "hier", at=now - timedelta(days=1))
    write(neighbours, bob, "aujourd’hui", at=now)
    posting.pin_post(alice, old)

    first = feeds.group_feed(bob, neighbours, before=None)

    assert bodies(first) == ["ancien", "aujourd’hui", "hier"]


def test_cursor_pages_neither_repeat_nor_skip_posts_written_at_the_same_instant(neighbours, bob):
    instant = timezone.now()
    written = [write(neighbours, bob, f"n{n}", at=instant) for n in range(7)]

    seen, before = [], None
    while True:
        page = feeds.group_feed(bob, neighbours, before=before, limit=3)
        seen += [post.pk for post in page.posts]
        if page.next_cursor is None:
            break
        before = feeds.decode_cursor(page.next_token)

    assert seen == sorted((post.pk for post in written), reverse=True)


def test_a_hidden_post_is_absent_for_members_and_marked_for_moderators(neighbours, alice, bob):
    post = write(neighbours, bob, "blessant")
    posting.hide_post(alice, post, reason="Propos blessants")

    assert bodies(feeds.group_feed(bob, neighbours, before=None)) == []
    (shown,) = feeds.group_feed(alice, neighbours, before=None).posts
    assert shown.is_hidden and shown.hidden_reason == "Propos blessants"


def test_a_viewer_does_not_read_the_posts_of_someone_they_blocked(neighbours, bob, carol):
    write(neighbours, bob, "de bob")
    write(neighbours, carol, "de carol")
    services.block_person(carol, bob)

    assert bodies(feeds.group_feed(carol, neighbours, before=None)) == ["de carol"]
    # The blocked person still reads the group.
    assert bodies(feeds.group_feed(bob, neighbours, before=None)) == ["de carol", "de bob"]


def test_reaction_counts_and_mine_are_given_with_each_post(neighbours, bob, carol):
    post = write(neighbours, bob, "merci à tous")
    posting.react_to_post(bob, post, kind=ReactionKind.MERCI)
    posting.react_to_post(carol, post, kind=ReactionKind.MERCI)
    posting.react_to_post(carol, post, kind=ReactionKind.BRAVO)

    (shown,) = feeds.group_feed(bob, neighbours, before=None).posts
    counts = {r.kind: (r.count, r.mine) for r in shown.reaction_counts}

    assert counts[ReactionKind.MERCI] == (2, True)
    assert counts[ReactionKind.BRAVO] == (1, False)
    assert counts[ReactionKind.SOUTIEN] == (0, False)


def test_a_tampered_cursor_is_the_first_page():
    assert feeds.decode_cursor("n'importe quoi") is None
    assert feeds.decode_cursor("2026-01-01T00:00:00~abc") is None
    assert feeds.decode_cursor("2026-01-01T00:00:00~3") is None  # no time zone
    assert feeds.decode_cursor("2026-01-01T00:00:00+00:00~3")[1] == 3


# --- The personal feed


def test_the_personal_feed_merges_the_viewers_groups_and_leaves_out_groups_left(
    neighbours, alice, bob
):
    other = make_group(alice, name="Jardins")
    join(bob, other)
    elsewhere = make_group(alice, name="Ailleurs")
    now = timezone.now()
    write(neighbours, alice, "voisins", at=now - timedelta(hours=2))
    write(other, alice, "jardins", at=now - timedelta(hours=1))
    write(elsewhere, alice, "ailleurs", at=now)

    assert bodies(feeds.personal_feed(bob, before=None)) == ["jardins", "voisins"]
    services.leave_group(bob, other)
    assert bodies(feeds.personal_feed(bob, before=None)) == ["voisins"]


def test_the_personal_feed_pages_across_groups_without_repeat_or_gap(neighbours, alice, bob):
    groups = [neighbours, make_group(alice, name="Jardins"), make_group(alice, name="Vélos")]
    for group in groups[1:]:
        join(bob, group)
    instant = timezone.now()
    written = [
        write(group, alice, f"{group.pk}-{n}", at=instant) for group in groups for n in (1, 2)
    ]

    seen, before = [], None
    while True:
        page = feeds.personal_feed(bob, before=before, limit=4)
        seen += [post.pk for post in page.posts]
        if page.next_cursor is None:
            break
        before = page.next_cursor

    assert seen == sorted((post.pk for post in written), reverse=True)


def test_the_personal_feed_leaves_out_hidden_posts_and_blocked_authors(
    neighbours, alice, bob, carol
):
    hidden = write(neighbours, alice, "masqué")
    posting.hide_post(alice, hidden, reason="Hors sujet")
    write(neighbours, carol, "de carol")
    write(neighbours, alice, "d’alice")
    services.block_person(bob, carol)

    assert bodies(feeds.personal_feed(bob, before=None)) == ["d’alice"]


def test_the_personal_feed_of_someone_in_no_group_is_empty(outsider):
    assert feeds.personal_feed(outsider, before=None).posts == []


# --- One post


def test_a_secret_groups_post_is_a_404_for_a_non_member_and_names_nothing(client, alice, dan):
    secret = make_group(alice, name="Cercle confidentiel", visibility=Visibility.SECRET)
    post = write(secret, alice, "ordre du jour confidentiel")
    client.force_login(dan)

    for url in (
        reverse("community:post", args=[secret.slug, post.pk]),
        reverse("community:posts", args=[secret.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        # The URL (with the slug) is the asker's own; the name and the content are not.
        text = response.content.decode()
        assert "Cercle confidentiel" not in text and "ordre du jour" not in text
    assert bodies(feeds.personal_feed(dan, before=None)) == []


def test_a_post_through_another_groups_url_is_a_404(client, neighbours, alice, bob):
    other = make_group(alice, name="Discret", visibility=Visibility.MEMBERS)
    post = write(other, alice, "réservé")
    client.force_login(bob)

    response = client.get(reverse("community:post", args=[neighbours.slug, post.pk]))

    assert response.status_code == 404


def test_a_members_only_groups_posts_are_a_404_for_outsiders_and_anonymous(client, alice, dan):
    group = make_group(alice, name="Discret", visibility=Visibility.MEMBERS)
    post = write(group, alice, "réservé")
    url = reverse("community:post", args=[group.slug, post.pk])

    assert client.get(url).status_code == 404
    client.force_login(dan)
    assert client.get(url).status_code == 404


def test_a_public_groups_posts_are_read_by_anyone(client, neighbours, bob):
    post = write(neighbours, bob, "ouvert à tous")

    response = client.get(reverse("community:post", args=[neighbours.slug, post.pk]))

    assert response.status_code == 200
    assert "ouvert à tous" in response.content.decode()


# --- Pages and forms


def test_a_member_publishes_through_the_form(client, neighbours, bob):
    client.force_login(bob)

    response = client.post(
        reverse("community:publish", args=[neighbours.slug]), {"body": "Qui a une échelle ?"}
    )

    assert response.status_code == 302
    assert list(Post.objects.values_list("body", flat=True)) == ["Qui a une échelle ?"]


def test_a_non_member_posting_to_a_public_group_sees_why_and_nothing_is_written(
    client, neighbours, dan
):
    client.force_login(dan)

    response = client.post(reverse("community:publish", args=[neighbours.slug]), {"body": "Hop"})

    assert response.status_code == 200
    assert "membres actifs" in response.content.decode()
    assert Post.objects.count() == 0


def test_a_member_who_left_posting_again_sees_why(client, neighbours, bob):
    services.leave_group(bob, neighbours)
    client.force_login(bob)

    response = client.post(reverse("community:publish", args=[neighbours.slug]), {"body": "Hop"})

    assert "membres actifs" in response.content.decode()
    assert Post.objects.count() == 0


def test_the_anonymous_are_sent_to_log_in_and_nothing_is_written(client, neighbours, bob):
    post = write(neighbours, bob, "x")
    for name, args in (
        ("publish", [neighbours.slug]),
        ("comment", [neighbours.slug, post.pk]),
        ("react", [neighbours.slug, post.pk]),
        ("hide_post", [neighbours.slug, post.pk]),
        ("report_post", [neighbours.slug, post.pk]),
        ("personal_feed", []),
    ):
        response = client.post(
            reverse(f"community:{name}", args=args), {"body": "y", "kind": "merci"}
        )
        assert response.status_code == 302 and "/comptes/" in response["Location"], name
    assert (Post.objects.count(), Comment.objects.count(), Reaction.objects.count()) == (1, 0, 0)


def test_changes_refuse_get(client, neighbours, bob):
    post = write(neighbours, bob, "x")
    client.force_login(bob)

    for name in ("comment", "react", "pin", "unpin"):
        assert (
            client.get(reverse(f"community:{name}", args=[neighbours.slug, post.pk])).status_code
            == 405
        )


def test_a_plain_member_cannot_reach_hiding_nor_pin(client, neighbours, bob, carol):
    post = write(neighbours, bob, "x")
    client.force_login(carol)

    assert (
        client.get(reverse("community:hide_post", args=[neighbours.slug, post.pk])).status_code
        == 404
    )
    client.post(
        reverse("community:hide_post", args=[neighbours.slug, post.pk]), {"reason": "Hors sujet"}
    )
    client.post(reverse("community:pin", args=[neighbours.slug, post.pk]))
    post.refresh_from_db()
    assert (post.hidden_at, post.pinned_at) == (None, None)


def test_hiding_asks_for_confirmation_then_hides(client, neighbours, alice, bob):
    post = write(neighbours, bob, "x")
    client.force_login(alice)
    url = reverse("community:hide_post", args=[neighbours.slug, post.pk])

    page = client.get(url)
    assert page.status_code == 200 and "Masquer cette publication" in page.content.decode()
    post.refresh_from_db()
    assert post.hidden_at is None

    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200
    assert client.post(url, {"reason": "Hors sujet"}).status_code == 302
    post.refresh_from_db()
    assert post.hidden_reason == "Hors sujet"


def test_hiding_a_comment_through_its_page(client, neighbours, alice, bob, carol):
    post = write(neighbours, bob, "x")
    comment = posting.comment_post(carol, post, body="Hors sujet total")
    client.force_login(alice)
    url = reverse("community:hide_comment", args=[neighbours.slug, post.pk, comment.pk])

    assert client.post(url, {"reason": "Hors sujet"}).status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_by == alice


def test_a_comment_of_another_post_is_a_404(client, neighbours, alice, bob, carol):
    post = write(neighbours, bob, "x")
    other = write(neighbours, bob, "y")
    comment = posting.comment_post(carol, other, body="Bonjour")
    client.force_login(alice)

    url = reverse("community:hide_comment", args=[neighbours.slug, post.pk, comment.pk])
    assert client.post(url, {"reason": "Hors sujet"}).status_code == 404


def test_comment_and_react_through_the_page(client, neighbours, bob, carol):
    post = write(neighbours, bob, "x")
    client.force_login(carol)

    client.post(reverse("community:comment", args=[neighbours.slug, post.pk]), {"body": "Moi !"})
    url = reverse("community:react", args=[neighbours.slug, post.pk])
    client.post(url, {"kind": "merci", "on": "1"})
    client.post(url, {"kind": "merci", "on": "1"})  # replayed

    assert list(Comment.objects.values_list("body", flat=True)) == ["Moi !"]
    assert Reaction.objects.count() == 1
    fragment = client.post(url, {"kind": "merci", "on": "0"}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    assert Reaction.objects.count() == 0


def test_an_empty_comment_is_shown_its_error_next_to_the_field(client, neighbours, bob, carol):
    post = write(neighbours, bob, "x")
    client.force_login(carol)

    response = client.post(
        reverse("community:comment", args=[neighbours.slug, post.pk]), {"body": " "}
    )

    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


def test_voir_plus_answers_the_next_page_as_a_fragment(client, neighbours, bob):
    for n in range(25):
        write(neighbours, bob, f"message {n}")
    client.force_login(bob)
    url = reverse("community:posts", args=[neighbours.slug])

    first = client.get(url)
    token = first.context["feed"].next_token
    more = client.get(url, {"avant": token}, HTTP_HX_REQUEST="true")

    assert len(first.context["feed"].posts) == 20
    assert len(more.context["feed"].posts) == 5
    assert "<html" not in more.content.decode()
    # Without JavaScript the same link is a full page.
    assert "<html" in client.get(url, {"avant": token}).content.decode()


def test_the_group_page_shows_its_feed_and_the_groups_list_links_the_personal_one(
    client, neighbours, bob
):
    write(neighbours, bob, "sur la page du groupe")
    client.force_login(bob)

    assert "sur la page du groupe" in client.get(neighbours.get_absolute_url()).content.decode()
    assert (
        reverse("community:personal_feed")
        in client.get(reverse("community:groups")).content.decode()
    )
    assert (
        "sur la page du groupe" in client.get(reverse("community:personal_feed")).content.decode()
    )


def test_empty_feeds_say_so(client, neighbours, bob):
    client.force_login(bob)

    assert (
        "Aucune publication"
        in client.get(reverse("community:posts", args=[neighbours.slug])).content.decode()
    )
    assert "Rien de neuf" in client.get(reverse("community:personal_feed")).content.decode()


def test_reporting_through_the_page(client, neighbours, bob, dan):
    post = write(neighbours, bob, "x")
    client.force_login(dan)

    response = client.post(
        reverse("community:report_post", args=[neighbours.slug, post.pk]),
        {"reason": "Arnaque évidente"},
    )

    assert response.status_code == 302


# --- Queries


def _react_all(post, people):
    for person in people:
        posting.react_to_post(person, post, kind=ReactionKind.MERCI)


def test_group_feed_queries_do_not_grow_with_posts(
    client, neighbours, alice, bob, carol, list_queries
):
    url = reverse("community:posts", args=[neighbours.slug])

    def queries_for(count):
        return list_queries(
            lambda: client.get(url),
            items=lambda r: len(r.context["feed"].posts) + len(r.context["feed"].pinned),
            expected=count,
        )

    client.force_login(bob)
    _react_all(write(neighbours, alice, "1"), [bob, carol])
    with_one = queries_for(1)
    for n in (2, 3):
        post = write(neighbours, carol if n == 2 else alice, str(n))
        _react_all(post, [alice, bob])
    posting.pin_post(alice, post)
    assert queries_for(3) == with_one


def test_personal_feed_queries_do_not_grow_with_posts_or_groups(
    client, neighbours, alice, bob, carol, list_queries
):
    url = reverse("community:personal_feed")

    def queries_for(count):
        return list_queries(
            lambda: client.get(url), items=lambda r: len(r.context["feed"].posts), expected=count
        )

    client.force_login(bob)
    _react_all(write(neighbours, alice, "1"), [carol])
    with_one = queries_for(1)
    for n in (2, 3):
        group = make_group(alice, name=f"Groupe {n}")
        join(bob, group)
        _react_all(write(group, alice, str(n)), [alice, bob])
    assert queries_for(3) == with_one


def test_post_page_queries_do_not_grow_with_comments(client, neighbours, alice, bob, list_queries):
    post = write(neighbours, alice, "x")
    url = reverse("community:post", args=[neighbours.slug, post.pk])

    def queries_for(count):
        return list_queries(
            lambda: client.get(url), items=lambda r: len(r.context["comments"]), expected=count
        )

    client.force_login(bob)
    posting.comment_post(bob, post, body="1")
    with_one = queries_for(1)
    posting.comment_post(alice, post, body="2")
    posting.comment_post(make_veteran_member(neighbours), post, body="3")
    assert queries_for(3) == with_one


def make_veteran_member(group):
    person = make_person("Eve")
    make_veteran(join(person, group))
    return person
