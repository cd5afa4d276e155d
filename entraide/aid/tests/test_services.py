"""Each exit path of the aid services: every refusal says why and changes nothing."""

from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied

from entraide.aid import services
from entraide.aid.enums import AidAudience, AidCategory, AidKind, AidStatus
from entraide.aid.models import AidAnswer, AidReach, AidRelay, AidRequest
from entraide.aid.tests.factories import (
    befriend,
    block,
    expire,
    in_days,
    post_request,
    relay,
    run_tasks,
)
from entraide.community.tests.factories import make_group, make_person
from entraide.core.exceptions import ActionRefused
from entraide.core.models import AuditEntry, Notification
from entraide.messaging.models import Conversation, Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(alice, bob, dan, carol):
    """alice – bob – dan – carol, each a connection of the next only."""
    befriend(alice, bob)
    befriend(bob, dan)
    befriend(dan, carol)


@pytest.fixture
def asked(chain, alice):
    """alice's request to friends of friends: bob at hop 1, dan at hop 2."""
    return post_request(alice, audience=AidAudience.FRIENDS_OF_FRIENDS)


def state(request: AidRequest) -> tuple[object, ...]:
    """Everything a refused relay or answer must leave as it was."""
    request.refresh_from_db()
    return (
        request.status,
        request.people_reached,
        request.furthest_hop,
        request.relay_count,
        AidReach.objects.filter(request=request).count(),
        AidRelay.objects.filter(request=request).count(),
        AidAnswer.objects.filter(request=request).count(),
        Conversation.objects.count(),
    )


# --- Posting


def test_post_aid_request_writes_it_with_its_audit_entry_and_fan_out(chain, alice, bob):
    request = post_request(alice, title="Une échelle", ends_at=in_days(30))

    assert (request.author, request.status, request.title) == (alice, AidStatus.OPEN, "Une échelle")
    assert AuditEntry.objects.filter(action="aid.request.posted", actor=alice).count() == 1
    assert AidReach.objects.filter(request=request).count() == 1


def test_post_aid_request_ends_in_fourteen_days_by_default(alice):
    request = post_request(alice)

    assert 13.9 < (request.ends_at - request.created_at).total_seconds() / 86400 <= 14


def test_post_aid_request_needs_a_verified_email(alice):
    EmailAddress.objects.filter(user=alice).update(verified=False)

    with pytest.raises(ActionRefused, match="Confirmez"):
        post_request(alice)
    assert AidRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "autre"}, "kind"),
        ({"kind": AidKind.DEMANDE, "category": AidCategory.GIVE}, "category"),
        ({"title": "x"}, "title"),
        ({"text": "court"}, "text"),
        ({"text": "Appelez-moi au 06 12 34 56 78 pour la perceuse."}, "text"),
        ({"price": Decimal("10")}, "price"),
        ({"kind": AidKind.PROPOSITION, "category": AidCategory.SELL}, "price"),
        ({"ends_at": in_days(-1)}, "ends_at"),
        ({"ends_at": in_days(92)}, "ends_at"),
        ({"audience": "tout-le-monde"}, "audience"),
        ({"audience": AidAudience.GROUPS}, "groups"),
    ],
)
def test_post_aid_request_refuses_what_breaks_a_rule(alice, changes, field):
    with pytest.raises(ActionRefused) as refused:
        post_request(alice, **changes)

    assert refused.value.field == field
    assert AidRequest.objects.count() == 0


def test_a_sale_carries_its_price(alice):
    request = post_request(
        alice, kind=AidKind.PROPOSITION, category=AidCategory.SELL, price=Decimal("15")
    )

    assert request.price == Decimal("15")


def test_post_aid_request_refuses_a_group_the_author_is_not_in(alice, bob):
    group = make_group(bob, name="Le groupe de Bob")

    with pytest.raises(ActionRefused, match="membre") as refused:
        post_request(alice, audience=AidAudience.GROUPS, groups=[group])

    assert refused.value.field == "groups"
    assert AidRequest.objects.count() == 0


