"""The demo's trusted network: connections among the people of each territory (clustered by
commune), groups of every kind (open and public, on approval and for members, by one sponsor
and by three, a secret one and a sub-group) with sponsorship chains, posts with comments and
reactions, and requests and offers reaching people, one to friends of friends relayed once.

Everything goes through the services a person would trigger from the site (community.services,
community.posting, community.network, aid.services), drawn from `random.Random(seed)` alone.
The demo loads with a task backend that drops tasks (see generator.load_demo), so the fan-out
of a request, which the worker would run once the request commits, is run here at once
(aid.reach.fan_out, the task's body; running it again writes nobody twice)."""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from entraide.accounts.models import User
from entraide.aid.enums import AidAudience, AidCategory, AidKind
from entraide.aid.models import AidRequest
from entraide.aid.reach import fan_out
from entraide.aid.services import post_aid_request, relay_aid_request
from entraide.community import services
from entraide.community.enums import Admission, MembershipState, ReactionKind, Visibility
from entraide.community.models import Group, Membership
from entraide.community.network import invite_to_group, join_by_invitation
from entraide.community.posting import comment_post, publish_post, react_to_post
from entraide.community.selectors import connected_people
from entraide.territories.models import Territory

CHARTER = (
    "Nous nous entraidons entre voisins, avec bienveillance. Chacun parle en son nom, respecte "
    "les autres et leur vie privée, et ne vend rien ici sans le dire."
)


@dataclass
class NetworkSummary:
    connections: int = 0
    groups: int = 0
    posts: int = 0
    aid_requests: int = 0
    pairs: set[tuple[int, int]] = field(default_factory=set)


def _pair(a: User, b: User) -> tuple[int, int]:
    return (a.pk, b.pk) if a.pk < b.pk else (b.pk, a.pk)


def _connect(summary: NetworkSummary, asker: User, asked: User) -> None:
    """One asks, the other accepts (they share a group: a reason to see each other's page)."""
    if asker.pk == asked.pk or _pair(asker, asked) in summary.pairs:
        return
    connection = services.ask_connection(asker, asked)
    services.accept_connection(asked, connection)
    summary.pairs.add(_pair(asker, asked))
    summary.connections += 1


def _group(summary: NetworkSummary, founder: User, **options: object) -> Group:
    summary.groups += 1
    return services.create_group(founder, charter=CHARTER, **options)  # type: ignore[arg-type]


def _join(person: User, group: Group, answers: Sequence[str] = ()) -> Membership:
    return services.ask_to_join(person, group, answers=list(answers), accept_charter=True)


def _sponsor(sponsor: User, membership: Membership, sentence: str) -> None:
    services.sponsor_candidate(sponsor, membership, sentence=sentence)


def _trust(giver: User, person: User, group: Group) -> None:
    """Trust ends the newcomer period early: a member just admitted may sponsor in turn."""
    services.give_trust(
        giver, Membership.objects.get(group=group, person=person, state=MembershipState.ACTIVE)
    )


def _cluster_connections(
    summary: NetworkSummary, rng: random.Random, people: Sequence[User], per_person: int
) -> None:
    """Neighbours know neighbours: each person asks a few others, those of their own commune
    first, then of the territory."""
    for person in people:
        same = [p for p in people if p.home_commune_id == person.home_commune_id and p != person]
        others = [p for p in people if p.home_commune_id != person.home_commune_id]
        chosen = rng.sample(same, min(len(same), per_person - 1))
        chosen += rng.sample(others, min(len(others), per_person - len(chosen)))
        for other in chosen:
            _connect(summary, person, other)


def _posts(
    summary: NetworkSummary,
    rng: random.Random,
    group: Group,
    members: Sequence[User],
    posts: Sequence[tuple[User, str, Sequence[str]]],
) -> None:
    for author, body, comments in posts:
        post = publish_post(author, group, body=body)
        summary.posts += 1
        others = [m for m in members if m != author]
        for text in comments:
            comment_post(rng.choice(others), post, body=text)
        for person in rng.sample(others, min(len(others), rng.randint(2, 5))):
            react_to_post(person, post, kind=rng.choice(ReactionKind.values), on=True)


