"""The demo reads as a real place would: each organisation proposes what its name and interests
say, a weekday named in a title is the day of its slots, a live broadcast invites nobody
anywhere, and associations can find volunteers near them."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from entraide.actions.enums import ActionKind
from entraide.actions.models import Action
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


@pytest.fixture
def demo(db: None) -> str:
    # Loading the demo takes seconds: each loaded database is asserted on at length, as in
    # test_load_demo.py, rather than loaded again per fact.
    call_command("load_communes", departments="51,52,75", force=True, verbosity=0)
    out = StringIO()
    call_command("load_demo", seed=1, stdout=out)
    return out.getvalue()


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
