"""The world of the privacy matrix: people with contact details nobody else may see, built
through the services, every URL pattern of the project filled from it, and the search for a
person's e-mail, phone or street address in whatever the site sends back.

Every person of the world owns a distinctive e-mail, phone and street address, so that a match
anywhere in a page, a JSON body or an e-mail is a leak and never a coincidence.
"""

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product
from typing import Any
from urllib.parse import unquote

from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

from entraide.accounts.models import User
from entraide.accounts.services import update_profile
from entraide.accounts.tests.factories import UserFactory
from entraide.actions import calendar_feeds
from entraide.actions.reminder_access import reminder_token
from entraide.actions.services import join_slot
from entraide.actions.tests.factories import first_slot, make_action
from entraide.aid.enums import AidAudience, AidCategory, AidKind
from entraide.aid.services import post_aid_request
from entraide.community import network
from entraide.community import services as community
from entraide.community.enums import Admission, Visibility
from entraide.community.posting import comment_post, publish_post
from entraide.core.notifications import unsubscribe_token
from entraide.editorial import services as editorial
from entraide.editorial.enums import ArticleKind
from entraide.editorial.selectors import portrayal_token
from entraide.editorial.services import ArticleText
from entraide.messaging.services import (
    reply,
    report_message,
    start_conversation,
    start_conversation_from_organisation,
    start_personal_conversation,
)
from entraide.moderation.services import decide_case
from entraide.organisations.enums import Interest, Role
from entraide.organisations.services import (
    accept_invitation,
    invite_member,
    request_partnership,
)
from entraide.organisations.tests.factories import make_organisation
from entraide.territories.services import add_territory_staff, create_territory
from entraide.territories.tests.factories import saint_dizier_communes
from entraide.volunteers.services import (
    ProfileDetails,
    record_proposal,
    save_profile,
    set_discoverable,
)

# Who looks at the site: nobody logged in, the four personas, and a superuser.
VIEWERS = ("anonymous", "volunteer", "association_admin", "staff", "outsider", "superuser")


@dataclass(frozen=True)
class Secrets:
    """A person's contact details, each distinctive enough to be searched for verbatim."""

    email: str
    phone: str
    street_address: str

    def needles(self) -> dict[str, str]:
        """What to look for in a normalised text (see `normalise`): the address, its local
        part alone, the phone's digits without the leading 0 (so +33 forms match too), the
        street address without its number."""
        digits = re.sub(r"\D", "", self.phone)
        return {
            "e-mail": self.email.lower(),
            "e-mail (local part)": self.email.split("@")[0].lower(),
            "phone": digits.lstrip("0"),
            "street address": _fold(self.street_address.split(" ", 1)[1]),
        }


# The people of the world. Nadia was invited by e-mail and has no account yet; Hugo owns a
# second organisation (partner of Alex's) and is a volunteer found by Alex's search. Phones are
# numbers of ranges in service, as the profile accepts no other.
PEOPLE: dict[str, Secrets] = {
    "volunteer": Secrets("camille.secret@example.org", "06 11 22 33 44", "7 impasse des Secrets"),
    "association_admin": Secrets("alex.secret@example.org", "06 55 66 77 88", "12 rue Cachée"),
    "staff": Secrets("sophie.secret@example.org", "07 81 28 37 46", "3 allée Discrète"),
    "outsider": Secrets("olivier.secret@example.org", "06 81 82 73 64", "21 chemin Confidentiel"),
    "superuser": Secrets("root.secret@example.org", "01 23 45 67 89", "5 quai Invisible"),
    "partner_owner": Secrets("hugo.secret@example.org", "07 48 59 60 71", "9 sentier Dérobé"),
    "invitee": Secrets("nadia.secret@example.org", "06 02 13 24 35", "4 passage Muet"),
}
NAMES = {
    "volunteer": ("Camille", "Dupont"),
    "association_admin": ("Alex", "Martin"),
    "staff": ("Sophie", "Bernard"),
    "outsider": ("Olivier", "Petit"),
    "superuser": ("Root", "Admin"),
    "partner_owner": ("Hugo", "Lambert"),
}
# Nadia's address was typed by Alex in the invitation form: the managers of the organisation
# that invited her see it in the list of pending invitations. Nobody else may.
ALSO_SEEN_BY = {"invitee": {"association_admin"}}

