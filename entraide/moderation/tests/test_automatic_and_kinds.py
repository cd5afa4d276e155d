"""Hidden content leaves every list and count of its kind and comes back on restore; the
automatic measures (ADR 0041): trusted reporters, unfounded reporters, near-copy spam, the
watch list; the audit log and the transparency figures."""

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from entraide.aid.selectors import requests_reaching
from entraide.community.feeds import group_posts
from entraide.community.models import Post
from entraide.core.models import Notification
from entraide.messaging.models import Message
from entraide.messaging.services import start_personal_conversation
from entraide.moderation.enums import ReportStatus
from entraide.moderation.models import Decision, ModerationCase, Report, ReporterStanding
from entraide.moderation.selectors import transparency, watch_list_words
from entraide.moderation.services import (
    decide_appeal,
    decide_case,
    file_appeal,
    report_content,
    update_settings,
)
from entraide.moderation.tests.world import World

pytestmark = pytest.mark.django_db


def _seen_by_rita(world: World, key: str) -> bool:
    rita = world.people["rita"]
    if key == "community.post":
        return group_posts(rita, world.group).filter(pk=world.post.pk).exists()
    client = Client()
    client.force_login(rita)
    if key == "community.comment":
        count = Post.objects.get(pk=world.post.pk).comment_count
        page = client.get(world.post.get_absolute_url()).text
        listed = "apportez des arrosoirs" in page
        assert count == int(listed)
        assert listed or "Masqué par la modération le" in page
        return listed
    if key == "aid.request":
        return requests_reaching(rita).filter(request=world.aid_request).exists()
    page = client.get(world.message.conversation.get_absolute_url()).text
    return "ça pousse" in page


def _content(world: World, key: str) -> Any:
    return {
        "community.post": world.post,
        "community.comment": world.comment,
        "aid.request": world.aid_request,
        "messaging.message": world.message,
    }[key]


@pytest.mark.parametrize(
    "key", ["community.post", "community.comment", "aid.request", "messaging.message"]
)
def test_hidden_content_leaves_its_lists_and_comes_back_on_restore(world: World, key: str) -> None:
    before = _seen_by_rita(world, key)
    report = report_content(world.people["rita"], _content(world, key), reason="Hors charte.")
    assert report.case is not None
    decision = decide_case(world.people["sophie"], report.case, kind="hide", reason="Hors charte.")
    hidden = _seen_by_rita(world, key)
    appeal = file_appeal(world.people["mia"], decision, text="Je ne vois pas le problème.")
    decide_appeal(world.people["theo"], appeal, upheld=False, reason="Rien de contraire.")

    assert (before, hidden, _seen_by_rita(world, key)) == (True, False, True)


def test_a_hidden_message_shows_its_placeholder_in_the_conversation(world: World) -> None:
    report = report_content(world.people["rita"], world.message, reason="Démarchage.")
    assert report.case is not None
    decide_case(world.people["sophie"], report.case, kind="hide", reason="Démarchage.")
    client = Client()
    client.force_login(world.people["rita"])

    page = client.get(world.message.conversation.get_absolute_url()).text

    assert "Message masqué par la modération le" in page


def test_three_trusted_members_hide_a_post_at_once_pending_review(world: World) -> None:
    reporters = [world.people[f"trusted{n}"] for n in (1, 2, 3)]
    for person in reporters[:2]:
        report_content(person, world.post, reason="Arnaque au faux loyer.", category="scam")
    world.post.refresh_from_db()
    after_two = world.post.hidden_at
    report_content(reporters[2], world.post, reason="Arnaque au faux loyer.", category="scam")
    world.post.refresh_from_db()
    case = ModerationCase.objects.get(object_id=str(world.post.pk))

    assert after_two is None and world.post.hidden_at is not None
    assert case.state == "open" and case.held_automatically
    assert Decision.objects.get(case=case).automatic


def test_new_accounts_are_not_trusted_reporters(world: World) -> None:
    from entraide.community.tests.factories import admit, make_person

    newcomers = [make_person(f"Nouveau{n}", home_commune=world.people["rita"].home_commune)
                 for n in range(3)]  # fmt: skip
    for person in newcomers:
        admit(world.people["alice"], person, world.group)
        report_content(person, world.post, reason="Arnaque au faux loyer.")
    world.post.refresh_from_db()

    assert world.post.hidden_at is None


