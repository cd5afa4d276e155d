"""The trusted-network benchmark (issue 14), a step module like bench/steps.py, against the
database named by DATABASE_URL (bench/run.py runs it on SQLite and PostgreSQL):

    generate --size tiny|small|full   members on the bench territory's communes, ~50 accepted
                                      connections each (clustered by commune), groups with
                                      memberships, posts, comments and reactions, aid requests
    measure --size …                  friends-of-friends audience and fan-out, the personal and
                                      the group feed (p95 over sampled people)
    counts                            what a kept database holds (run.py --reuse)

Each step prints one JSON object on its last line of output. `tiny` (2,000 members) is for
development and the quick test; `small` and `full` are the issue's sizes.
"""

import argparse
import html
import json
import math
import os
import random
import statistics
import sys
import time
from bisect import bisect
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, models, transaction  # noqa: E402
from django.db.models import Count, Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from entraide.accounts.models import User  # noqa: E402
from entraide.community.enums import (  # noqa: E402
    Admission,
    ConnectionStatus,
    GroupRole,
    MembershipState,
    ReactionKind,
    Visibility,
)
from entraide.community.models import (  # noqa: E402
    Charter,
    Comment,
    Connection,
    Group,
    Membership,
    Post,
    Reaction,
)
from entraide.territories.models import Commune  # noqa: E402

SEED = 20261203
# The bench territory (bench/steps.py: ILE_DE_FRANCE, the served pages' territory).
BENCH_DEPARTMENTS = ("75", "77", "78", "91", "92", "93", "94", "95")
BATCH = 10_000


@dataclass(frozen=True)
class NetworkSize:
    members: int
    groups: int
    connections_each: int = 50  # accepted, on average (each person asks about half of them)
    posts_per_group: int = 100  # on average: busy groups more, small ones fewer
    # Friends-of-friends requests already there (their audience is timed; the fan-out
    # measurement posts its own and removes them).
    requests: int = 200


NETWORK_SIZES = {
    "tiny": NetworkSize(members=2_000, groups=20),
    "small": NetworkSize(members=20_000, groups=100),
    "full": NetworkSize(members=350_000, groups=2_000),
}

# How a person's connections are drawn: most in their own commune or a nearby one, the rest
# anywhere, so that friends of friends overlap as in real networks.
SAME_COMMUNE = 0.5
NEARBY = 0.3  # SAME_COMMUNE + NEARBY = 80 % local
# A commune's "nearby": itself and its nearest communes until they hold this many members.
NEIGHBOURHOOD_MEMBERS = 2_000
# Connections that are not (or no longer) accepted, beside the accepted ones: the audience
# must leave them out.
OTHER_STATUSES = (ConnectionStatus.PENDING, ConnectionStatus.DECLINED, ConnectionStatus.REMOVED)
STATUS_CODES = (ConnectionStatus.ACCEPTED, *OTHER_STATUSES)


def emit(result: dict[str, Any]) -> None:
    print(json.dumps(result), flush=True)


def log(message: str) -> None:
    print(f"  {message}", flush=True)


def percentile(values: Sequence[float], share: float) -> float:
    """As bench/steps.py: the nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


# --- The graph, drawn in memory (pure: tested without a database) --------------------------


@dataclass(frozen=True)
class Place:
    code: str
    population: int
    latitude: float
    longitude: float


def draw_homes(rng: random.Random, places: Sequence[Place], count: int) -> list[int]:
    """Each member's commune (an index into `places`), in proportion to population."""
    cumulative = list(accumulate(p.population for p in places))
    total = cumulative[-1]
    return [min(bisect(cumulative, rng.random() * total), len(places) - 1) for _ in range(count)]


def neighbourhoods(
    places: Sequence[Place], homes: Sequence[int], target: int
) -> tuple[list[list[int]], list[list[int]]]:
    """(residents, nearby) per place: the members living there, and those of the place and its
    nearest places until `target` members (a Paris arrondissement may be its own
    neighbourhood; a village borrows its neighbours')."""
    residents: list[list[int]] = [[] for _ in places]
    for member, home in enumerate(homes):
        residents[home].append(member)
    inhabited = [n for n, people in enumerate(residents) if people]
    nearby: list[list[int]] = [[] for _ in places]
    for n in inhabited:
        here = places[n]
        scale = math.cos(math.radians(here.latitude))
        by_distance = sorted(
            inhabited,
            key=lambda m: (
                (places[m].latitude - here.latitude) ** 2
                + ((places[m].longitude - here.longitude) * scale) ** 2
            ),
        )
        pool: list[int] = []
        for m in by_distance:
            pool.extend(residents[m])
            if len(pool) >= target:
                break
        nearby[n] = pool
    return residents, nearby