# The trust boundary (issue 14): texts of the world's groups and mutual aid that only some
# viewers may read, each distinctive. The secret group's name above all: it never shows to
# anyone outside it, not even in a 404. Alex founded the members-only and the secret groups,
# Camille is in both; Camille's request reached her connections, Alex and Olivier.
MEMBERS = frozenset({"volunteer", "association_admin"})
RESTRICTED: dict[str, frozenset[str]] = {
    # The secret group's name; Hugo, invited, reads it in his invitation.
    "Cercle des Tilleuls": MEMBERS | {"partner_owner"},
    "reunion discrete au lavoir": MEMBERS,  # a post in the secret group
    "rendez-vous au rucher mardi": MEMBERS,  # a post in the members-only group
    "rucher du vert-bois": MEMBERS,  # a comment there
    "camille tient parole": MEMBERS,  # the sentence Alex vouched for Camille with
    "qui me prete une echelle": MEMBERS | {"outsider"},  # Camille's request, to her connections
}


def _fold(text: str) -> str:
    """Lower case, accents off, runs of white space as one space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).lower()


def normalise(text: str) -> str:
    """A text as a person would read it: HTML entities and %-escapes decoded, accents off, one
    space between words; then the same with every separator a phone number may carry removed,
    appended so that one search covers both."""
    readable = _fold(unquote(html.unescape(html.unescape(text))))
    # JSON and JavaScript escape "@" and "/" at times.
    readable = readable.replace("\\u0040", "@").replace("\\/", "/")
    squeezed = re.sub(r"[\s.\-()/]|&nbsp;|\xa0", "", readable)
    return f"{readable}\n{squeezed}"


def leaks_in(text: str, viewer: str) -> list[str]:
    """The contact details of people other than `viewer` found in `text`, and the texts of
    groups and requests that `viewer` may not read (RESTRICTED)."""
    found = []
    folded = normalise(text)
    for needle, readers in RESTRICTED.items():
        if viewer not in readers and _fold(needle) in folded:
            found.append(f"restricted text {needle!r}")
    for person, secrets in PEOPLE.items():
        if person == viewer or viewer in ALSO_SEEN_BY.get(person, set()):
            continue
        for what, needle in secrets.needles().items():
            if needle in folded:
                found.append(f"{person}'s {what} ({needle!r})")
    return found


# --- The world ----------------------------------------------------------------------------


@dataclass
class World:
    people: dict[str, Any]
    objects: dict[str, Any]
    # Converter name → the values to try for a viewer (see `values_for`).
    values: dict[str, list[str]]
    tokens: dict[str, str]
    personal: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # (envelope sender, recipients, raw message) of the e-mails sent while building it.
    mails: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    def values_for(self, viewer: str) -> dict[str, list[str]]:
        """Every value of each URL parameter; the viewer's own objects first where they have
        some (their participation, their notification…), then everybody else's."""
        merged = dict(self.values)
        for name, own in self.personal.get(viewer, {}).items():
            merged[name] = own + [value for value in merged.get(name, []) if value not in own]
        return merged


def _person(key: str, commune: Any) -> User:
    secrets = PEOPLE[key]
    first_name, last_name = NAMES[key]
    if key == "superuser":
        person = User.objects.create_superuser(
            secrets.email, "x", first_name=first_name, last_name=last_name
        )
    else:
        person = UserFactory(email=secrets.email, first_name=first_name, last_name=last_name)
    return update_profile(
        person,
        person,
        phone=secrets.phone,
        street_address=secrets.street_address,
        home_commune=commune,
        bio="J’aime aider mes voisins.",
    )