def test_post_aid_request_stops_at_ten_a_day(alice):
    for n in range(10):
        post_request(alice, title=f"Demande {n}")

    with pytest.raises(ActionRefused, match="aujourd’hui"):
        post_request(alice, title="Une de trop")
    assert AidRequest.objects.count() == 10


def test_post_aid_request_refuses_an_anonymous_visitor(alice):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        post_request(AnonymousUser())


# --- Relaying


def test_relay_aid_request_records_the_relay_and_reaches_further(asked, dan, carol):
    done = relay(dan, asked)

    assert (done.relayer, done.hops) == (dan, 2)
    assert AidReach.objects.get(request=asked, person=carol).hops == 3
    assert AuditEntry.objects.filter(action="aid.request.relayed", actor=dan).count() == 1


def test_relaying_twice_is_refused_and_changes_nothing(asked, bob):
    relay(bob, asked)
    before = state(asked)

    with pytest.raises(ActionRefused, match="déjà fait suivre"):
        relay(bob, asked)
    assert state(asked) == before


def test_relaying_beyond_three_hops_is_refused_and_changes_nothing(asked, dan, carol):
    relay(dan, asked)  # carol at hop 3
    befriend(carol, make_person("Eve"))
    before = state(asked)

    with pytest.raises(ActionRefused, match="ne peut pas aller plus loin"):
        relay(carol, asked)
    assert state(asked) == before


def test_relaying_an_expired_request_is_refused_and_changes_nothing(asked, bob):
    expire(asked)
    before = state(asked)

    with pytest.raises(ActionRefused, match="expiré"):
        relay(bob, asked)
    assert state(asked) == before


def test_relaying_a_resolved_request_is_refused(asked, alice, bob):
    services.resolve_aid_request(alice, asked)
    before = state(asked)

    with pytest.raises(ActionRefused, match="résolue"):
        relay(bob, asked)
    assert state(asked) == before


def test_relaying_a_request_that_never_reached_you_is_refused_as_unseen(asked, carol, outsider):
    before = state(asked)

    for person in (carol, outsider):
        with pytest.raises(PermissionDenied):
            relay(person, asked)
    assert state(asked) == before


def test_the_author_cannot_relay_her_own_request(asked, alice):
    with pytest.raises(ActionRefused, match="votre demande"):
        relay(alice, asked)


def test_relaying_once_blocked_with_the_author_is_refused_as_unseen(asked, alice, bob):
    block(bob, alice)
    before = state(asked)

    with pytest.raises(PermissionDenied):
        relay(bob, asked)
    assert state(asked) == before


def test_a_relay_accepted_but_fanned_out_after_expiry_reaches_nobody(asked, dan, carol):
    with run_tasks() as queued:
        services.relay_aid_request(dan, asked)
        expire(asked)
    assert len(queued) == 1

    assert not AidReach.objects.filter(request=asked, person=carol).exists()


# --- Answering


def test_a_first_answer_opens_a_conversation_with_the_author(asked, alice, bob):
    with run_tasks():
        answer = services.answer_aid_request(bob, asked, body="J’ai une perceuse à prêter.")

    conversation = answer.conversation
    assert {conversation.person, conversation.counterpart} == {alice, bob}
    assert conversation.subject == "Demande : Une perceuse pour le week-end"
    assert list(conversation.messages.values_list("body", flat=True)) == [
        "J’ai une perceuse à prêter."
    ]
    assert Notification.objects.filter(recipient=alice, kind="aid.answered").count() == 1


def test_a_second_answer_adds_to_the_same_conversation(asked, bob):
    first = services.answer_aid_request(bob, asked, body="J’ai une perceuse à prêter.")

    second = services.answer_aid_request(bob, asked, body="Je peux passer samedi matin.")

    assert second == first
    assert AidAnswer.objects.filter(request=asked).count() == 1
    assert Message.objects.filter(conversation=first.conversation).count() == 2


