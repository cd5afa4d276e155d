"""The pages of the local media as a reader and a writer use them: the article with its live
cards, one-click join and impact line, its OpenGraph and JSON-LD, the feeds (parsed by
feedparser), comments and the hidden comment's notice, the list's filters, pagination and
query counts, the newsroom's forms, and tampered ids answered without an error page."""

import json
import re
from typing import Any

import feedparser
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from entraide.actions.models import Participation
from entraide.actions.tests.factories import first_slot, make_action
from entraide.community.tests.factories import make_person
from entraide.editorial import services
from entraide.editorial.enums import ArticleKind
from entraide.editorial.models import Article, ArticleComment, EditorialRole
from entraide.editorial.tests.factories import INTERVIEW, cover_upload, published_article
from entraide.editorial.tests.factories import text as text_of
from entraide.organisations.enums import Interest
from entraide.organisations.tests.factories import make_organisation


@pytest.fixture
def linked(editor: Any, staff: Any, territory: Any, saint_dizier: Any) -> dict[str, Any]:
    """An interview with a cover, linking an association and its action (3 places)."""
    alex = make_person("Alex")
    organisation = make_organisation(alex, saint_dizier, verified_by=staff)
    action = make_action(alex, organisation, capacity=3, title="Chantier au jardin")
    article = published_article(
        editor, territory, kind=ArticleKind.INTERVIEW, title="Un jardin </script> partagé",
        body=INTERVIEW, cover=cover_upload(), cover_alt="Des voisins au potager",
        organisation_ids=[organisation.pk], action_ids=[action.pk], interests=[Interest.ENVIRONMENT],
    )  # fmt: skip
    return {"article": article, "action": action, "organisation": organisation}


def _client(person: Any = None) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


def test_the_article_page_shows_live_cards_joins_in_one_click_and_counts_its_impact(
    linked: dict[str, Any], volunteer: Any
) -> None:
    article, action = linked["article"], linked["action"]
    slot = first_slot(action)
    page = _client().get(article.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert '<div class="interview__question">' in html and '<div class="interview__answer">' in html
    assert "3 places restantes" in html
    assert reverse("actions:join", args=[slot.pk]) in html
    assert linked["organisation"].name in html
    assert 'srcset="' in html and "400w" in html and "1600w" in html
    assert "ont rejoint" not in html and "a rejoint" not in html

    reader = _client(volunteer)
    joined = reader.post(reverse("actions:join", args=[slot.pk]))
    assert joined.status_code == 302
    assert (
        Participation.objects.filter(person=volunteer, slot=slot, status="confirmed").count() == 1
    )
    html = reader.get(article.get_absolute_url()).content.decode()
    assert "1 personne a rejoint ces actions" in html
    assert "2 places restantes" in html


def test_the_article_page_carries_opengraph_and_a_parsable_json_ld_article(
    linked: dict[str, Any],
) -> None:
    article = linked["article"]
    html = _client().get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert (
        f'<meta property="og:title" content="{article.title.replace("<", "&lt;").replace(">", "&gt;")}">'
        in html
    )
    assert re.search(r'<meta property="og:image" content="http://testserver/media/articles/', html)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert (data["@type"], data["headline"]) == ("Article", "Un jardin </script> partagé")
    assert data["url"] == f"http://testserver{article.get_absolute_url()}"
    assert data["image"].startswith("http://testserver/media/articles/")
    assert data["author"] == {"@type": "Person", "name": "Eve L."}


def test_the_feeds_hold_the_published_articles_by_interest_and_never_a_hidden_one(
    editor: Any, territory: Any
) -> None:
    garden = published_article(
        editor, territory, title="Le jardin", interests=[Interest.ENVIRONMENT]
    )
    published_article(editor, territory, title="La chorale", interests=[Interest.CULTURE])
    hidden = published_article(editor, territory, title="Article masqué")
    services.hide_content(hidden, timezone.now())
    for name, version in (("rss", "rss20"), ("atom", "atom10")):
        url = reverse(f"editorial:{name}", args=[territory.slug])
        feed = feedparser.parse(_client().get(url).content)
        assert feed.version == version and not feed.bozo
        assert [entry.title for entry in feed.entries] == ["La chorale", "Le jardin"]
        assert feed.entries[1].link == f"http://testserver{garden.get_absolute_url()}"
        by_interest = feedparser.parse(
            _client().get(f"{url}?interet={Interest.ENVIRONMENT.value}").content
        )
        assert [entry.title for entry in by_interest.entries] == ["Le jardin"]
    listing = _client().get(reverse("editorial:list", args=[territory.slug])).content.decode()
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Articles (RSS)" href="{reverse("editorial:rss", args=[territory.slug])}">'
        in listing
    )