def build_world() -> World:
    """Everything a page can show about someone, made through the services. What the services
    leave for after the commit (notifications of a participation, e-mails) runs too, although
    the caller keeps the world in a transaction that is never committed."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        world = _build_world()
    # Notifications are written by tasks queued after the commit: read them once they ran.
    for key, person in world.people.items():
        own = [str(pk) for pk in person.notifications.order_by("pk").values_list("pk", flat=True)]
        world.values["notification_id"] += own[:1]
        world.personal.setdefault(key, {})["notification_id"] = own[:1]
    return world


def _build_world() -> World:
    communes = saint_dizier_communes()
    territory = create_territory(
        None,
        name="Saint-Dizier agglomération",
        slug="saint-dizier",
        commune_codes=[commune.insee_code for commune in communes],
    )
    saint_dizier = territory.communes.get(insee_code="52448")
    chancenay = territory.communes.get(insee_code="52104")
    people = {key: _person(key, saint_dizier) for key in NAMES}
    camille, alex, sophie, olivier, hugo = (
        people[key]
        for key in ("volunteer", "association_admin", "staff", "outsider", "partner_owner")
    )
    add_territory_staff(None, territory, sophie)

    organisation = make_organisation(
        alex, saint_dizier, name="Les Jardins partagés", verified_by=sophie
    )
    partner = make_organisation(hugo, chancenay, name="Le Secours de Chancenay", verified_by=sophie)
    pending = make_organisation(hugo, chancenay, name="Collectif en attente")
    membership = accept_invitation(
        camille, invite_member(alex, organisation, email=camille.email, role=Role.MEMBER)
    )
    invitation = invite_member(alex, organisation, email=PEOPLE["invitee"].email, role=Role.MEMBER)
    partnership = request_partnership(alex, organisation, partner, message="Travaillons ensemble.")

    # One place: Camille takes it, Olivier waits.
    action = make_action(alex, organisation, capacity=1, title="Chantier au jardin partagé")
    slot = first_slot(action)
    confirmed = join_slot(camille, slot, motivation="Je viens avec mes outils.")
    waitlisted = join_slot(olivier, slot)

    profiles = {}
    for key, discoverable in (("volunteer", True), ("outsider", False), ("partner_owner", True)):
        profile = save_profile(
            people[key],
            ProfileDetails(
                home_commune=saint_dizier,
                interests=(Interest.ENVIRONMENT,),
                week_mask=(1 << 21) - 1,
                travel_km=20,
                presentation="Disponible le samedi matin pour jardiner.",
            ),
        )
        profiles[key] = set_discoverable(people[key], profile, discoverable=discoverable)

    conversation = start_conversation(
        olivier,
        organisation,
        subject="Bénévolat le samedi",
        body="Bonjour, je peux aider le samedi matin.",
        action=action,
    )
    answer = reply(alex, conversation, body="Merci Olivier, venez samedi à 9 h.")
    reply(olivier, conversation, body="Parfait, à samedi.")
    report = report_message(olivier, answer, reason="Test de signalement.")
    assert report.case is not None
    decision = decide_case(sophie, report.case, kind="dismiss", reason="Rien de contraire.")
    record_proposal(alex, organisation, profiles["partner_owner"], action=action)
    proposal = start_conversation_from_organisation(
        alex,
        organisation,
        hugo,
        subject="Une action pour vous",
        body="Seriez-vous disponible pour notre chantier ?",
        action=action,
    )
    # Two people talk without an organisation (mutual aid): Camille answers Olivier.
    personal_talk = start_personal_conversation(
        camille, olivier, subject="Courses du jeudi", body="Je peux faire vos courses jeudi."
    )
    personal_answer = reply(olivier, personal_talk, body="Merci Camille, à jeudi.")

    # The trusted network (issue 14): an open group where they meet, a members-only group
    # joined on sponsorship, a secret one joined by invitation, posts, a request for help.
    public_group = community.create_group(
        camille, name="Voisins solidaires", charter="Bienveillance.", admission=Admission.OPEN,
        visibility=Visibility.PUBLIC,
    )  # fmt: skip
    for person in (alex, olivier, hugo):
        community.ask_to_join(person, public_group, accept_charter=True)
    connections = [
        community.accept_connection(b, community.ask_connection(a, b))
        for a, b in ((camille, alex), (camille, olivier), (alex, hugo))
    ]
    members_group = community.create_group(
        alex, name="Jardiniers du Vert-Bois", charter="Entraide au jardin.",
        admission=Admission.SPONSORSHIP, visibility=Visibility.MEMBERS,
    )  # fmt: skip
    candidacy = community.ask_to_join(camille, members_group, accept_charter=True)
    community.sponsor_candidate(alex, candidacy, sentence="Camille tient parole, toujours.")
    garden_post = publish_post(alex, members_group, body="Rendez-vous au rucher mardi soir.")
    garden_comment = comment_post(
        camille, garden_post, body="J’apporte le miel du rucher du Vert-Bois."
    )
    secret_group = community.create_group(
        alex, name="Cercle des Tilleuls", charter="Discrétion.", admission=Admission.APPROVAL,
        visibility=Visibility.SECRET,
    )  # fmt: skip
    network.join_by_invitation(
        camille, network.invite_to_group(alex, secret_group, camille), answers=[],
        accept_charter=True,
    )  # fmt: skip
    hugos_invitation = network.invite_to_group(alex, secret_group, hugo)  # Hugo has not come
    secret_post = publish_post(camille, secret_group, body="Réunion discrète au lavoir jeudi.")
    aid_request = post_aid_request(
        camille, kind=AidKind.DEMANDE, category=AidCategory.BORROW,
        title="Qui me prête une échelle ?", text="Pour cueillir les cerises samedi.",
        commune=saint_dizier, audience=AidAudience.CONNECTIONS,
    )  # fmt: skip
    # The local media (issue 15): Sophie (staff, so an editor) interviews Camille, linking
    # Alex's association and action; Camille approves, it is published, she comments.
    interview = editorial.create_article(
        sophie, territory, kind=ArticleKind.INTERVIEW,
        text=ArticleText(
            title="Camille, jardinière du Vert-Bois",
            standfirst="Rencontre avec une bénévole du jardin partagé.",
            body="Q : Pourquoi ce jardin ?\n\nR : Pour retrouver mes voisins chaque samedi.",
            organisation_ids=[organisation.pk], action_ids=[action.pk],
        ),
    )  # fmt: skip
    portrayal = editorial.add_portrayed_person(sophie, interview, person=camille)
    editorial.approve_portrayal(camille, portrayal, photo=True)
    editorial.submit_article(sophie, interview)
    editorial.publish_article(sophie, interview)
    article_comment = editorial.post_comment(camille, interview, body="Merci pour ce portrait !")

    feed = calendar_feeds.enable_calendar_feed(camille)
    messages = list(conversation.messages.order_by("pk"))
    tokens = {
        "invitation": invitation.token,
        "reminder": reminder_token(confirmed, "coming"),
        "feed": feed.token,
        "unsubscribe": unsubscribe_token(camille, "messaging.new_reply"),
        "connection_invitation": "lien-absent",
        "group_invitation": hugos_invitation.token,
        "portrayal": portrayal_token(portrayal),
    }
    memberships = list(organisation.memberships.order_by("pk").values_list("pk", flat=True))
    values = {
        "territory_slug": [territory.slug],
        "slug": [organisation.slug, partner.slug, pending.slug],
        "action_id": [str(action.pk)],
        "slot_id": [str(slot.pk)],
        "participation_id": [str(confirmed.pk), str(waitlisted.pk)],
        "conversation_id": [str(conversation.pk), str(proposal.pk), str(personal_talk.pk)],
        "message_id": [str(messages[0].pk), str(personal_answer.pk)],
        "membership_id": [str(pk) for pk in memberships],
        "invitation_id": [str(invitation.pk)],
        "partnership_id": [str(partnership.pk)],
        "decision": ["accepter"],
        "user_id": [str(people[key].pk) for key in NAMES],
        "notification_id": [],
        "profile_id": [str(profile.pk) for profile in profiles.values()],
        "group_slug": [public_group.slug, members_group.slug, secret_group.slug],
        "group_membership_id": [str(candidacy.pk)],
        "connection_id": [str(connection.pk) for connection in connections],
        "post_id": [str(garden_post.pk), str(secret_post.pk)],
        "comment_id": [str(garden_comment.pk)],
        "request_id": [str(aid_request.pk)],
        "kind_key": ["community.post"],
        "object_id": [str(garden_post.pk)],
        "case_id": [str(report.case_id)],
        "decision_id": [str(decision.pk)],
        "group_id": [str(members_group.pk)],
        "article_id": [str(interview.pk)],
        "article_slug": [interview.slug],
    }
    personal = {"outsider": {"participation_id": [str(waitlisted.pk)]}}
    return World(
        people=people,
        objects={
            "territory": territory,
            "saint_dizier": saint_dizier,
            "organisation": organisation,
            "partner": partner,
            "pending_organisation": pending,
            "membership": membership,
            "invitation": invitation,
            "partnership": partnership,
            "action": action,
            "slot": slot,
            "confirmed": confirmed,
            "waitlisted": waitlisted,
            "profiles": profiles,
            "conversation": conversation,
            "proposal": proposal,
            "personal_talk": personal_talk,
            "report": report,
            "feed": feed,
            "public_group": public_group,
            "members_group": members_group,
            "secret_group": secret_group,
            "aid_request": aid_request,
            "interview": interview,
            "article_comment": article_comment,
        },
        values=values,
        tokens=tokens,
        personal=personal,
    )


# --- Every URL pattern --------------------------------------------------------------------

# A `<str:token>` means a different secret under each prefix.
TOKEN_BY_PREFIX = {
    "organisations/invitations/": "invitation",
    "actions/rappel/": "reminder",
    "agenda/prive/": "feed",
    "notifications/desabonnement/": "unsubscribe",
    "relations/invitation/groupe/": "group_invitation",
    "relations/invitation/": "connection_invitation",
    "articles/approbation/": "portrayal",
}
# allauth's own keys (e-mail confirmation, password reset, OpenID Connect provider): a dummy
# value is enough, those pages show an "invalid link" and nothing of anybody. Likewise an icon
# size for the web app's icons.
DUMMY_UNDER = {
    "comptes/": {"key": "dummy-key", "uidb36": "1z", "provider_id": "dummy"},
    "icones/": {"size": "192"},  # the web app's icons: the same image for everyone
    # Appeals: the world holds none (moderation/tests cover their pages).
    "moderation/": {"appeal_id": "999999"},
}
# Regex routes of the Django admin: staff only, and a different product (the admin shows
# e-mails to superusers by design). Left out of the matrix.
SKIPPED_PREFIXES = ("admin/",)

_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


class UnfillableRoute(LookupError):
    """A URL pattern has a parameter the matrix does not know how to fill."""


@dataclass(frozen=True)
class Route:
    """One URL pattern, as the chain of its resolvers' patterns."""

    parts: tuple[Any, ...]  # RoutePattern or RegexPattern, outermost first
    name: str

    @property
    def template(self) -> str:
        return "".join(str(part) for part in self.parts)

    @property
    def parameters(self) -> list[str]:
        names = []
        for part in self.parts:
            regex = _REGEX_GROUP if isinstance(part, RegexPattern) else _ROUTE_PARAMETER
            names += [match.group("name") for match in regex.finditer(str(part))]
        return names


