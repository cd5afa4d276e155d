"""The demo reads as a real place would: each organisation proposes what its name and interests
say, a weekday named in a title is the day of its slots, a live broadcast invites nobody
anywhere, and associations can find volunteers near them."""

import re

from django.utils import timezone

from entraide.accounts.models import User
from entraide.actions.enums import ActionKind
from entraide.actions.models import Action
from entraide.aid.enums import AidAudience
from entraide.aid.selectors import requests_reaching
from entraide.community.enums import Admission, MembershipState, SponsorshipState, Visibility
from entraide.community.feeds import personal_feed
from entraide.community.models import Membership, Reaction, Sponsorship
from entraide.community.rules import can_see_group
from entraide.community.selectors import connected_people, groups_of, listed_groups
from entraide.community.services import ensure_can_sponsor
from entraide.core.geo import Point
from entraide.demo import agenda_vocabulary
from entraide.demo.generator import JARDINS_NAME
from entraide.organisations.enums import Interest
from entraide.organisations.models import Organisation
from entraide.territories.models import Commune
from entraide.volunteers.models import VolunteerProfile
from entraide.volunteers.selectors import VolunteerSearch, search_volunteers

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
IN_PERSON_WORDS = ("café", "sur place", "tenue", "rendez-vous", "matériel est fourni")


def test_demo_actions_say_what_their_organisation_does_when_and_where(demo: str) -> None:
    actions = list(Action.objects.select_related("organisation").prefetch_related("slots"))
    own = {t.title for t in agenda_vocabulary.JARDINS_ACTIVITIES}
    named_days = 0
    for action in actions:
        organisation = action.organisation
        # One interest of the organisation's, and an activity of that interest.
        [interest] = action.interest_list
        assert interest in organisation.interest_list, (organisation.name, action.title)
        if organisation.name == JARDINS_NAME:
            assert action.title in own
        else:
            titles = {t.title for t in agenda_vocabulary.ACTIVITIES[interest]}
            assert action.title in titles, (organisation.name, action.title)
        # A weekday named in the title or the pitch is the day of every slot.
        # (The organisation's own name, « Les Joueurs du jeudi », is not a date.)
        text = f"{action.title} {action.description}".replace(organisation.name, "").lower()
        days = {day for day, name in enumerate(WEEKDAYS) if re.search(rf"\b{name}\b", text)}
        if days:
            named_days += 1
            for slot in action.slots.all():
                assert timezone.localtime(slot.starts_at).weekday() in days, (
                    action.title,
                    slot.starts_at,
                )
        # A live broadcast invites nobody anywhere.
        if action.kind == ActionKind.BROADCAST:
            found = [word for word in IN_PERSON_WORDS if word in action.description.lower()]
            assert found == [], action.description
            assert action.is_remote and action.street_address == ""
    cats = [a for a in actions if a.organisation.name.startswith("Les Chats libres")]

    assert cats  # the association of the issue: it proposes what animal people do
    assert {tuple(a.interest_list) for a in cats} == {(Interest.ANIMALS,)}
    assert named_days >= 10  # the Saturday workshops, Tuesday maraudes, Thursday meals…
    assert any(a.kind == ActionKind.BROADCAST for a in actions)


def test_associations_can_find_demo_volunteers_in_both_territories(demo: str) -> None:
    discoverable = VolunteerProfile.objects.filter(discoverable=True)
    assert discoverable.count() >= 20
    assert VolunteerProfile.objects.filter(discoverable=False).exists()  # not everybody
    assert "volunteers associations can find" in demo

    jardins = Organisation.objects.get(name=JARDINS_NAME)
    saint_dizier = Commune.objects.get(insee_code="52448")
    near_jardins = search_volunteers(
        jardins,
        VolunteerSearch(centre=Point(saint_dizier.latitude, saint_dizier.longitude), radius_km=30),
    )
    eleventh = Commune.objects.get(insee_code="75111")
    in_paris = Organisation.objects.filter(commune__department_code="75").first()
    near_the_eleventh = search_volunteers(
        in_paris,
        VolunteerSearch(centre=Point(eleventh.latitude, eleventh.longitude), radius_km=5),
    )

    assert near_jardins.count() >= 5
    assert near_the_eleventh.count() >= 3


def test_camille_logs_in_to_a_living_trusted_network(demo: str) -> None:
    """What a newcomer logging in as Camille sees: people she knows, groups of each kind she
    entered (one sponsored by Alex, where she sponsored a neighbour in turn; one admitting by
    three sponsors), posts to read and requests reaching her, one through a friend of hers."""
    camille = User.objects.get(email="camille@demo.entraide.fr")
    alex = User.objects.get(email="alex@demo.entraide.fr")
    connected = set(connected_people(camille).values_list("email", flat=True))
    groups = list(groups_of(camille))
    active = Membership.objects.filter(person=camille, state=MembershipState.ACTIVE)

    assert "alex@demo.entraide.fr" in connected
    assert len(connected) >= 4
    assert {g.visibility for g in groups} == set(Visibility.values)
    assert any(g.parent_id is not None for g in groups)  # a sub-group
    assert {g.admission for g in groups} == set(Admission.values)
    assert active.count() == len(groups) >= 5
    # A → B → C: Alex sponsored Camille, who sponsored a neighbour, who sponsored another.
    sponsored_her = Sponsorship.objects.get(candidate=camille, group__sponsors_required=1)
    assert (sponsored_her.sponsor, sponsored_her.state) == (alex, SponsorshipState.ACTIVE)
    gardeners = sponsored_her.group
    [by_her] = Sponsorship.objects.filter(sponsor=camille, group=gardeners)
    assert by_her.state == SponsorshipState.ACTIVE
    assert Sponsorship.objects.filter(
        sponsor=by_her.candidate, group=gardeners, state=SponsorshipState.ACTIVE
    ).exists()
    # She may vouch for the candidate still waiting there: she is no newcomer any more.
    ensure_can_sponsor(camille, gardeners)
    assert Membership.objects.filter(group=gardeners, state=MembershipState.REQUESTED).exists()
    # Three sponsors let her into the carpool group.
    three = Sponsorship.objects.filter(candidate=camille, group__sponsors_required=3)
    assert three.filter(state=SponsorshipState.ACTIVE).count() == 3
    # Her feed has posts, with comments and reactions.
    posts = personal_feed(camille, before=None).posts
    assert len(posts) >= 4
    assert any(p.comment_count for p in posts)
    assert Reaction.objects.filter(post__in=posts).exists()
    # Requests and offers reach her: one posted to friends of friends and relayed once.
    reaching = list(requests_reaching(camille))
    assert len(reaching) >= 3
    far = [r for r in reaching if r.request.audience == AidAudience.FRIENDS_OF_FRIENDS]
    assert [(r.hops, r.request.relay_count) for r in far] == [(2, 1)]
    assert far[0].request.author.email not in connected
    # The secret group is hers to see, nobody's outside it.
    secret = next(g for g in groups if g.visibility == Visibility.SECRET)
    assert secret not in listed_groups(camille)
    assert not can_see_group(User.objects.get(email="olivier@demo.entraide.fr"), secret)