def test_members_comment_without_contact_details_and_hidden_comments_leave_a_notice(
    linked: dict[str, Any], volunteer: Any, outsider: Any, editor: Any
) -> None:
    article = linked["article"]
    url = reverse("editorial:comment", args=[article.territory.slug, article.slug])
    assert _client().post(url, {"body": "Bravo !"}).status_code == 302  # to the log-in
    refused = _client(volunteer).post(url, {"body": "Appelez-moi au 06 12 34 56 78 !"})
    assert refused.status_code == 400 and "Retirez le numéro" in refused.content.decode()
    assert _client(volunteer).post(url, {"body": "Quel beau jardin, bravo !"}).status_code == 302
    assert _client(outsider).post(url, {"body": "Texte qui sera masqué."}).status_code == 302
    services.hide_content(ArticleComment.objects.get(author=outsider), timezone.now())
    html = _client().get(article.get_absolute_url()).content.decode()
    assert "Quel beau jardin, bravo !" in html
    assert "Texte qui sera masqué." not in html
    assert f"masqué par la modération le {timezone.localdate():%-d}" in html
    assert "1 commentaire" in html
    # Each visible comment has its « Signaler » link to the moderation's form; a hidden one none.
    shown = ArticleComment.objects.get(author=volunteer)
    hidden = ArticleComment.objects.get(author=outsider)
    report = reverse("moderation:report", args=["editorial.comment", shown.pk])
    assert (
        report in html
        and reverse("moderation:report", args=["editorial.comment", hidden.pk]) not in html
    )
    assert _client().get(report).status_code == 200
    assert (
        _client()
        .get(reverse("moderation:report", args=["editorial.comment", hidden.pk]))
        .status_code
        == 404
    )
    services.close_comments(editor, article, closed=True)
    closed = _client(volunteer).post(url, {"body": "Encore un mot ?"})
    assert closed.status_code == 400 and "sont fermés" in closed.content.decode()
    assert ArticleComment.objects.count() == 2


def test_the_list_filters_by_kind_and_interest_and_pages_twelve_by_twelve(
    editor: Any, territory: Any
) -> None:
    for number in range(13):
        published_article(editor, territory, title=f"Article {number}", interests=[Interest.SPORT])
    published_article(
        editor, territory, title="Un entretien", kind=ArticleKind.INTERVIEW, body=INTERVIEW
    )
    url = reverse("editorial:list", args=[territory.slug])
    first = _client().get(url)
    assert [a.title for a in first.context["page_obj"]][:2] == ["Un entretien", "Article 12"]
    assert len(first.context["page_obj"]) == 12
    assert len(_client().get(url, {"page": 2}).context["page_obj"]) == 2
    assert [a.title for a in _client().get(url, {"type": "interview"}).context["page_obj"]] == [
        "Un entretien"
    ]
    assert len(_client().get(url, {"interet": Interest.SPORT.value}).context["page_obj"]) == 12
    assert _client().get(url, {"interet": "x", "page": "999"}).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_costs_the_same_queries_for_one_or_three_articles(
    count: int, editor: Any, territory: Any, list_queries: Any
) -> None:
    for number in range(count):
        published_article(
            editor, territory, title=f"Article {number}", cover=cover_upload(), cover_alt="Image"
        )
    client = _client()
    url = reverse("editorial:list", args=[territory.slug])
    queries = list_queries(
        lambda: client.get(url), items=lambda r: len(r.context["page_obj"]), expected=count
    )
    assert queries <= 4


@pytest.mark.parametrize("count", [1, 3])
def test_the_newsroom_list_costs_the_same_queries_for_one_or_three_articles(
    count: int, editor: Any, contributor: Any, territory: Any, list_queries: Any
) -> None:
    for number in range(count):
        published_article(editor, territory, title=f"Article {number}")
    client = _client(editor)
    url = reverse("editorial:newsroom", args=[territory.slug])
    queries = list_queries(
        lambda: client.get(url), items=lambda r: len(r.context["page_obj"]), expected=count
    )
    assert queries <= 18


def test_the_newsroom_forms_write_submit_and_publish(
    contributor: Any, editor: Any, territory: Any, staff: Any
) -> None:
    writer = _client(contributor)
    created = writer.post(
        reverse("editorial:new", args=[territory.slug]),
        {"kind": "article", "title": "Fête du quartier", "standfirst": "Le quartier se retrouve samedi.",
         "body": "Une grande tablée sur la place, ouverte à tous les voisins.", "cover": cover_upload(),
         "cover_alt": "Une tablée", "interests": [str(Interest.CULTURE.value)]},
    )  # fmt: skip
    article = Article.objects.get()
    assert created.status_code == 302
    fake = writer.post(
        reverse("editorial:edit", args=[territory.slug, article.pk]),
        {"title": "Fête du quartier", "standfirst": "Le quartier se retrouve samedi.",
         "body": "Une grande tablée sur la place, ouverte à tous.", "cover_alt": "x",
         "cover": cover_upload(name="x.png").__class__("x.png", b"GIF89a-broken", content_type="image/gif")},
    )  # fmt: skip
    assert fake.status_code == 400 and "abîmée" in fake.content.decode()
    writer.post(reverse("editorial:submit", args=[territory.slug, article.pk]))
    assert (
        _client(contributor)
        .post(reverse("editorial:publish", args=[territory.slug, article.pk]))
        .status_code
        == 403
    )
    assert (
        _client(editor)
        .post(reverse("editorial:publish", args=[territory.slug, article.pk]))
        .status_code
        == 302
    )
    article.refresh_from_db()
    assert (article.status, article.title) == ("published", "Fête du quartier")
    # The team: staff give the editor role by an account's address; an unknown one is refused.
    team = reverse("editorial:team", args=[territory.slug])
    newcomer = make_person("Nina")
    assert _client(staff).post(team, {"email": newcomer.email, "role": "editor"}).status_code == 302
    assert EditorialRole.objects.get(person=newcomer).role == "editor"
    unknown = _client(editor).post(team, {"email": "personne@example.net", "role": "contributor"})
    assert "Aucun compte actif" in unknown.content.decode()
    assert newcomer.email not in _client(editor).get(team).content.decode()