def _walk(patterns: list[Any], parts: tuple[Any, ...] = ()) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, (*parts, entry.pattern))
        elif isinstance(entry, URLPattern):
            yield Route(parts=(*parts, entry.pattern), name=entry.name or "")


def all_routes() -> list[Route]:
    """Every URL pattern the project serves, the admin's excepted (see SKIPPED_PREFIXES)."""
    return [
        route
        for route in _walk(get_resolver().url_patterns)
        if not route.template.startswith(SKIPPED_PREFIXES)
    ]


def _value_of(route: Route, name: str, values: dict[str, list[str]], tokens: dict[str, str]) -> list[str]:  # fmt: skip
    template = route.template
    if name == "token":
        for prefix, token in TOKEN_BY_PREFIX.items():
            if template.startswith(prefix):
                return [tokens[token]]
    for prefix, dummies in DUMMY_UNDER.items():
        if template.startswith(prefix) and name in dummies:
            return [dummies[name]]
    if values.get(name):
        return values[name]
    raise UnfillableRoute(
        f"The URL pattern {template!r} ({route.name}) has a parameter {name!r} that the privacy "
        "matrix cannot fill: give it a value in entraide/core/tests/privacy_world.py "
        "(build_world's `values`, TOKEN_BY_PREFIX or DUMMY_UNDER), so that the new page is "
        "checked for leaks of contact details too."
    )


