"""The moderation world, built once per test module (each test runs in a savepoint rolled
back after it): a territory with its staff (Sophie) and two moderators it appointed (Théo,
Tina); another territory's staff (Oscar); a public group of the territory with its admin
(Alice), its moderator (Gaspard) and members: Mia, whose post and comment are reported, Rita
who reports, and three trusted members (old accounts of the territory, verified e-mails)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from entraide.accounts.models import User
from entraide.aid.enums import AidAudience, AidCategory, AidKind
from entraide.aid.reach import fan_out
from entraide.aid.services import post_aid_request
from entraide.community import services as community
from entraide.community.enums import GroupRole
from entraide.community.models import Comment, Group, Post
from entraide.community.posting import comment_post, publish_post
from entraide.community.tests.factories import admit, make_group, make_person
from entraide.messaging.models import Message
from entraide.messaging.services import start_personal_conversation
from entraide.moderation.services import appoint_moderator
from entraide.territories.models import Territory
from entraide.territories.services import add_territory_staff, create_territory
from entraide.territories.tests.factories import CommuneFactory, saint_dizier_communes

ROLES = (
    "visitor",
    "member",
    "group_moderator",
    "group_admin",
    "territory_moderator",
    "territory_staff",
    "other_staff",
)


@dataclass
class World:
    territory: Territory
    other: Territory
    group: Group
    people: dict[str, User]
    post: Post
    comment: Comment
    aid_request: Any
    message: Message

    def person(self, role: str) -> User | None:
        return {
            "visitor": None,
            "member": self.people["rita"],
            "group_moderator": self.people["gaspard"],
            "group_admin": self.people["alice"],
            "territory_moderator": self.people["theo"],
            "territory_staff": self.people["sophie"],
            "other_staff": self.people["oscar"],
        }[role]


def build_world() -> World:
    communes = saint_dizier_communes()
    home = communes[0]
    territory = create_territory(
        None,
        name="Saint-Dizier",
        slug="saint-dizier",
        commune_codes=[c.insee_code for c in communes],
    )
    other = create_territory(
        None, name="Ailleurs", slug="ailleurs", commune_codes=[CommuneFactory().insee_code]
    )
    names = ("sophie", "theo", "tina", "oscar", "alice", "gaspard", "mia", "rita")
    people = {name: make_person(name.capitalize(), home_commune=home) for name in names}
    for number in range(1, 4):
        people[f"trusted{number}"] = make_person(f"Confiance{number}", home_commune=home)
    old = timezone.now() - timedelta(days=60)
    User.objects.filter(pk__in=[p.pk for p in people.values()]).update(date_joined=old)
    for person in people.values():
        person.refresh_from_db()
    add_territory_staff(None, territory, people["sophie"])
    add_territory_staff(None, other, people["oscar"])
    appoint_moderator(people["sophie"], territory, people["theo"])
    appoint_moderator(people["sophie"], territory, people["tina"])
    group = make_group(people["alice"], name="Jardins partagés", territory=territory)
    for name in ("gaspard", "mia", "rita", "trusted1", "trusted2", "trusted3"):
        admit(people["alice"], people[name], group)
    community.set_role(
        people["alice"],
        group.memberships.get(person=people["gaspard"]),
        role=GroupRole.MODERATOR,
    )
    post = publish_post(people["mia"], group, body="Venez arroser les tomates samedi.")
    comment = comment_post(people["mia"], post, body="Et apportez des arrosoirs !")
    aid_request = post_aid_request(
        people["mia"],
        kind=AidKind.DEMANDE,
        category=AidCategory.OBJECT,
        title="Une échelle",
        text="Qui me prête une échelle pour la haie ?",
        commune=home,
        audience=AidAudience.GROUPS,
        groups=[group],
    )
    fan_out(aid_request)
    talk = start_personal_conversation(
        people["mia"], people["rita"], subject="Les tomates", body="Bonjour Rita, ça pousse ?"
    )
    return World(
        territory=territory,
        other=other,
        group=group,
        people=people,
        post=post,
        comment=comment,
        aid_request=aid_request,
        message=talk.messages.get(),
    )


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