def test_tampered_ids_and_links_answer_404_or_403_never_an_error(
    linked: dict[str, Any],
    editor: Any,
    other_editor: Any,
    other_territory: Any,
    contributor: Any,
    volunteer: Any,
) -> None:
    article, territory = linked["article"], linked["article"].territory
    answers = {
        "unknown article": _client(editor).get(reverse("editorial:edit", args=[territory.slug, 999999])).status_code,
        "other territory's article": _client(other_editor).get(reverse("editorial:edit", args=[other_territory.slug, article.pk])).status_code,
        "outside the newsroom": _client(volunteer).get(reverse("editorial:edit", args=[territory.slug, article.pk])).status_code,
        "someone else's, to a contributor": _client(contributor).get(reverse("editorial:edit", args=[territory.slug, article.pk])).status_code,
        "bad token": _client().get(reverse("editorial:approve", args=["pas-un-jeton"])).status_code,
        "unknown slug": _client().get(reverse("editorial:article", args=[territory.slug, "absent"])).status_code,
        "in another territory": _client().get(reverse("editorial:article", args=[other_territory.slug, article.slug])).status_code,
        "a garbled hour": _client(editor).post(reverse("editorial:publish", args=[territory.slug, article.pk]), {"publish_at": "demain ?"}).status_code,
        "featuring for another territory": _client(other_editor).post(reverse("editorial:feature", args=[territory.slug, article.pk]), {"featured": "1"}).status_code,
        "removing nobody": _client(editor).post(reverse("editorial:remove_contributor", args=[territory.slug, 999999])).status_code,
        "tampered link": _client(editor).post(
            reverse("editorial:new", args=[territory.slug]),
            {"kind": "article", "title": "Titre", "standfirst": "Un chapô assez long.", "body": "x" * 30, "actions": ["999999"]},
        ).status_code,
    }  # fmt: skip
    assert answers == {
        "unknown article": 404, "other territory's article": 404, "outside the newsroom": 403,
        "someone else's, to a contributor": 404, "bad token": 404, "unknown slug": 404,
        "a garbled hour": 400, "featuring for another territory": 403,
        "in another territory": 404, "removing nobody": 404, "tampered link": 200,
    }  # fmt: skip


def test_the_homes_show_the_featured_and_the_latest_articles(editor: Any, territory: Any) -> None:
    html = _client().get(territory.get_absolute_url()).content.decode()
    assert "La rédaction prépare ses premiers articles." in html
    featured = published_article(editor, territory, title="À la une du territoire")
    services.feature_article(editor, featured, featured=True)
    published_article(editor, territory, title="Le plus récent")
    html = _client().get(territory.get_absolute_url()).content.decode()
    assert html.index("À la une du territoire") < html.index("Le plus récent")
    site_home = _client().get("/").content.decode()
    assert "Le plus récent" in site_home and "À la une du territoire" not in site_home


def test_a_person_invited_by_mail_reads_the_draft_from_the_link_and_approves_it(
    editor: Any, territory: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    article = published_article(editor, territory, kind=ArticleKind.INTERVIEW, body=INTERVIEW)
    services.save_draft(
        editor, article, text=text_of(body=INTERVIEW + "\nQ : Et demain ?\n\nR : On continue !")
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.add_portrayed_person(
            editor, article, name="Hugo Lambert", email="hugo@example.net"
        )
    mail = next(m for m in mailoutbox if "hugo@example.net" in m.to)
    link = re.search(r"https?://[^/\s]+(/articles/approbation/\S+/)", mail.body).group(1)
    reader = _client()
    page = reader.get(link)
    assert page.status_code == 200 and "Et demain ?" in page.content.decode()
    assert reader.post(link, {"text": "on", "photo": "on"}).status_code == 302
    portrayed = article.portrayed.get()
    assert (portrayed.approved_revision_id, portrayed.photo_approved) == (
        article.revisions.first().pk,
        True,
    )
    # Nobody else's page names the address.
    edit_page = _client(editor).get(reverse("editorial:edit", args=[territory.slug, article.pk]))
    assert "hugo@example.net" not in edit_page.content.decode()
    assert "a approuvé cette version" in edit_page.content.decode()