def pair_code(a: int, b: int, asker: int, status: int, members: int) -> int:
    """One connection as one int (a list of 9 M tuples would take gigabytes): the ordered pair
    (a < b, member indices), whether `a` asked, and the status's index in STATUS_CODES."""
    first, second = (a, b) if a < b else (b, a)
    return ((first * members + second) * 2 + (asker == first)) * 4 + status


def unpack(code: int, members: int) -> tuple[int, int, bool, int]:
    status, code = code % 4, code // 4
    first_asked, pair = bool(code % 2), code // 2
    return pair // members, pair % members, first_asked, status


def draw_connections(
    rng: random.Random,
    homes: Sequence[int],
    residents: Sequence[Sequence[int]],
    nearby: Sequence[Sequence[int]],
    each: int,
) -> list[int]:
    """About `each` accepted connections per member (each asks between a fifth and nine tenths
    of `each`/2, and is asked about as many), plus a few pending, declined or removed ones;
    one code per unordered pair (`pair_code`), duplicates and self-pairs dropped, in a seeded
    random order (rows of a real table arrive over time, not sorted by person)."""
    members = len(homes)
    half = each // 2
    low, high = max(1, half // 5), half * 9 // 5
    codes: list[int] = []
    for member, home in enumerate(homes):
        own, around = residents[home], nearby[home]
        # A village's few people are drawn through its neighbourhood, or they would pick
        # each other over and over.
        own_commune = len(own) > 2 * high
        asked = rng.randint(low, high)
        extra = rng.choice((0, 0, 1, 2))  # ~3 % of the rows are not accepted
        mine: set[int] = {member}
        for k in range(asked + extra):
            for _attempt in range(8):  # a new person each time, as far as the pools allow
                draw = rng.random()
                if draw < SAME_COMMUNE and own_commune:
                    other = own[int(rng.random() * len(own))]
                elif draw < SAME_COMMUNE + NEARBY or (draw < SAME_COMMUNE and not own_commune):
                    other = around[int(rng.random() * len(around))]
                else:
                    other = int(rng.random() * members)
                if other not in mine:
                    break
            else:
                continue
            mine.add(other)
            status = 0 if k < asked else 1 + int(rng.random() * len(OTHER_STATUSES))
            codes.append(pair_code(member, other, member, status, members))
    # One row per pair, whoever asked first: sort by pair, keep the first of each.
    codes.sort()
    unique: list[int] = []
    last_pair = -1
    for code in codes:
        pair = code // 8
        if pair != last_pair:
            unique.append(code)
            last_pair = pair
    del codes
    rng.shuffle(unique)
    return unique


@dataclass
class DrawnGroup:
    home: int  # place index
    members: list[int]  # member indices, the first an admin, then moderators
    moderators: int


def draw_groups(
    rng: random.Random,
    places: Sequence[Place],
    homes: Sequence[int],
    nearby: Sequence[Sequence[int]],
    count: int,
) -> list[DrawnGroup]:
    """Groups of varied sizes (log-normal: most a few dozen people, a few thousands), each
    rooted in a commune: 70 % of its members from around it, the rest anywhere."""
    members = len(homes)
    biggest = max(10, min(8_000, members // 10))
    cumulative = list(accumulate(len(people) for people in nearby))
    groups = []
    for _ in range(count):
        size = min(biggest, max(3, int(math.exp(rng.gauss(math.log(60), 1.2)))))
        # Rooted where members live (a group of people, not of acres).
        home = min(bisect(cumulative, rng.random() * cumulative[-1]), len(places) - 1)
        around = nearby[home] or range(members)
        chosen: dict[int, None] = {}
        for _attempt in range(size * 4):
            if len(chosen) >= size:
                break
            if rng.random() < 0.7:
                chosen[around[int(rng.random() * len(around))]] = None
            else:
                chosen[int(rng.random() * members)] = None
        moderators = 0 if size < 20 else rng.randint(1, 2 + size // 500)
        groups.append(DrawnGroup(home=home, members=list(chosen), moderators=moderators))
    return groups


# --- Writing below the ORM ------------------------------------------------------------------


class Inserter:
    """Rows written in bulk below the ORM, as the benchmark's data need not go through the
    services (bench/generation.py does the same with bulk_create): millions of connections as
    model instances would be most of the run. COPY on PostgreSQL, executemany on SQLite.
    Columns not given take the field's default (or `constants`), prepared once as the ORM
    would, so a field added with a default later needs no change here."""

    def __init__(self, model: type[models.Model], given: list[str], **constants: Any) -> None:
        now = timezone.now()
        fields = {field.attname: field for field in model._meta.concrete_fields}
        rest = []
        for attname, field in fields.items():
            if attname in given or (field.primary_key and attname not in constants):
                continue
            if attname in constants:
                value = constants[attname]
            elif field.has_default():
                value = field.get_default()
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            elif field.null:
                value = None
            elif field.blank and field.empty_strings_allowed:
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{attname} needs a value")
            rest.append((field.column, prepared(field, value)))
        self.table = model._meta.db_table
        self.columns = [fields[attname].column for attname in given] + [c for c, _ in rest]
        self.constants = tuple(value for _, value in rest)
        self.written = 0

    def write(self, rows: Iterable[tuple[Any, ...]]) -> int:
        """Rows of the `given` columns, in batches of BATCH."""
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row + self.constants)
            if len(batch) >= BATCH:
                self._flush(batch)
                batch = []
        if batch:
            self._flush(batch)
        return self.written

    def _flush(self, batch: list[tuple[Any, ...]]) -> None:
        columns = ", ".join(self.columns)
        if connection.vendor == "postgresql":
            # One transaction per batch on PostgreSQL (as generation.py), COPY for speed.
            sql = f"COPY {self.table} ({columns}) FROM STDIN"
            with (
                transaction.atomic(),
                connection.connection.cursor() as cursor,
                cursor.copy(sql) as copy,
            ):
                for row in batch:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(self.columns))
            connection.connection.executemany(
                f"INSERT INTO {self.table} ({columns}) VALUES ({marks})",  # noqa: S608 - model names
                batch,
            )
        self.written += len(batch)


def prepared(field: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        return json.dumps(value)  # text into a json(b) column on both databases
    return field.get_db_prep_save(value, connection)


def moment(value: datetime) -> Any:
    """A datetime as the database takes it (SQLite: naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(value)


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


# --- generate -------------------------------------------------------------------------------


def bench_places() -> list[Place]:
    """The bench territory's inhabited communes (a city counted through its arrondissements)."""
    cities = set(Commune.objects.filter(parent__isnull=False).values_list("parent_id", flat=True))
    rows = (
        Commune.objects.filter(department_code__in=BENCH_DEPARTMENTS, population__gt=0)
        .exclude(insee_code__in=cities)
        .order_by("insee_code")
        .values_list("insee_code", "population", "latitude", "longitude")
    )
    return [Place(*row) for row in rows]


def members_of_network(count: int, places: list[Place], homes: list[int]) -> tuple[list[int], int]:
    """The members' user ids: the database's first `count` users (the volunteers generated
    beside the agenda) when it has enough, else those and new ones; everyone's home commune
    set to their drawn place. Returns (ids, users created)."""
    people = list(User.objects.order_by("pk").values_list("pk", flat=True)[:count])
    created = count - len(people)
    if created:
        from django.contrib.auth.hashers import make_password

        first = next_id(User)
        inserter = Inserter(
            User,
            ["id", "email", "first_name", "home_commune_id"],
            password=make_password("bench-network"),  # one hash for everybody
        )
        start = len(people)
        inserter.write(
            (first + k, f"m{start + k}@network.bench.invalid", f"M{start + k}",
             places[homes[start + k]].code)
            for k in range(created)
        )  # fmt: skip
        people.extend(range(first, first + created))
    # The reused users: one UPDATE per commune and chunk of ids.
    by_place: dict[int, list[int]] = {}
    for n in range(count - created):
        by_place.setdefault(homes[n], []).append(people[n])
    for place, ids in by_place.items():
        for k in range(0, len(ids), 5_000):
            User.objects.filter(pk__in=ids[k : k + 5_000]).update(
                home_commune_id=places[place].code
            )
    return people, created


POST_LINES = [
    "Quelqu’un aurait une perceuse à prêter ce week-end ?",
    "Merci à toutes celles et ceux qui sont venus samedi au jardin partagé !",
    "Je peux garder des enfants mercredi après-midi, faites-moi signe.",
    "Collecte de vêtements chauds jeudi soir, salle des fêtes.",
    "Qui descend en voiture vers la gare demain matin ? Je participe à l’essence.",
    "Les courgettes débordent : servez-vous devant le 12, rue des Lilas.",
    "Atelier réparation de vélos dimanche, apportez vos chambres à air.",
    "Ma voisine cherche de l’aide pour porter ses courses, le mardi.",
    "Rappel : la réunion du groupe est avancée à 18 h.",
    "J’ai trouvé un trousseau de clés près de l’école, il est à la boulangerie.",
]
COMMENT_LINES = [
    "Je peux !", "Merci beaucoup.", "Je passe vers 17 h.", "Bonne idée.",
    "Je relaie autour de moi.", "C’est noté.", "Toujours d’actualité ?", "Avec plaisir.",
]  # fmt: skip
GROUP_WORDS = ["Entraide", "Voisins", "Jardin partagé", "Parents", "Covoiturage", "Bricolage",
               "Solidarité", "Répair café", "Seniors", "Quartier"]  # fmt: skip


def generate(size: NetworkSize) -> dict[str, Any]:
    # Bulk writes below the services (Inserter): the benchmark's data need not go through
    # them, as generation.py's agenda; ids, pairs and states are those the services keep.
    started = time.perf_counter()
    rng = random.Random(SEED)
    now = timezone.now()
    places = bench_places()
    homes = draw_homes(rng, places, size.members)
    target = min(NEIGHBOURHOOD_MEMBERS, max(50, size.members // 10))
    residents, nearby = neighbourhoods(places, homes, target)
    timings: dict[str, float] = {}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-1000000")  # 1 GB: the indexes of 9 M rows
    # SQLite: one transaction for the whole load (a commit per batch is a file sync each).
    outer = transaction.atomic() if connection.vendor == "sqlite" else nullcontext()
    counts: dict[str, Any] = {"members": size.members}
    with outer:
        mark = time.perf_counter()
        people, counts["users_created"] = members_of_network(size.members, places, homes)
        timings["members_s"] = time.perf_counter() - mark

        mark = time.perf_counter()
        codes = draw_connections(rng, homes, residents, nearby, size.connections_each)
        timings["draw_connections_s"] = time.perf_counter() - mark
        mark = time.perf_counter()
        counts["connections"] = write_connections(codes, people, now)
        counts["accepted_connections"] = sum(1 for code in codes if code % 4 == 0)
        del codes
        timings["connections_s"] = time.perf_counter() - mark

        mark = time.perf_counter()
        drawn = draw_groups(rng, places, homes, nearby, size.groups)
        counts.update(write_groups(rng, drawn, people, size, now))
        timings["groups_s"] = time.perf_counter() - mark

        counts.update(write_aid_requests(rng, people, size.requests, now))
    mark = time.perf_counter()
    finish_load()
    timings["analyze_s"] = time.perf_counter() - mark
    counts["generate_s"] = round(time.perf_counter() - started, 1)
    counts.update({key: round(value, 1) for key, value in timings.items()})
    return counts


def write_connections(codes: list[int], people: list[int], now: datetime) -> int:
    members = len(people)
    when = now - timedelta(days=90)
    inserter = Inserter(
        Connection,
        ["first_id", "second_id", "asked_by_id", "status"],
        created_at=when,
        asked_at=when,
        changed_at=when,
    )

    def rows() -> Iterable[tuple[Any, ...]]:
        for code in codes:
            first, second, first_asked, status = unpack(code, members)
            a, b = people[first], people[second]
            yield a, b, a if first_asked else b, STATUS_CODES[status].value

    written = inserter.write(rows())
    log(f"{written} connections")
    return written


def write_groups(
    rng: random.Random, drawn: list[DrawnGroup], people: list[int], size: NetworkSize, now: datetime
) -> dict[str, int]:
    """Groups, their charter, memberships (a few requests and departures beside the active
    members; an admin and moderators), then posts with comments and reactions by members."""
    first_group = next_id(Group)
    groups = Inserter(
        Group,
        ["id", "name", "slug", "admission", "visibility", "created_by_id", "created_at"],
    )
    founded = [now - timedelta(days=rng.randint(200, 900)) for _ in drawn]
    admissions = [Admission.OPEN, Admission.APPROVAL, Admission.APPROVAL, Admission.SPONSORSHIP]
    visibilities = [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.MEMBERS, Visibility.SECRET]
    groups.write(
        (first_group + n, f"{rng.choice(GROUP_WORDS)} {n}", f"bench-reseau-{first_group + n}",
         rng.choice(admissions).value, rng.choice(visibilities).value,
         people[group.members[0]], moment(founded[n]))
        for n, group in enumerate(drawn)
    )  # fmt: skip
    Inserter(Charter, ["group_id", "version", "text"]).write(
        (first_group + n, 1, "Bienveillance, discrétion, entraide.") for n in range(len(drawn))
    )

    memberships = Inserter(
        Membership,
        ["person_id", "group_id", "role", "state", "requested_at", "joined_at", "ended_at",
         "charter_version", "charter_accepted_at"],
    )  # fmt: skip
    active: list[list[int]] = []  # user ids of each group's active members

    def membership_rows() -> Iterable[tuple[Any, ...]]:
        for n, group in enumerate(drawn):
            here: list[int] = []
            for k, member in enumerate(group.members):
                person = people[member]
                role = (
                    GroupRole.ADMIN
                    if k == 0
                    else GroupRole.MODERATOR
                    if k <= group.moderators
                    else GroupRole.MEMBER
                )
                joined = founded[n] + timedelta(days=rng.randint(0, 180))
                draw = 0.0 if k <= group.moderators else rng.random()
                if draw < 0.94:
                    state, ended, here_too = MembershipState.ACTIVE, None, True
                elif draw < 0.97:
                    state, ended, here_too = MembershipState.REQUESTED, None, False
                else:
                    state, ended, here_too = MembershipState.LEFT, moment(now), False
                if here_too:
                    here.append(person)
                accepted = state != MembershipState.REQUESTED
                yield (
                    person, first_group + n, role.value, state.value, moment(joined),
                    moment(joined) if accepted else None, ended,
                    1 if accepted else None, moment(joined) if accepted else None,
                )  # fmt: skip
            active.append(here)

    counts = {"groups": len(drawn), "memberships": memberships.write(membership_rows())}
    counts["active_memberships"] = sum(len(here) for here in active)
    log(f"{counts['groups']} groups, {counts['memberships']} memberships")

    # Posts: ~posts_per_group on average, more in bigger groups (by the square root of size).
    roots = [math.sqrt(max(1, len(here))) for here in active]
    scale = size.posts_per_group * len(active) / max(1.0, sum(roots))
    first_post = next_id(Post)
    posts = Inserter(
        Post,
        ["id", "group_id", "author_id", "body", "body_html", "created_at", "pinned_at",
         "hidden_at", "hidden_by_id", "hidden_reason", "comment_count"],
    )  # fmt: skip
    comments = Inserter(Comment, ["post_id", "author_id", "body", "created_at", "hidden_at"])
    reactions = Inserter(Reaction, ["post_id", "person_id", "kind", "created_at"])
    kinds = [kind.value for kind in ReactionKind]
    comment_rows: list[tuple[Any, ...]] = []
    reaction_rows: list[tuple[Any, ...]] = []
    post_id = first_post
    post_rows: list[tuple[Any, ...]] = []
    written = {"posts": 0, "comments": 0, "reactions": 0}
    for n, here in enumerate(active):
        if not here:
            continue
        admin = people[drawn[n].members[0]]
        for k in range(max(1, round(roots[n] * scale))):
            created = now - timedelta(seconds=rng.randint(0, 180 * 86_400))
            body = rng.choice(POST_LINES)
            hidden = rng.random() < 0.02
            visible_comments = 0
            for _ in range(min(len(here), int(rng.expovariate(0.5)))):  # mean 2
                hidden_comment = rng.random() < 0.03
                visible_comments += not hidden_comment
                comment_rows.append(
                    (post_id, rng.choice(here), rng.choice(COMMENT_LINES),
                     moment(created + timedelta(minutes=rng.randint(1, 3_000))),
                     moment(now) if hidden_comment else None)
                )  # fmt: skip
            reacting = min(len(here), int(rng.expovariate(1 / 3)))  # mean 3
            for person in rng.sample(here, reacting):
                reaction_rows.append((post_id, person, rng.choice(kinds), moment(created)))
            post_rows.append(
                (post_id, first_group + n, rng.choice(here), body, f"<p>{html.escape(body)}</p>",
                 moment(created), moment(created) if k == 0 and n % 10 == 0 else None,
                 moment(now) if hidden else None, admin if hidden else None,
                 "Hors sujet." if hidden else "", visible_comments)
            )  # fmt: skip
            post_id += 1
        if len(post_rows) >= BATCH:
            written["posts"] = posts.write(post_rows)
            written["comments"] = comments.write(comment_rows)
            written["reactions"] = reactions.write(reaction_rows)
            post_rows, comment_rows, reaction_rows = [], [], []
    written["posts"] = posts.write(post_rows)
    written["comments"] = comments.write(comment_rows)
    written["reactions"] = reactions.write(reaction_rows)
    log(
        f"{written['posts']} posts, {written['comments']} comments, {written['reactions']} reactions"
    )
    counts.update(written)
    return counts


def aid_request_model() -> Any:
    """entraide.aid's AidRequest, None while the app has no tables yet."""
    try:
        from entraide.aid.models import AidRequest
    except ImportError:
        return None
    if AidRequest._meta.db_table not in connection.introspection.table_names():
        return None
    return AidRequest


def write_aid_requests(
    rng: random.Random, people: list[int], count: int, now: datetime
) -> dict[str, int]:
    """Friends-of-friends requests by authors drawn by the seed, not yet fanned out (written
    with the ORM, not post_request: the benchmark times the audience, not the form)."""
    model = aid_request_model()
    if model is None:
        return {"aid_requests": 0}
    authors = rng.sample(people, min(count, len(people)))
    communes = dict(User.objects.filter(pk__in=authors).values_list("pk", "home_commune_id"))
    model.objects.bulk_create(
        [
            new_request(model, author, communes[author], f"réseau {n}", now)
            for n, author in enumerate(authors)
        ],
        batch_size=1000,
    )
    return {"aid_requests": len(authors)}


# The fan-out measurement's own requests, removed after each (and any a failed run left).
MEASURED_TITLE = "(mesure "


def new_request(model: Any, author_id: int, commune_id: str, label: str, now: datetime) -> Any:
    """A friends-of-friends request ("demande") by `author_id`, placed at their commune."""
    from entraide.aid.enums import AidAudience, AidCategory, AidKind

    return model(
        author_id=author_id,
        kind=AidKind.DEMANDE,
        category=AidCategory.BORROW,
        title=f"Besoin d’une perceuse ({label})",
        text="Quelqu’un pourrait me prêter une perceuse samedi ? Je la rends dimanche.",
        commune_id=commune_id,
        audience=AidAudience.FRIENDS_OF_FRIENDS,
        created_at=now,
        ends_at=now + timedelta(days=14),
    )


def finish_load() -> None:
    """Sequences past the explicit ids and the planner's statistics."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in (User, Group, Post):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - model names
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            for model in (User, Connection, Group, Charter, Membership, Post, Comment, Reaction):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
        else:
            cursor.execute("ANALYZE")


# --- measure --------------------------------------------------------------------------------


def _timed(function: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = function()
    return result, (time.perf_counter() - started) * 1000


def _figures(samples: Sequence[float], prefix: str, digits: int = 2) -> dict[str, float]:
    return {
        f"{prefix}p50": round(percentile(samples, 0.5), digits),
        f"{prefix}p95": round(percentile(samples, 0.95), digits),
        f"{prefix}max": round(max(samples), digits),
    }


def members_with_groups(rng: random.Random, count: int) -> list[User]:
    """`count` members drawn by the seed among those with at least one active membership (a
    feed over no group costs nothing and would flatter the figure)."""
    ids = sorted(
        Membership.objects.filter(state=MembershipState.ACTIVE)
        .values_list("person_id", flat=True)
        .distinct()
    )
    chosen = rng.sample(ids, min(count, len(ids)))
    return list(User.objects.filter(pk__in=chosen).order_by("pk"))


def measure_feeds(rng: random.Random, samples: int = 200, warm: int = 20) -> dict[str, Any]:
    """personal_feed's first page for `samples` members (among those in a group), each once
    after a warm-up on `warm` others; group_feed's first page for members of the 20 busiest
    groups (by active members), `samples` // 20 each, after a warm-up on one pair per group.
    Evaluated as the page uses them: the FeedPage's lists are built by the call."""
    from entraide.community.feeds import group_feed, personal_feed

    viewers = members_with_groups(rng, samples + warm)
    rng.shuffle(viewers)
    for viewer in viewers[:warm]:
        personal_feed(viewer, before=None)
    measured = viewers[warm:]
    personal = [_timed(lambda v=viewer: personal_feed(v, before=None))[1] for viewer in measured]
    groups_of = dict(
        Membership.objects.filter(person__in=measured, state=MembershipState.ACTIVE)
        .values("person_id")
        .annotate(n=Count("id"))
        .values_list("person_id", "n")
    )

    busiest = list(
        Group.objects.filter(memberships__state=MembershipState.ACTIVE)
        .annotate(active=Count("memberships"))
        .order_by("-active", "pk")[:20]
    )
    warming: list[tuple[User, Group]] = []
    pairs: list[tuple[User, Group]] = []
    for group in busiest:
        ids = sorted(
            Membership.objects.filter(group=group, state=MembershipState.ACTIVE).values_list(
                "person_id", flat=True
            )
        )
        drawn = rng.sample(ids, min(len(ids), samples // len(busiest) + 1))
        people = User.objects.in_bulk(drawn)
        warming.append((people[drawn[0]], group))
        pairs.extend((people[pk], group) for pk in drawn[1:])
    for viewer, group in warming:
        group_feed(viewer, group, before=None)
    in_group = [
        _timed(lambda v=viewer, g=group: group_feed(v, g, before=None))[1]
        for viewer, group in pairs
    ]
    return {
        "personal": {
            **_figures(personal, "ms_"),
            "members": len(measured),
            "median_groups": statistics.median(groups_of.values()) if groups_of else 0,
            "max_groups": max(groups_of.values(), default=0),
        },
        "group": {
            **_figures(in_group, "ms_"),
            "pairs": len(pairs),
            "groups": len(busiest),
            "active_members_min": min((g.active for g in busiest), default=0),
            "active_members_max": max((g.active for g in busiest), default=0),
        },
    }


def network_members() -> list[int]:
    """The network's members: people with a home commune in the bench territory."""
    return list(
        User.objects.filter(home_commune__department_code__in=BENCH_DEPARTMENTS)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def measure_audience(rng: random.Random, warm: int = 20) -> dict[str, Any]:
    """audience_of for the generated friends-of-friends requests (~200 authors drawn by the
    seed), each once: a warm-up on `warm` of them first (code, connections, the planner),
    measured on the others, so that no timed audience was read a moment before."""
    from entraide.aid.audience import audience_of

    model = aid_request_model()
    requests = list(model.objects.filter(title__contains="(réseau ").order_by("pk"))
    rng.shuffle(requests)
    for request in requests[:warm]:
        audience_of(request)
    timings, people = [], []
    for request in requests[warm:]:
        found, elapsed = _timed(lambda r=request: audience_of(r))
        timings.append(elapsed)
        people.append(len(found))
    return {
        **_figures(timings, "ms_"),
        "requests": len(timings),
        "people_p50": round(statistics.median(people)),
        "people_p95": round(percentile(people, 0.95)),
        "people_max": max(people),
    }


def measure_fanout(rng: random.Random, authors: int = 50, warm: int = 3) -> dict[str, Any]:
    """fan_out of a new friends-of-friends request by each of `authors` members drawn by the
    seed, as the task runs it (its batches commit on their own: the commit is timed, and on
    SQLite it is a file sync). Then, untimed, the request, its reach and its notifications
    are deleted, so that the database ends as it began."""
    from entraide.core.models import Notification, OutgoingEmail

    try:
        from entraide.aid.tasks import fan_out
    except ImportError:  # the task module names it; the function lives in reach
        from entraide.aid.reach import fan_out
    model = aid_request_model()
    chosen = rng.sample(network_members(), authors + warm)
    communes = dict(User.objects.filter(pk__in=chosen).values_list("pk", "home_commune_id"))
    seconds, reached, notified = [], [], []

    def remove(request_ids: list[int], notification_after: int, email_after: int) -> None:
        with transaction.atomic():
            Notification.objects.filter(pk__gt=notification_after).delete()
            OutgoingEmail.objects.filter(pk__gt=email_after).delete()
            model.objects.filter(pk__in=request_ids).delete()  # and their reach (CASCADE)

    # What a run that failed half-way left (its notifications are the newest rows).
    left = list(model.objects.filter(title__contains=MEASURED_TITLE).values_list("pk", flat=True))
    if left:
        raise SystemExit(
            f"aid requests {left} of an earlier fan-out measurement are still there, with "
            "their reach and notifications: measure on a fresh database"
        )
    for n, author in enumerate(chosen):
        now = timezone.now()
        mark_notification = Notification.objects.aggregate(m=Max("pk"))["m"] or 0
        mark_email = OutgoingEmail.objects.aggregate(m=Max("pk"))["m"] or 0
        request = new_request(model, author, communes[author], f"mesure {n}", now)
        request.save()
        try:
            # As the task reads it (fan_out_aid_request).
            request = model.objects.select_related("commune").get(pk=request.pk)
            started = time.perf_counter()
            count = fan_out(request)
            elapsed = time.perf_counter() - started
            told = Notification.objects.filter(pk__gt=mark_notification).count()
        finally:
            remove([request.pk], mark_notification, mark_email)
        if n < warm:
            continue
        seconds.append(elapsed)
        reached.append(count)
        notified.append(told)
    return {
        **_figures(seconds, "s_", digits=3),
        "requests": len(seconds),
        "rows_p50": round(statistics.median(reached)),
        "rows_p95": round(percentile(reached, 0.95)),
        "notifications_p50": round(statistics.median(notified)),
    }


def measure(size: NetworkSize) -> dict[str, Any]:
    rng = random.Random(SEED + 1)
    result: dict[str, Any] = {}
    if aid_request_model() is not None:
        result["audience"] = measure_audience(rng)
        result["fanout"] = measure_fanout(rng)
    result["feeds"] = measure_feeds(rng)
    return result


def plans_of(call: Callable[[], Any]) -> list[dict[str, Any]]:
    """The plan of every SELECT `call` runs: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's
    EXPLAIN (ANALYZE, BUFFERS) (so each runs again, warm)."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    plans = []
    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip("( ").upper().startswith("SELECT"):  # a UNION starts with "("
            continue
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            plan = "\n".join(" ".join(str(column) for column in row) for row in cursor.fetchall())
        shown = sql if len(sql) < 3_000 else sql[:1_500] + " … " + sql[-500:]
        plans.append({"sql": shown, "ms": round(float(query["time"]) * 1000, 2), "plan": plan})
    return plans


def explain() -> dict[str, list[dict[str, Any]]]:
    """The queries of the measured calls, for the heaviest case of each: the generated request
    with the largest friends-of-friends audience, the member in the most groups, a member of
    the busiest group."""
    from entraide.community.feeds import group_feed, personal_feed

    plans: dict[str, list[dict[str, Any]]] = {}
    model = aid_request_model()
    if model is not None:
        from entraide.aid.audience import audience_of

        requests = list(model.objects.filter(title__contains="(réseau ").order_by("pk")[:50])
        if requests:
            widest = max(requests, key=lambda request: len(audience_of(request)))
            plans["audience_of (widest of 50 requests)"] = plans_of(lambda: audience_of(widest))
    busiest_member = (
        Membership.objects.filter(state=MembershipState.ACTIVE)
        .values("person_id")
        .annotate(n=Count("id"))
        .order_by("-n", "person_id")
        .first()
    )
    if busiest_member:
        viewer = User.objects.get(pk=busiest_member["person_id"])
        label = f"personal_feed (a member of {busiest_member['n']} groups)"
        plans[label] = plans_of(lambda: personal_feed(viewer, before=None))
    group = (
        Group.objects.filter(memberships__state=MembershipState.ACTIVE)
        .annotate(active=Count("memberships"))
        .order_by("-active", "pk")
        .first()
    )
    if group is not None:
        member = (
            Membership.objects.filter(group=group, state=MembershipState.ACTIVE, role="member")
            .order_by("pk")
            .first()
        )
        if member is not None:
            reader = member.person
            label = f"group_feed (a member of the busiest group, {group.active} active)"
            plans[label] = plans_of(lambda: group_feed(reader, group, before=None))
    return plans


def counts() -> dict[str, Any]:
    return {
        "members": User.objects.filter(home_commune__isnull=False).count(),
        "connections": Connection.objects.count(),
        "groups": Group.objects.count(),
        "posts": Post.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=("generate", "measure", "explain", "counts"))
    parser.add_argument("--size", choices=NETWORK_SIZES, default="tiny")
    args = parser.parse_args()
    size = NETWORK_SIZES[args.size]
    if args.step == "generate":
        emit(generate(size))
    elif args.step == "measure":
        emit(measure(size))
    elif args.step == "explain":
        emit(explain())
    else:
        emit(counts())


if __name__ == "__main__":
    main()
