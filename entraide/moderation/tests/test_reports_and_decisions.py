"""Reporting by anyone (DSA Art. 16), the urgent path (Art. 18), the queue, decisions with
their statement of reasons (Art. 17) and the appeal."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from entraide.community.posting import comment_post
from entraide.core.exceptions import ActionRefused
from entraide.core.models import AuditEntry, Notification, OutgoingEmail
from entraide.moderation.enums import AppealState, CaseState, ReportReason, ReportStatus
from entraide.moderation.models import Decision, ModerationCase, Report
from entraide.moderation.services import (
    decide_appeal,
    decide_case,
    file_appeal,
    report_content,
    write_in_appeal,
)
from entraide.moderation.tests.world import World

pytestmark = pytest.mark.django_db


def report_url(key: str, pk: int) -> str:
    return reverse("moderation:report", args=[key, pk])


def test_a_visitor_reports_a_public_post_and_is_acknowledged_by_e_mail(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    url = report_url("community.post", world.post.pk)
    form = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "category": "scam",
                "reason": "On me demande de payer pour venir.",
                "reporter_name": "Vera",
                "reporter_email": "vera@example.net",
                "good_faith": "on",
            },
        )

    report = Report.objects.get()
    assert (form.status_code, response.status_code) == (200, 302)
    assert world.post.get_absolute_url() in form.text
    assert (report.reporter, report.reporter_name, report.category) == (None, "Vera", "scam")
    assert OutgoingEmail.objects.filter(to="vera@example.net").count() == 1
    # Moderators read the visitor's name, never the address.
    staff = Client()
    staff.force_login(world.people["sophie"])
    case_page = staff.get(reverse("moderation:case", args=[report.case_id])).text
    assert "Vera" in case_page and "vera@example.net" not in case_page


def test_a_visitor_must_state_good_faith_and_give_an_address(world: World) -> None:
    response = Client().post(
        report_url("community.post", world.post.pk),
        {"category": "spam", "reason": "De la publicité.", "reporter_name": "Vera"},
    )

    assert response.status_code == 200
    assert 'id="id_good_faith_error"' in response.text
    assert 'id="id_reporter_email_error"' in response.text
    assert Report.objects.count() == 0


def test_nobody_reports_what_they_cannot_see(world: World) -> None:
    visitor = Client()

    answers = [
        visitor.get(report_url("messaging.message", world.message.pk)).status_code,
        visitor.get(report_url("aid.request", world.aid_request.pk)).status_code,
    ]

    assert answers == [404, 404]


def test_the_same_person_or_address_cannot_report_twice_nor_their_own(world: World) -> None:
    rita, mia = world.people["rita"], world.people["mia"]
    report_content(rita, world.post, reason="Publicité déguisée.")
    report_content(None, world.post, reason="Publicité.", reporter_name="V",
                   reporter_email="v@example.net")  # fmt: skip

    refusals = []
    for actor, email in ((rita, ""), (None, "V@example.net"), (mia, "")):
        with pytest.raises(ActionRefused) as refused:
            report_content(actor, world.post, reason="Encore elle.", reporter_name="V",
                           reporter_email=email)  # fmt: skip
        refusals.append(refused.value.message)

    assert Report.objects.count() == 2
    assert refusals[2] == "On ne signale pas son propre contenu."
    assert "déjà signalé" in refusals[0] and "déjà signalé" in refusals[1]


def test_a_person_in_danger_alerts_the_team_at_once_and_shows_the_authorities(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = report_content(
            world.people["rita"], world.comment, reason="Elle dit vouloir en finir.",
            category=ReportReason.DANGER,
        )  # fmt: skip
    staff = Client()
    staff.force_login(world.people["theo"])
    page = staff.get(reverse("moderation:case", args=[report.case_id])).text
    staff.post(reverse("moderation:authorities", args=[report.case_id]), {"note": "17 appelé"})

    told = set(
        Notification.objects.filter(kind="moderation.urgent_report").values_list(
            "recipient__first_name", flat=True
        )
    )
    assert told == {"Sophie", "Theo", "Tina"}
    assert "112" in page and "internet-signalement.gouv.fr" in page
    assert AuditEntry.objects.filter(action="moderation.authorities.alerted").count() == 1


def test_the_queue_groups_reports_by_content_urgent_first_then_oldest(
    world: World, list_queries: Any
) -> None:
    comments = [
        comment_post(world.people["alice"], world.post, body=f"Commentaire {n}") for n in range(25)
    ]
    people = [world.people[name] for name in ("rita", "trusted1", "trusted2")]
    for person, reason in zip(people, ("spam", "spam", "scam"), strict=True):
        report_content(person, world.post, reason="Publicité déguisée.", category=reason)
    client = Client()
    client.force_login(world.people["sophie"])
    url = reverse("moderation:queue", args=[world.territory.slug])

    def shown(response: Any) -> int:
        return len(response.context["page"].cases)

    client.get(url)  # the session's first write
    with_one = list_queries(lambda: client.get(url), items=shown, expected=1)
    for comment in comments:
        report_content(world.people["rita"], comment, reason="Hors sujet total.")
    report_content(world.people["rita"], world.comment, reason="En danger.", category="danger")
    first = client.get(url)
    page = first.context["page"]
    second = client.get(url, {"apres": page.next_cursor}).context["page"]

    assert list_queries(lambda: client.get(url), items=shown, expected=20) == with_one
    assert page.cases[0].object_id == str(world.comment.pk)  # urgent first
    assert page.cases[1].object_id == str(world.post.pk)  # then the oldest
    assert page.cases[1].report_count == 3
    assert dict(page.cases[1].reason_counts) == {"Arnaque": 1, "Spam ou publicité": 2}
    assert len(second.cases) == 7 and second.next_cursor == ""
    assert not {c.pk for c in page.cases} & {c.pk for c in second.cases}


def test_a_decision_answers_reporters_and_sends_the_author_a_statement_of_reasons(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    report = report_content(world.people["rita"], world.comment, reason="Propos blessants.")
    assert report.case is not None
    with django_capture_on_commit_callbacks(execute=True):
        decision = decide_case(world.people["theo"], report.case, kind="suspend", days=7,
                               reason="Insulte envers une voisine.", rule="Charte, art. 2")  # fmt: skip
    mia = Client()
    mia.force_login(world.people["mia"])
    statement = mia.get(reverse("moderation:decision", args=[decision.pk])).text
    rita = Client()
    rita.force_login(world.people["rita"])
    mine = rita.get(reverse("moderation:my_reports")).text
    world.comment.refresh_from_db()
    report.refresh_from_db()

    assert world.comment.hidden_at is not None
    assert report.status == ReportStatus.ACTIONED
    assert "Charte, art. 2" in statement and "Insulte envers une voisine." in statement
    assert "Contester cette décision" in statement
    assert "Insulte envers une voisine." in mine
    assert Notification.objects.filter(recipient=world.people["mia"],
                                       kind="moderation.statement").count() == 1  # fmt: skip
    with pytest.raises(ActionRefused):
        comment_post(world.people["mia"], world.post, body="Je reviens quand même.")


def test_an_appeal_is_filed_once_and_decided_by_another_moderator(world: World) -> None:
    report = report_content(world.people["rita"], world.comment, reason="Propos blessants.")
    assert report.case is not None
    theo, tina, mia = world.people["theo"], world.people["tina"], world.people["mia"]
    decision = decide_case(theo, report.case, kind="hide", reason="Propos blessants.")
    appeal = file_appeal(mia, decision, text="C’était de l’humour entre voisines.")
    write_in_appeal(tina, appeal, body="À vérifier avec Rita.", private=True)
    write_in_appeal(tina, appeal, body="Nous regardons cela.")
    with pytest.raises(ActionRefused):
        file_appeal(mia, decision, text="Je conteste encore.")
    with pytest.raises(ActionRefused) as by_first:
        decide_appeal(theo, appeal, upheld=False, reason="Je me suis trompé.")
    mia_client = Client()
    mia_client.force_login(mia)
    page = mia_client.get(reverse("moderation:decision", args=[decision.pk])).text

    decide_appeal(tina, appeal, upheld=False, reason="Humour, pas d’insulte.")
    appeal.refresh_from_db()
    world.comment.refresh_from_db()

    assert "autre modérateur" in by_first.value.message
    assert "Nous regardons cela." in page and "À vérifier avec Rita." not in page
    assert appeal.state == AppealState.REVERSED
    assert world.comment.hidden_at is None
    assert ModerationCase.objects.get(pk=report.case.pk).state == CaseState.CLOSED


def test_an_appeal_after_six_months_is_refused(world: World) -> None:
    report = report_content(world.people["rita"], world.comment, reason="Propos blessants.")
    assert report.case is not None
    decision = decide_case(world.people["theo"], report.case, kind="hide", reason="Blessant.")
    Decision.objects.filter(pk=decision.pk).update(created_at=timezone.now() - timedelta(days=200))
    decision.refresh_from_db()

    with pytest.raises(ActionRefused) as refused:
        file_appeal(world.people["mia"], decision, text="Je conteste cette décision.")

    assert "six mois" in refused.value.message