def _aid(summary: NetworkSummary, author: User, **options: object) -> AidRequest:
    commune = author.home_commune
    request = post_aid_request(author, commune=commune, **options)  # type: ignore[arg-type]
    fan_out(request)  # the worker's fan-out, at once (the demo drops tasks)
    summary.aid_requests += 1
    return request


def _relay(request: AidRequest, relayer: User) -> None:
    relay = relay_aid_request(relayer, request)
    fan_out(request, relay=relay)


def write_network(
    seed: int,
    *,
    saint_dizier: Territory,
    paris: Territory,
    camille: User,
    alex: User,
    olivier: User,
    saint_dizier_people: Sequence[User],
    paris_people: Sequence[User],
) -> NetworkSummary:
    """The network of both territories; Camille, the newcomer's account, gets connections,
    groups of each visibility with a sponsorship chain through her, posts to read and
    requests reaching her. `*_people`: the territory's citizens (not the personas)."""
    rng = random.Random(f"network-{seed}")
    summary = NetworkSummary()
    _saint_dizier(summary, rng, saint_dizier, camille, alex, list(saint_dizier_people))
    _paris(summary, rng, paris, olivier, list(paris_people))
    return summary


def _saint_dizier(
    summary: NetworkSummary,
    rng: random.Random,
    territory: Territory,
    camille: User,
    alex: User,
    citizens: list[User],
) -> None:
    people = [camille, alex, *citizens]
    neighbours = _group(
        summary,
        alex,
        name="Entraide entre voisins de Saint-Dizier",
        description="Un coup de main, un outil à prêter, une info : entre habitants du coin.",
        admission=Admission.OPEN,
        visibility=Visibility.PUBLIC,
        territory=territory,
    )
    for person in [camille, *citizens]:
        _join(person, neighbours)

    # Camille knows Alex and four neighbours; the others know a few people each. One person
    # knows one of Camille's connections but not her: a friend of a friend.
    rng.shuffle(citizens)
    camille_knows, far, rest = citizens[:4], citizens[4], citizens[5:]
    for person in [alex, *camille_knows]:
        _connect(summary, camille, person)
    _connect(summary, far, camille_knows[0])
    _connect(summary, alex, far)
    _cluster_connections(summary, rng, [alex, *rest], per_person=2)
    for person in camille_knows[1:]:
        _connect(summary, person, rng.choice(rest))

    # On approval, for members: the founder admits the requests, one still waits.
    parents_founder, parents = rest[0], [camille, *rest[1:5]]
    school = _group(
        summary,
        parents_founder,
        name="Parents d’élèves de Saint-Dizier",
        description="Covoiturage vers l’école, devoirs, fêtes de fin d’année.",
        admission=Admission.APPROVAL,
        visibility=Visibility.MEMBERS,
        join_questions=["Dans quelle école vont vos enfants ?"],
        territory=territory,
    )
    schools = ("L’école du Vert-Bois", "L’école Jean-Jaurès", "Le collège Luis-Ortiz")
    for person in parents:
        membership = _join(person, school, [rng.choice(schools)])
        if person != parents[-1]:
            services.approve_membership(parents_founder, membership)

    # One sponsor: Alex sponsors Camille, who sponsors a neighbour, who sponsors another;
    # one more candidate waits for a sponsor (Camille may vouch for them).
    gardeners = _group(
        summary,
        alex,
        name="Les Jardiniers de confiance",
        description="Graines, outils et clés du cabanon : entre personnes qui se connaissent.",
        admission=Admission.SPONSORSHIP,
        sponsors_required=1,
        visibility=Visibility.MEMBERS,
        territory=territory,
    )
    chain = [alex, camille, camille_knows[1], rest[5]]
    for sponsor, candidate in pairwise(chain):
        _sponsor(
            sponsor,
            _join(candidate, gardeners),
            "Nous jardinons ensemble depuis deux saisons : toute ma confiance.",
        )
        _trust(sponsor, candidate, gardeners)
    # At four members a newcomer needs two marks of trust: Camille gets her second one.
    _trust(camille_knows[1], camille, gardeners)
    _join(camille_knows[2], gardeners)

    # Three sponsors: the founder admits a first member, both a second, all three Camille.
    carpool_founder, first, second = rest[6], rest[7], camille_knows[3]
    carpool = _group(
        summary,
        carpool_founder,
        name="Covoiturage solidaire du Der",
        description="Trajets partagés vers Saint-Dizier, le lac du Der et les marchés.",
        admission=Admission.SPONSORSHIP,
        sponsors_required=3,
        visibility=Visibility.PUBLIC,
        territory=territory,
    )
    _sponsor(
        carpool_founder, _join(first, carpool), "Nous faisons le trajet ensemble depuis un an."
    )
    _trust(carpool_founder, first, carpool)
    request = _join(second, carpool)
    for sponsor in (carpool_founder, first):
        _sponsor(sponsor, request, "Nous partageons la route chaque semaine, en toute confiance.")
    _trust(carpool_founder, second, carpool)
    request = _join(camille, carpool)
    for sponsor in (carpool_founder, first, second):
        _sponsor(sponsor, request, "Camille rend service à tout le quartier.")

    # Secret: Alex invites Camille and a neighbour he knows; the invitation is his approval.
    secret = _group(
        summary,
        alex,
        name="Cercle d’écoute des aidants",
        description="Pour souffler entre personnes qui s’occupent d’un proche.",
        admission=Admission.APPROVAL,
        visibility=Visibility.SECRET,
        territory=territory,
    )
    for person in (camille, far):
        invitation = invite_to_group(alex, secret, person)
        join_by_invitation(person, invitation, answers=[], accept_charter=True)
    # And one invitation of his still waiting, shown in its guest's invitations.
    waiting = next(
        p for p in connected_people(alex).order_by("pk") if p.pk not in {camille.pk, far.pk}
    )
    invite_to_group(alex, secret, waiting)

    # A sub-group, created by a member of the neighbours' group.
    bikes = _group(
        summary,
        rest[1],
        name="Atelier vélo des voisins",
        description="Réparer ensemble, prêter une remorque, rouler le dimanche.",
        admission=Admission.OPEN,
        visibility=Visibility.PUBLIC,
        territory=territory,
        parent=neighbours,
    )
    for person in [camille, *rest[2:6]]:
        _join(person, bikes)

    _posts(
        summary,
        rng,
        neighbours,
        people,
        [
            (
                alex,
                "Bienvenue dans le groupe ! Présentez-vous en deux mots et dites ce que vous "
                "pouvez prêter ou faire pour les voisins.",
                ["Bonjour à tous, je peux prêter une échelle.", "Merci pour ce groupe !"],
            ),
            (
                rest[2],
                "Le ramassage des encombrants passe jeudi dans le quartier du Vert-Bois : "
                "qui a besoin d’aide pour descendre un meuble ?",
                ["Moi, une armoire au deuxième étage.", "Je suis libre jeudi matin."],
            ),
            (
                camille_knows[0],
                "Trouvé un trousseau de clés près de la médiathèque, je le garde au chaud.",
                ["Merci, je fais passer le mot."],
            ),
        ],
    )
    _posts(
        summary,
        rng,
        gardeners,
        chain,
        [
            (
                alex,
                "Les semis de tomates sont prêts : servez-vous au cabanon samedi matin.",
                ["Super, je passerai avec des godets."],
            )
        ],
    )
    _posts(
        summary,
        rng,
        school,
        [parents_founder, *parents[:-1]],
        [
            (
                parents_founder,
                "Qui monte vers l’école du Vert-Bois à huit heures ? On pourrait s’organiser.",
                ["Nous, les lundis et jeudis."],
            )
        ],
    )

    # Requests and offers: one to friends of friends, relayed once, reaching Camille through
    # a connection of hers; an offer to Alex's connections; a request to the neighbours.
    drill = _aid(
        summary,
        far,
        kind=AidKind.DEMANDE,
        category=AidCategory.BORROW,
        title="Une perceuse pour le week-end",
        text="Je dois fixer des étagères samedi : quelqu’un pourrait-il me prêter une perceuse ?",
        audience=AidAudience.FRIENDS_OF_FRIENDS,
    )
    _relay(drill, camille_knows[0])
    _aid(
        summary,
        alex,
        kind=AidKind.PROPOSITION,
        category=AidCategory.GIVE,
        title="Des plants de tomates à donner",
        text="Une trentaine de plants en trop : venez les chercher au jardin partagé.",
        audience=AidAudience.CONNECTIONS,
    )
    _aid(
        summary,
        rest[2],
        kind=AidKind.DEMANDE,
        category=AidCategory.SERVICE,
        title="Arroser mes plantes en août",
        text="Je pars deux semaines en août : qui pourrait passer arroser mes plantes ?",
        audience=AidAudience.GROUPS,
        groups=[neighbours],
    )
    _aid(
        summary,
        camille_knows[1],
        kind=AidKind.PROPOSITION,
        category=AidCategory.HELP,
        title="Un coup de main pour un déménagement",
        text="J’ai une camionnette et mes samedis : je peux aider à déménager dans le coin.",
        audience=AidAudience.CONNECTIONS,
    )