def _fill_part(part: Any, chosen: dict[str, str]) -> str:
    text = str(part)
    if isinstance(part, RoutePattern):
        return _ROUTE_PARAMETER.sub(lambda match: chosen[match.group("name")], text)
    text = _REGEX_GROUP.sub(lambda match: chosen[match.group("name")], text)
    return text.lstrip("^").rstrip("$").replace("\\", "")


def urls_of(route: Route, values: dict[str, list[str]], tokens: dict[str, str], *, limit: int = 12) -> list[str]:  # fmt: skip
    """The URLs that test `route`: each combination of its parameters' values (at most
    `limit`), each checked to resolve back to the same view."""
    names = route.parameters
    choices = [_value_of(route, name, values, tokens) for name in names]
    urls = []
    for combination in list(product(*choices))[:limit]:
        chosen = dict(zip(names, combination, strict=True))
        url = "/" + "".join(_fill_part(part, chosen) for part in route.parts)
        match = resolve(url.split("?")[0])
        if _anchorless(match.route) != _anchorless(route.template):
            raise UnfillableRoute(
                f"{url!r}, filled for {route.template!r}, resolves to {match.route!r} instead: "
                "its values in entraide/core/tests/privacy_world.py need a look."
            )
        urls.append(url)
    return urls


def _anchorless(template: str) -> str:
    # ResolverMatch.route drops a regex's "^" but keeps its "$".
    return template.replace("^", "").replace("$", "")