def test_answering_ones_own_request_is_refused(asked, alice):
    with pytest.raises(ActionRefused, match="propre demande"):
        services.answer_aid_request(alice, asked, body="Je me réponds à moi-même.")


@pytest.mark.parametrize("end", ["expire", "resolve"])
def test_answering_a_request_no_longer_circulating_is_refused(asked, alice, bob, end):
    if end == "expire":
        expire(asked)
    else:
        services.resolve_aid_request(alice, asked)
    before = state(asked)

    with pytest.raises(ActionRefused, match="ne circule plus"):
        services.answer_aid_request(bob, asked, body="J’ai une perceuse à prêter.")
    assert state(asked) == before


def test_answering_a_request_one_cannot_see_is_refused(asked, alice, bob, carol):
    block(alice, bob)
    before = state(asked)

    for person in (bob, carol):
        with pytest.raises(PermissionDenied):
            services.answer_aid_request(person, asked, body="J’ai une perceuse à prêter.")
    assert state(asked) == before


# --- Resolving and thanking


def test_resolve_aid_request_thanks_the_chosen_helpers(asked, alice, bob, dan):
    services.answer_aid_request(bob, asked, body="J’ai une perceuse à prêter.")
    services.answer_aid_request(dan, asked, body="J’en ai une aussi, sans batterie.")

    with run_tasks():
        services.resolve_aid_request(
            alice, asked, thanked_helper_ids=[bob.pk], thanks="Merci, elle a fait l’affaire !"
        )

    asked.refresh_from_db()
    assert (asked.status, asked.thanks) == (AidStatus.RESOLVED, "Merci, elle a fait l’affaire !")
    thanked = AidAnswer.objects.filter(request=asked, thanked=True)
    assert list(thanked.values_list("helper_id", flat=True)) == [bob.pk]
    assert list(
        Notification.objects.filter(kind="aid.thanked").values_list("recipient_id", flat=True)
    ) == [bob.pk]


def test_thanking_someone_who_did_not_answer_is_refused_and_changes_nothing(asked, alice, carol):
    with pytest.raises(ActionRefused, match="qui vous ont répondu"):
        services.resolve_aid_request(alice, asked, thanked_helper_ids=[carol.pk])

    asked.refresh_from_db()
    assert asked.status == AidStatus.OPEN


def test_resolving_twice_is_refused(asked, alice):
    services.resolve_aid_request(alice, asked)

    with pytest.raises(ActionRefused, match="déjà résolue"):
        services.resolve_aid_request(alice, asked)


def test_only_the_author_resolves_or_withdraws(asked, bob):
    with pytest.raises(PermissionDenied):
        services.resolve_aid_request(bob, asked)
    with pytest.raises(PermissionDenied):
        services.withdraw_aid_request(bob, asked)
    asked.refresh_from_db()
    assert asked.status == AidStatus.OPEN


def test_thanks_with_a_phone_number_are_refused(asked, alice):
    with pytest.raises(ActionRefused) as refused:
        services.resolve_aid_request(alice, asked, thanks="Rappelez-moi au 06 12 34 56 78")

    assert refused.value.field == "thanks"


# --- Withdrawing


def test_withdraw_aid_request_stops_it_and_logs_it(asked, alice):
    services.withdraw_aid_request(alice, asked)

    asked.refresh_from_db()
    assert asked.status == AidStatus.WITHDRAWN
    assert AuditEntry.objects.filter(action="aid.request.withdrawn").count() == 1


def test_withdrawing_twice_is_refused(asked, alice):
    services.withdraw_aid_request(alice, asked)

    with pytest.raises(ActionRefused, match="déjà retirée"):
        services.withdraw_aid_request(alice, asked)