def _paris(
    summary: NetworkSummary,
    rng: random.Random,
    territory: Territory,
    olivier: User,
    citizens: list[User],
) -> None:
    people = [olivier, *citizens]
    neighbours = _group(
        summary,
        olivier,
        name="Voisins solidaires de Paris",
        description="Entre voisins des arrondissements : prêts, dons, coups de main.",
        admission=Admission.OPEN,
        visibility=Visibility.PUBLIC,
        territory=territory,
    )
    for person in citizens:
        _join(person, neighbours)
    _cluster_connections(summary, rng, people, per_person=2)

    rng.shuffle(citizens)
    founder = citizens[0]
    tools = _group(
        summary,
        founder,
        name="Bricoleurs du 11e",
        description="Une outilthèque entre voisins qui se font confiance.",
        admission=Admission.APPROVAL,
        visibility=Visibility.MEMBERS,
        territory=territory,
    )
    for person in [olivier, *citizens[1:5]]:
        services.approve_membership(founder, _join(person, tools))

    sharing = _group(
        summary,
        olivier,
        name="Paniers partagés du 11e",
        description="Les invendus du marché partagés entre familles, sur parrainage.",
        admission=Admission.SPONSORSHIP,
        sponsors_required=1,
        visibility=Visibility.MEMBERS,
        territory=territory,
    )
    chain = [olivier, citizens[5], citizens[6]]
    for sponsor, candidate in pairwise(chain):
        _sponsor(
            sponsor,
            _join(candidate, sharing),
            "Nous nous connaissons depuis des années dans l’immeuble.",
        )
        _trust(sponsor, candidate, sharing)

    _posts(
        summary,
        rng,
        neighbours,
        people,
        [
            (
                olivier,
                "Bonjour à toutes et à tous : la fête de la rue a lieu dimanche, qui apporte quoi ?",
                ["Je fais une tarte aux pommes.", "J’apporte des chaises pliantes."],
            ),
            (
                citizens[2],
                "Une poussette en bon état cherche une nouvelle famille, passez la voir.",
                ["Elle intéresse ma sœur, merci !"],
            ),
        ],
    )
    _aid(
        summary,
        olivier,
        kind=AidKind.DEMANDE,
        category=AidCategory.INFORMATION,
        title="Un bon cordonnier dans le quartier ?",
        text="Mes chaussures de marche ont besoin d’un ressemelage : vous connaissez quelqu’un ?",
        audience=AidAudience.CONNECTIONS,
    )
    _aid(
        summary,
        founder,
        kind=AidKind.PROPOSITION,
        category=AidCategory.LEND,
        title="Une scie sauteuse à prêter",
        text="Elle dort dans ma cave : je la prête volontiers aux membres du groupe.",
        audience=AidAudience.GROUPS,
        groups=[tools],
    )