def test_someone_whose_reports_keep_being_dismissed_is_warned_then_ignored(world: World) -> None:
    rita, sophie = world.people["rita"], world.people["sophie"]
    comments = [
        world.post.comments.create(author=world.people["alice"], body=f"Avis {n}") for n in range(7)
    ]
    for comment in comments[:5]:
        case = report_content(rita, comment, reason="Je n’aime pas.").case
        assert case is not None
        decide_case(sophie, case, kind="dismiss", reason="Rien de contraire à la charte.")
    warned = ReporterStanding.objects.get(person=rita)
    case = report_content(rita, comments[5], reason="Toujours pas.").case
    assert case is not None
    decide_case(sophie, case, kind="dismiss", reason="Rien de contraire à la charte.")
    last = report_content(rita, comments[6], reason="Et celui-là.")

    assert warned.warned_at is not None and warned.ignored_until is None
    assert ReporterStanding.objects.get(person=rita).ignored_until is not None
    assert last.counted is False and last.status == ReportStatus.OPEN


def test_the_same_message_to_five_people_waits_for_review_as_likely_spam(world: World) -> None:
    mia = world.people["mia"]
    others = [world.people[name] for name in ("alice", "gaspard", "theo", "tina", "oscar")]
    for number, person in enumerate(others):
        start_personal_conversation(
            mia, person, subject="Offre", body=f"Gagnez 500 € par jour, écrivez-moi ! {number}"
        )
    held = Message.objects.filter(sender=mia, hidden_at__isnull=False)

    assert held.count() == 1
    assert not Notification.objects.filter(recipient=world.people["oscar"],
                                            kind="messaging.person_wrote").exists()  # fmt: skip
    assert Notification.objects.filter(recipient=world.people["tina"],
                                       kind="messaging.person_wrote").exists()  # fmt: skip
    case = ModerationCase.objects.get(object_id=str(held.get().pk))
    assert case.held_automatically and "5 fois" in Decision.objects.get(case=case).reason


def test_the_watch_list_prompts_before_a_comment_which_may_still_be_posted(world: World) -> None:
    update_settings(world.people["sophie"], world.territory, trusted_reporters=3,
                    watch_words="crétin\nidiot")  # fmt: skip
    client = Client()
    client.force_login(world.people["rita"])
    url = reverse("community:comment", args=[world.group.slug, world.post.pk])

    prompted = client.post(url, {"body": "Quel Crétin ce voisin"})
    posted = client.post(url, {"body": "Quel Crétin ce voisin", "confirm_words": "1"})

    assert watch_list_words(world.territory, "Un CRETIN, un idiot.") == ["crétin", "idiot"]
    assert "Restons bienveillants" in prompted.text
    assert posted.status_code == 302
    assert world.post.comments.filter(body="Quel Crétin ce voisin").count() == 1


def test_the_audit_log_exports_the_team_s_actions_as_csv(world: World) -> None:
    case = report_content(world.people["rita"], world.comment, reason="Blessant.").case
    assert case is not None
    decide_case(world.people["theo"], case, kind="hide", reason="Blessant envers Rita.")
    client = Client()
    client.force_login(world.people["sophie"])
    url = reverse("moderation:audit_log_csv", args=[world.territory.slug])

    response = client.get(url, {"action": "moderation.decision"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    page = client.get(reverse("moderation:audit_log", args=[world.territory.slug]))

    assert rows[0] == ["date", "actor", "action", "target", "details"]
    assert [row[1:3] for row in rows[1:]] == [["Theo L.", "moderation.decision.hide"]]
    assert "moderation.moderator.appointed" in page.text


def test_the_transparency_page_counts_the_year(world: World) -> None:
    sophie, tina = world.people["sophie"], world.people["tina"]
    first = report_content(world.people["rita"], world.comment, reason="Blessant.",
                           category="hateful").case  # fmt: skip
    second = report_content(world.people["rita"], world.post, reason="Publicité.",
                            category="spam").case  # fmt: skip
    assert first is not None and second is not None
    hide = decide_case(sophie, first, kind="hide", reason="Blessant envers Rita.")
    decide_case(sophie, second, kind="dismiss", reason="Rien de contraire.")
    decide_appeal(tina, file_appeal(world.people["mia"], hide, text="De l’humour."),
                  upheld=True, reason="C’était blessant.")  # fmt: skip

    report = transparency(world.territory, hide.created_at.year)
    page = Client().get(reverse("moderation:transparency", args=[world.territory.slug]))

    assert report.reports == 2 and Report.objects.count() == 2
    assert dict(report.reports_by_reason) == {"Propos haineux ou inappropriés": 1,
                                              "Spam ou publicité": 1}  # fmt: skip
    assert dict(report.decisions_by_kind) == {"Masquer le contenu": 1, "Classer sans suite": 1}
    assert dict(report.appeals_by_outcome) == {"décision maintenue": 1}
    assert report.median_hours_to_decide is not None
    assert page.status_code == 200 and 'id="reports-received">2<' in page.text
