"""The benchmark's steps that run inside Django, one per command line, against the database
named by DATABASE_URL (bench/run.py chains them on SQLite and PostgreSQL):

    generate --size small|full   bulk data on real communes, in proportion to population
    search --size …              p50/p95 of selectors.search_agenda over a fixed query set
    explain --size …             the query plans of the slowest queries of the set
    volunteers --size …          p50/p95 of search_volunteers and actions_for_me (+ plans)
    prepare-http                 a territory over Île-de-France for the served pages
    signups --size …             concurrent join_slot, then the overbooking check

Each step prints one JSON object on its last line of output.
"""

import argparse
import dataclasses
import json
import math
import os
import random
import statistics
import sys
import threading
import time
from bisect import bisect
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from entraide.accounts.models import User  # noqa: E402
from entraide.actions.enums import ActionKind, ActionStatus, ParticipationStatus, Skill  # noqa: E402
from entraide.actions.models import Action, Slot  # noqa: E402
from entraide.actions.recurrence import local_datetime  # noqa: E402
from entraide.actions.selectors import AgendaResults, AgendaSearch, search_agenda  # noqa: E402
from entraide.core.geo import cell_of  # noqa: E402
from entraide.core.pagination import CappedPaginator  # noqa: E402
from entraide.core.text import _stemmer, normalise, search_document, search_words  # noqa: E402
from entraide.core.week import bit, mask_of_interval  # noqa: E402
from entraide.demo import agenda_vocabulary as activities  # noqa: E402
from entraide.demo import vocabulary as words  # noqa: E402
from entraide.demo.generator import of_place, place_label  # noqa: E402
from entraide.organisations.enums import Interest, OrganisationKind, VerificationStatus  # noqa: E402
from entraide.organisations.models import Organisation  # noqa: E402
from entraide.territories.geocoder import geocode  # noqa: E402
from entraide.territories.geodata import read_communes  # noqa: E402
from entraide.territories.models import Commune  # noqa: E402
from entraide.volunteers.enums import PeriodKind  # noqa: E402
from entraide.volunteers.models import AvailabilityPeriod, Proposal, VolunteerProfile  # noqa: E402
from entraide.volunteers.selectors import (  # noqa: E402
    VolunteerSearch,
    actions_for_me,
    search_volunteers,
    with_public_details,
)
from entraide.volunteers.views import SEARCH_COUNT_CAP, SEARCH_PAGE_SIZE  # noqa: E402

SEED = 20260301


@dataclass(frozen=True)
class Size:
    organisations: int
    actions: int
    slots: int  # at least this many: the recurrences decide the exact count
    signups: int
    volunteers: int


SIZES = {
    "small": Size(
        organisations=1_000, actions=10_000, slots=50_000, signups=1_000, volunteers=50_000
    ),
    "full": Size(
        organisations=20_000, actions=200_000, slots=1_000_000, signups=3_000, volunteers=1_000_000
    ),
}
HORIZON_DAYS = 91
WEEKLY_SHARE = 0.3  # weekly actions hold ~12 slots, the others 1 to 4: about 5 per action
JITTER_DEGREES = 0.015
TEMPLATES = [(interest, t) for interest, ts in activities.ACTIVITIES.items() for t in ts]
TEMPLATES_BY_INTEREST = {
    interest: [i for i, (of, _) in enumerate(TEMPLATES) if of == interest]
    for interest in activities.ACTIVITIES
}


def emit(result: dict[str, Any]) -> None:
    print(json.dumps(result), flush=True)


# --- generate -----------------------------------------------------------------------------


@cache
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def fast_search_document(*parts: str) -> str:
    """entraide.core.text.search_document with each word stemmed once (the pure-Python
    stemmer is most of the generation time otherwise); checked equal on a sample below."""
    text = normalise(" ".join(str(part) for part in parts))
    stems = sorted({_stem(word) for word in text.split() if len(word) > 1})
    return " " + " ".join(stems) + " " if stems else ""


@cache
def _document(template: int, practical: int, commune: str, interests: tuple[int, ...]) -> str:
    _, activity = TEMPLATES[template]
    return fast_search_document(
        activity.title,
        activity.pitch,
        activities.PRACTICAL_LINES[practical],
        commune,
        *[str(Interest(i).label) for i in interests],
        *[str(Skill(s).label) for s in activity.skills],
        str(ActionKind(activity.kind).label),
    )


@cache
def _moment(day: date, start: Any, end: Any) -> tuple[datetime, datetime, int]:
    end_day = day if end > start else day + timedelta(days=1)
    starts_at, ends_at = local_datetime(day, start), local_datetime(end_day, end)
    local = timezone.localtime
    return starts_at, ends_at, mask_of_interval(local(starts_at), local(ends_at))


def _places() -> tuple[list[Any], list[float]]:
    """Communes that hold people (a city whose arrondissements are listed counts through
    them), with cumulative populations for weighted draws."""
    records = read_communes(Path(settings.NODE_MODULES))
    parents = {r.parent_code for r in records if r.parent_code}
    places = [
        r
        for r in records
        if r.insee_code not in parents and r.population > 0 and r.latitude is not None
    ]
    return places, list(accumulate(r.population for r in places))


def generate(size: Size) -> dict[str, Any]:
    # The one place that bypasses the services, for volume: a million slots through
    # add_slot would take hours. Every field the services copy is computed the same way.
    started = time.perf_counter()
    rng = random.Random(SEED)
    places, cumulative = _places()
    total_population = cumulative[-1]

    def draw_place() -> Any:
        return places[bisect(cumulative, rng.random() * total_population)]

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    now = timezone.now()
    organisations = []
    for pk in range(1, size.organisations + 1):
        place = draw_place()
        primary = rng.choice(list(Interest))
        theme = words.THEMES[primary]
        _kind, template = rng.choice(theme.names)
        name = template.format(
            de=of_place(place.name), ville=place_label(place.name), lieu=rng.choice(words.PLACES)
        )
        interests = (int(primary), *[int(i) for i in rng.sample(theme.related, 1)])
        organisations.append(
            Organisation(
                pk=pk,
                slug=f"bench-{pk}",
                name=f"{name} ({pk})"[:150],
                kind=OrganisationKind.ASSOCIATION,
                short_description=rng.choice(theme.short).format(
                    de=of_place(place.name), ville=place_label(place.name), lieu=""
                )[:200],
                interests=Interest.mask_of(list(interests)),
                commune_id=place.insee_code,
                latitude=place.latitude,
                longitude=place.longitude,
                status=VerificationStatus.VERIFIED,
                status_changed_at=now,
                search_document=fast_search_document(name, place.name),
            )
        )
    Organisation.objects.bulk_create(organisations, batch_size=2000)
    organisation_interests = {o.pk: o.interests for o in organisations}
    organisation_places = {o.pk: o for o in organisations}
    commune_names = {p.insee_code: p.name for p in places}

    first_day = timezone.localdate() + timedelta(days=1)
    days_by_weekday: dict[int, list[date]] = {d: [] for d in range(7)}
    for n in range(HORIZON_DAYS):
        day = first_day + timedelta(days=n)
        days_by_weekday[day.weekday()].append(day)

    slot_pk = 0
    chunk = 5_000
    for first in range(1, size.actions + 1, chunk):
        actions, slots = [], []
        for pk in range(first, min(first + chunk, size.actions + 1)):
            organisation = organisation_places[rng.randrange(1, size.organisations + 1)]
            mask = organisation_interests[organisation.pk]
            own = [i for i in Interest if mask & (1 << i.value)]
            template = rng.choice(TEMPLATES_BY_INTEREST[rng.choice(own)])
            interest, activity = TEMPLATES[template]
            interests = tuple(sorted({int(interest), int(own[0])}))
            practical = rng.randrange(len(activities.PRACTICAL_LINES))
            remote = activity.kind == ActionKind.BROADCAST
            latitude = longitude = None
            if not remote:
                latitude = organisation.latitude + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES)
                longitude = organisation.longitude + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES)
            action = Action(
                pk=pk,
                organisation_id=organisation.pk,
                kind=activity.kind,
                title=activity.title,
                description=f"{activity.pitch}\n\n{activities.PRACTICAL_LINES[practical]}",
                stream_url=f"https://example.org/live/bench-{pk}" if remote else "",
                interests=Interest.mask_of(list(interests)),
                skills=Skill.mask_of(list(activity.skills)),
                is_remote=remote,
                commune_id=organisation.commune_id,
                latitude=latitude,
                longitude=longitude,
                open_to_minors=activity.open_to_minors,
                max_companions=activity.max_companions,
                requires_approval=activity.requires_approval,
                status=ActionStatus.PUBLISHED,
                published_at=now,
                search_document=_document(
                    template, practical, commune_names[organisation.commune_id], interests
                ),
            )
            actions.append(action)
            hours = rng.choice(activity.hours)
            capacity = None if activity.capacity is None else rng.randint(*activity.capacity)
            if rng.random() < WEEKLY_SHARE:
                weekday = rng.choice(hours.weekdays)
                candidates = days_by_weekday[weekday]
                begin = rng.randrange(0, 2)
                days = candidates[begin : len(candidates) - rng.randrange(0, 2)]
            else:
                candidates = [d for w in hours.weekdays for d in days_by_weekday[w]]
                days = rng.sample(candidates, min(len(candidates), rng.randint(1, 4)))
            # The copies _slot_copy makes (services.py), computed once per action.
            copy = {
                "is_listed": True,
                "kind": action.kind,
                "interests": action.interests,
                "skills": action.skills,
                "is_remote": remote,
                "open_to_minors": action.open_to_minors,
                "latitude": latitude,
                "longitude": longitude,
                "cell": cell_of(latitude, longitude) if latitude is not None else None,
                "commune_id": action.commune_id,
            }
            for day in days:
                starts_at, ends_at, week_mask = _moment(day, hours.start, hours.end)
                slot_pk += 1
                slots.append(
                    Slot(
                        pk=slot_pk,
                        action_id=pk,
                        starts_at=starts_at,
                        ends_at=ends_at,
                        capacity=capacity,
                        week_mask=week_mask,
                        **copy,
                    )
                )
        for action in actions[:: max(1, len(actions) // 20)]:
            assert action.search_document == search_document(
                action.title, action.description, commune_names[action.commune_id],
                *[str(i.label) for i in Interest.from_mask(action.interests)],
                *[str(s.label) for s in Skill.from_mask(action.skills)],
                str(ActionKind(action.kind).label),
            ), action.search_document  # fmt: skip
        with transaction.atomic():
            Action.objects.bulk_create(actions, batch_size=1000)
            Slot.objects.bulk_create(slots, batch_size=2000)
        print(f"  {min(first + chunk - 1, size.actions)} actions, {slot_pk} slots", flush=True)
    volunteers = generate_volunteers(size.volunteers, places, cumulative)
    loaded = time.perf_counter() - started
    _finish_load()
    return {
        "organisations": size.organisations,
        "actions": size.actions,
        "slots": slot_pk,
        **volunteers,
        "generate_s": round(loaded, 1),
        "index_s": round(time.perf_counter() - started - loaded, 1),
    }


def _finish_load() -> None:
    """Sequences past the explicit ids, the word index checked and compacted, statistics."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("organisations_organisation", "actions_action", "actions_slot",
                          "accounts_user", "volunteers_volunteerprofile"):  # fmt: skip
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - constant names
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("SELECT count(*) FROM actions_action_fts")
            indexed = cursor.fetchone()[0]
            if indexed != Action.objects.count():
                raise SystemExit(f"FTS5 holds {indexed} rows for {Action.objects.count()} actions")
            cursor.execute("INSERT INTO actions_action_fts(actions_action_fts) VALUES('optimize')")
            cursor.execute("ANALYZE")


# --- volunteers: generation ---------------------------------------------------------------

# Presentations are drawn from this small vocabulary: "<who>, <offer> <offer> <extra>".
WHO = ["Retraitée", "Étudiant en droit", "Infirmière de nuit", "Père de deux enfants",
       "Ancien cuisinier", "Jeune active", "Enseignante à la retraite", "Développeur",
       "Aide-soignante", "Chauffeur routier", "Lycéen", "Comptable"]  # fmt: skip
OFFERS = ["j’aime jardiner et partager mes récoltes.", "je peux aider aux devoirs le soir.",
          "je cuisine volontiers pour les maraudes.", "je conduis et peux transporter du matériel.",
          "je parle anglais et espagnol.", "je répare les vélos et les petits appareils.",
          "je donne des cours d’informatique aux seniors.",
          "j’encadre des activités sportives pour les jeunes.",
          "je suis formée aux premiers secours.", "je participe aux collectes alimentaires.",
          "je connais bien le compost et le tri.", "j’accompagne des personnes handicapées.",
          "je lis des histoires aux enfants.", "je bricole et peins volontiers."]  # fmt: skip
EXTRAS = ["", "Disponible surtout le week-end.", "Plutôt en soirée.",
          "Motivé pour des actions près de chez moi.", "Envie de rencontrer des voisins.",
          "Je débute dans le bénévolat."]  # fmt: skip
VOLUNTEER_BATCH = 20_000
PROPOSAL_SHARE = 0.05
AWAY_SHARE = 0.02


@cache
def _fragment_words(fragment: str) -> frozenset[str]:
    return frozenset(search_words(fragment))


def _presentation_document(parts: tuple[str, ...]) -> str:
    """entraide.core.text.search_document of the joined parts, from each part's words computed
    once (the sorted union is the same; checked equal on a sample)."""
    words_ = sorted(set().union(*(_fragment_words(part) for part in parts)))
    return " " + " ".join(words_) + " " if words_ else ""


def _bits(rng: random.Random, width: int, low: int, high: int) -> int:
    return sum(1 << b for b in rng.sample(range(width), rng.randint(low, high)))


def generate_volunteers(count: int, places: list[Any], cumulative: list[float]) -> dict[str, Any]:
    """`count` people with a volunteer profile each, on real communes in proportion to
    population (the organisations' draw). Like generate(), the one place that bypasses the
    services (save_profile, set_discoverable, record_proposal: a million profiles with an audit
    row and a consent each would take hours); the fields save_profile derives are computed the
    same way: latitude/longitude copied from the commune row, cell_of, search_document of the
    presentation."""
    from django.contrib.auth.hashers import make_password
    from django.db.models import Max

    started = time.perf_counter()
    rng = random.Random(SEED + 2)  # its own stream: the agenda's data stay as they were
    total_population = cumulative[-1]
    points = {code: (lat, lon) for code, lat, lon in
              Commune.objects.values_list("insee_code", "latitude", "longitude")}  # fmt: skip
    password = make_password("bench-volunteer")  # one hash for everybody
    now = timezone.now()
    first_user = (User.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    first_profile = (VolunteerProfile.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    organisations = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    asker = organisations[0]  # the organisation the search step searches as
    asker_action = (
        Action.objects.filter(organisation_id=asker)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    first_day = timezone.localdate() + timedelta(days=1)
    counts = {"volunteers": count, "discoverable": 0, "proposals": 0, "away_periods": 0}
    checked = 0
    # SQLite: one transaction for the whole load (a commit per batch is a file sync each).
    outer = transaction.atomic() if connection.vendor == "sqlite" else nullcontext()
    with outer:
        for first in range(0, count, VOLUNTEER_BATCH):
            users, profiles, proposals, periods = [], [], [], []
            for n in range(first, min(first + VOLUNTEER_BATCH, count)):
                place = places[bisect(cumulative, rng.random() * total_population)]
                latitude, longitude = points[place.insee_code]
                user_pk, profile_pk = first_user + n, first_profile + n
                users.append(
                    User(
                        pk=user_pk,
                        email=f"v{n}@bench.invalid",
                        password=password,
                        first_name=f"V{n}",
                        date_joined=now,
                    )
                )
                parts = (
                    rng.choice(WHO) + ",",
                    *rng.sample(OFFERS, rng.randint(1, 2)),
                    rng.choice(EXTRAS),
                )
                presentation = " ".join(p for p in parts if p)
                discoverable = rng.random() < 0.6
                asked = 0
                if rng.random() < PROPOSAL_SHARE:
                    asked = rng.randint(1, 3)  # 3 = this month's limit reached: excluded
                profile = VolunteerProfile(
                    pk=profile_pk,
                    person_id=user_pk,
                    interests=_bits(rng, len(Interest), 1, 3),
                    skills=_bits(rng, len(Skill), 1, 3),
                    week_mask=_bits(rng, 21, 2, 8),
                    home_commune_id=place.insee_code,
                    latitude=latitude,
                    longitude=longitude,
                    cell=cell_of(latitude, longitude),
                    travel_km=rng.choice((5, 10, 20, 30)),
                    presentation=presentation,
                    search_document=_presentation_document(parts),
                    discoverable=discoverable,
                    discoverable_changed_at=now if discoverable else None,
                    monthly_proposals=3,
                    last_proposal_at=now if asked else None,
                )
                if checked < 50 and n % 997 == 0:
                    assert profile.search_document == search_document(presentation), presentation
                    checked += 1
                profiles.append(profile)
                for k in range(asked):
                    # A few from the searching organisation about its action: the search's
                    # "not already proposed for this action" subquery then has matches.
                    own = k == 0 and asker_action is not None and rng.random() < 0.2
                    proposals.append(
                        Proposal(
                            profile_id=profile_pk,
                            organisation_id=asker if own else rng.choice(organisations),
                            action_id=asker_action if own else None,
                        )
                    )
                if rng.random() < AWAY_SHARE:
                    starts_on = first_day + timedelta(days=rng.randrange(60))
                    periods.append(
                        AvailabilityPeriod(
                            profile_id=profile_pk,
                            kind=PeriodKind.AWAY,
                            starts_on=starts_on,
                            ends_on=starts_on + timedelta(days=rng.randint(2, 21)),
                        )
                    )
                counts["discoverable"] += discoverable
            counts["proposals"] += len(proposals)
            counts["away_periods"] += len(periods)
            with transaction.atomic():
                User.objects.bulk_create(users, batch_size=5000)
                VolunteerProfile.objects.bulk_create(profiles, batch_size=5000)
                Proposal.objects.bulk_create(proposals, batch_size=5000)  # created_at: now
                AvailabilityPeriod.objects.bulk_create(periods, batch_size=5000)
            print(f"  {first + len(profiles)} volunteers", flush=True)
    counts["volunteers_s"] = round(time.perf_counter() - started, 1)
    return counts


# --- search -------------------------------------------------------------------------------

# Real postcodes: the centres of large cities, and small towns of sparse departments.
DENSE = ["75011", "75015", "69003", "13001", "31000", "06000", "44000", "67000", "33000", "59000",
         "35000", "34000", "92100", "93200"]  # fmt: skip
SPARSE = ["52100", "48000", "23000", "04000", "15000", "09000", "55100", "05000", "32000",
          "46000", "19000", "58000"]  # fmt: skip
WORDS = ["repair café", "distribution alimentaire", "compost", "foot", "atelier numérique",
         "maraude", "collecte de sang", "renouée", "seniors", "chantier", "lecture", "bénévoles",
         "tournoi solidaire", "jardin"]  # fmt: skip
EVENINGS = [bit(day, 2) for day in range(5)]
WEEKEND = [bit(5, p) | bit(6, p) for p in range(3)]


@dataclass
class BenchQuery:
    label: str
    params: dict[str, Any]  # the agenda's query string (also turned into an AgendaSearch)


def bench_queries() -> list[BenchQuery]:
    """About fifty searches a territory's visitors make, fixed by the seed: a place and a
    radius of 5 to 30 km (dense and sparse), with interests, half-days, words and dates mixed
    in; a few without a place (the whole country)."""
    rng = random.Random(SEED + 1)
    queries = []
    for n in range(50):
        params: dict[str, Any] = {}
        if n % 10 != 9:  # one in ten searches the whole country
            params["near"] = rng.choice(DENSE if n % 2 == 0 else SPARSE)
            params["radius"] = rng.choice((5, 10, 20, 30))
            if rng.random() < 0.25:
                params["order"] = "distance"
        if rng.random() < 0.5:
            params["interest"] = rng.sample([int(i) for i in Interest], rng.randint(1, 2))
        if rng.random() < 0.4:
            half_days = rng.choice([EVENINGS, WEEKEND, [bit(1, 2)], [bit(5, 0)]])
            params["when"] = [
                f"{i // 3}-{i % 3}" for mask in half_days for i in range(21) if mask >> i & 1
            ]
        if rng.random() < 0.35:
            params["q"] = rng.choice(WORDS)
        if rng.random() < 0.3:
            start = rng.randrange(0, 60)
            params["from"] = (timezone.localdate() + timedelta(days=start)).isoformat()
            params["to"] = (
                timezone.localdate() + timedelta(days=start + rng.choice((7, 14, 30)))
            ).isoformat()
        if rng.random() < 0.15:
            params["places"] = True
        if rng.random() < 0.1:
            params["minors"] = True
        label = " ".join(f"{k}={v}" for k, v in params.items()) or "(no filter)"
        queries.append(BenchQuery(label, params))
    return queries


def to_search(query: BenchQuery) -> AgendaSearch:
    """The AgendaSearch the agenda form builds from these parameters (forms.py: search())."""
    p = query.params
    search = AgendaSearch(
        words=p.get("q", ""),
        interests=p.get("interest", []),
        minors_only=bool(p.get("minors")),
        with_places_left=bool(p.get("places")),
    )
    if "near" in p:
        search.centre = geocode(p["near"]).point
        search.radius_km = p["radius"]
        search.order = p.get("order", "date")
    mask = 0
    for half_day in p.get("when", []):
        day, period = half_day.split("-")
        mask |= bit(int(day), int(period))
    search.week_mask = mask
    if "from" in p:
        zone = timezone.get_current_timezone()
        first = datetime.combine(date.fromisoformat(p["from"]), datetime.min.time(), zone)
        search.starts_after = max(timezone.now(), first)
        last = date.fromisoformat(p["to"]) + timedelta(days=1)
        search.starts_before = datetime.combine(last, datetime.min.time(), zone)
    return search


def _run(search: AgendaSearch) -> float:
    started = time.perf_counter()
    # Exactly what the agenda view runs: the capped count, then the first page (two steps),
    # from a fresh search as each request makes (nothing looked up by an earlier run).
    results = AgendaResults(dataclasses.replace(search, word_actions={}))
    CappedPaginator(results, 20).count  # noqa: B018 - the paginator's count, as the view does
    results[0:20]
    return (time.perf_counter() - started) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def search(rounds: int = 3) -> dict[str, Any]:
    searches = [(q, to_search(q)) for q in bench_queries()]
    for _, s in searches:  # warm the caches once
        _run(s)
    samples: dict[str, list[float]] = {q.label: [] for q, _ in searches}
    for _ in range(rounds):
        for q, s in searches:
            samples[q.label].append(_run(s))
    every = [t for ts in samples.values() for t in ts]
    slowest = sorted(samples, key=lambda label: -statistics.median(samples[label]))[:6]
    return {
        "p50_ms": round(percentile(every, 0.5), 2),
        "p95_ms": round(percentile(every, 0.95), 2),
        "max_ms": round(max(every), 2),
        "queries": len(searches),
        "samples": len(every),
        "slowest": [(label, round(statistics.median(samples[label]), 1)) for label in slowest],
    }


def explain(labels: list[str]) -> dict[str, Any]:
    """The plans of the given queries (the slowest, as `search` reported them)."""
    plans = {}
    for query in bench_queries():
        if query.label not in labels:
            continue
        slots = search_agenda(to_search(query))
        if connection.vendor == "postgresql":
            page = slots[:20].explain(analyze=True, buffers=True)
        else:
            page = slots[:20].explain()
        count = _explain_count(slots)
        plans[query.label] = {"page": page, "count": count, "sql": str(slots[:20].query)}
    return plans


def _explain_count(slots: Any) -> str:
    sql, params = slots.order_by().values("pk").query.sql_with_params()
    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(f"{prefix}SELECT count(*) FROM ({sql}) AS counted", params)  # noqa: S608 - the ORM's SQL
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


# --- volunteers: measure ------------------------------------------------------------------

VOLUNTEER_WORDS = ["jardin", "cuisine", "informatique", "anglais", "vélo", "premiers secours",
                   "devoirs", "maraude", "retraitée", "sport", "compost", "bricole"]  # fmt: skip
SKILL_VALUES = [int(s) for s in Skill]
# Dense communes (INSEE codes) for "actions for me": Paris, Lyon and Marseille by
# arrondissement, then large cities and dense suburbs.
DENSE_COMMUNES = ["75101", "75104", "75107", "75111", "75113", "75115", "75117", "75118",
                  "75119", "75120", "69381", "69383", "69387", "69388", "13201", "13205",
                  "13208", "13213", "59350", "31555", "06088", "44109", "67482", "33063",
                  "34172", "35238", "92012", "93066", "69266", "38185"]  # fmt: skip


@dataclass
class VolunteerQuery:
    label: str
    search: VolunteerSearch


def volunteer_queries(organisation: Organisation) -> list[VolunteerQuery]:
    """Forty searches an association makes, fixed by the seed: a real commune (dense and sparse
    in turn) and 5 to 30 km, with interests, skills, half-days, dates, words and "not already
    proposed for this action" mixed in, as VolunteerSearchForm.search() builds them."""
    rng = random.Random(SEED + 3)
    action = Action.objects.filter(organisation=organisation).order_by("pk").first()
    queries = []
    for n in range(40):
        near = rng.choice(DENSE if n % 2 == 0 else SPARSE)
        search = VolunteerSearch(centre=geocode(near).point, radius_km=rng.choice((5, 10, 20, 30)))
        label = [f"near={near}", f"radius={search.radius_km}"]
        if rng.random() < 0.5:
            search.interests = rng.sample([int(i) for i in Interest], rng.randint(1, 2))
            label.append(f"interest={search.interests}")
        if rng.random() < 0.35:
            search.skills = rng.sample(SKILL_VALUES, rng.randint(1, 2))
            label.append(f"skill={search.skills}")
        if rng.random() < 0.4:
            search.week_mask = sum(rng.choice([EVENINGS, WEEKEND, [bit(1, 2)], [bit(5, 0)]]))
            label.append(f"when={search.week_mask}")
        if rng.random() < 0.25:
            search.available_from = timezone.localdate() + timedelta(days=rng.randrange(60))
            search.available_to = search.available_from + timedelta(days=rng.choice((1, 7, 14)))
            label.append(f"from={search.available_from} to={search.available_to}")
        if rng.random() < 0.3:
            search.words = rng.choice(VOLUNTEER_WORDS)
            label.append(f"q={search.words}")
        if action is not None and rng.random() < 0.2:
            search.action = action
            label.append(f"action={action.pk}")
        queries.append(VolunteerQuery(" ".join(label), search))
    return queries


def dense_profiles() -> list[VolunteerProfile]:
    """One profile per dense commune (the first by id): thirty people in big cities."""
    profiles = []
    for code in DENSE_COMMUNES:
        profile = VolunteerProfile.objects.filter(home_commune_id=code).order_by("pk").first()
        if profile is not None:
            profiles.append(profile)
    return profiles


def _timed(function: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = function()
    return result, (time.perf_counter() - started) * 1000


def _figures(samples: dict[str, list[float]], prefix: str = "") -> dict[str, Any]:
    every = [t for ts in samples.values() for t in ts]
    return {
        f"{prefix}p50_ms": round(percentile(every, 0.5), 2),
        f"{prefix}p95_ms": round(percentile(every, 0.95), 2),
        f"{prefix}max_ms": round(max(every), 2),
    }


def volunteers(rounds: int = 3) -> dict[str, Any]:
    """search_volunteers evaluated as the view's Paginator does (the count, then the first 20
    with their person and commune), the page and the count also timed apart; and
    actions_for_me for profiles of dense communes. Warmed once, then `rounds` times."""
    organisation = Organisation.objects.order_by("pk").first()
    queries = volunteer_queries(organisation)

    def run_search(query: VolunteerQuery) -> tuple[float, float, int]:
        # As the view: the capped count, then the first page with each person and commune.
        paginator = CappedPaginator(
            search_volunteers(organisation, query.search), SEARCH_PAGE_SIZE, cap=SEARCH_COUNT_CAP
        )
        found, count_ms = _timed(lambda: paginator.count)
        _, page_ms = _timed(lambda: [(p.person.public_name, p.home_commune.name)
                                     for p in with_public_details(list(paginator.page(1)))])  # fmt: skip
        return count_ms, page_ms, found

    for query in queries:
        run_search(query)
    totals: dict[str, list[float]] = {q.label: [] for q in queries}
    pages: dict[str, list[float]] = {q.label: [] for q in queries}
    counts: dict[str, list[float]] = {q.label: [] for q in queries}
    found: dict[str, int] = {}
    for _ in range(rounds):
        for query in queries:
            count_ms, page_ms, found[query.label] = run_search(query)
            totals[query.label].append(count_ms + page_ms)
            pages[query.label].append(page_ms)
            counts[query.label].append(count_ms)
    slowest = sorted(totals, key=lambda label: -statistics.median(totals[label]))[:5]
    result: dict[str, Any] = {
        "search": {
            **_figures(totals),
            **_figures(pages, "page_"),
            **_figures(counts, "count_"),
            "queries": len(queries),
            "samples": len(queries) * rounds,
            "median_found": statistics.median(found.values()),
            "slowest": [
                (
                    label,
                    round(statistics.median(totals[label]), 1),
                    round(statistics.median(counts[label]), 1),
                    found[label],
                )
                for label in slowest
            ],
        }
    }

    people = dense_profiles()
    for profile in people:
        actions_for_me(profile)
    mine: dict[str, list[float]] = {}
    suggested: dict[str, int] = {}
    for _ in range(rounds):
        for profile in people:
            label = f"{profile.home_commune_id} travel_km={profile.travel_km} profile={profile.pk}"
            suggestions, elapsed = _timed(lambda p=profile: actions_for_me(p))
            mine.setdefault(label, []).append(elapsed)
            suggested[label] = len(suggestions)
    slowest_mine = sorted(mine, key=lambda label: -statistics.median(mine[label]))[:3]
    result["actions_for_me"] = {
        **_figures(mine),
        "profiles": len(people),
        "samples": len(people) * rounds,
        "slowest": [
            (label, round(statistics.median(mine[label]), 1), suggested[label])
            for label in slowest_mine
        ],
    }
    result["plans"] = _volunteer_plans(organisation, queries, slowest)
    return result


def _volunteer_plans(
    organisation: Organisation, queries: list[VolunteerQuery], labels: list[str]
) -> dict[str, Any]:
    plans = {}
    for query in queries:
        if query.label not in labels:
            continue
        profiles = search_volunteers(organisation, query.search)
        if connection.vendor == "postgresql":
            page = profiles[:20].explain(analyze=True, buffers=True)
        else:
            page = profiles[:20].explain()
        # As QuerySet.count() runs it: no ordering, no select_related columns.
        sql, params = profiles.order_by().select_related(None).values("pk").query.sql_with_params()
        prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
        with connection.cursor() as cursor:
            cursor.execute(f"{prefix}SELECT count(*) FROM ({sql}) AS counted", params)  # noqa: S608 - the ORM's SQL
            count = "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())
        plans[query.label] = {"page": page, "count": count, "sql": str(profiles[:20].query)}
    return plans


# --- served pages -------------------------------------------------------------------------

BENCH_TERRITORY = "bench-ile-de-france"
ILE_DE_FRANCE = ("75", "77", "78", "91", "92", "93", "94", "95")


def prepare_http() -> dict[str, Any]:
    from entraide.territories.models import Commune, Territory
    from entraide.territories.services import create_territory

    if not Territory.objects.filter(slug=BENCH_TERRITORY).exists():
        codes = list(
            Commune.objects.filter(department_code__in=ILE_DE_FRANCE).values_list(
                "insee_code", flat=True
            )
        )
        create_territory(
            None, name="Île-de-France (banc d’essai)", slug=BENCH_TERRITORY, commune_codes=codes
        )
    return {"territory": BENCH_TERRITORY}


# --- sign-ups -----------------------------------------------------------------------------


def signups(size: Size, processes: int = 4, threads: int = 12) -> dict[str, Any]:
    """Many clients at once, each a thread with its own connection, in several processes
    (one Python process would measure its own lock, not the database): three quarters of the
    sign-ups on distinct slots, a quarter racing on ten slots for their last places."""
    import multiprocessing

    from django.contrib.auth.hashers import make_password

    password = make_password(None)
    User.objects.bulk_create(
        [
            User(email=f"benevole{n}@bench.entraide.fr", password=password, first_name=f"B{n}")
            for n in range(size.signups)
        ],
        batch_size=2000,
    )
    users = list(
        User.objects.filter(email__endswith="@bench.entraide.fr").values_list("pk", flat=True)
    )[: size.signups]
    open_slots = Slot.objects.filter(
        is_listed=True,
        capacity__gte=4,
        seats_taken=0,
        starts_at__gt=timezone.now() + timedelta(days=1),
        action__requires_approval=False,
        action__max_companions__gte=0,
    ).order_by("pk")
    distinct_count = size.signups * 3 // 4
    picked = list(open_slots.values_list("pk", flat=True)[: distinct_count + 10])
    hot, distinct = picked[:10], picked[10:]
    pairs = [(users[n], distinct[n]) for n in range(distinct_count)]
    pairs += [(users[n], hot[n % len(hot)]) for n in range(distinct_count, len(users))]
    random.Random(SEED).shuffle(pairs)

    connections.close_all()
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(processes + 1)
    results = context.Queue()
    chunks = [pairs[n::processes] for n in range(processes)]
    workers = [
        context.Process(target=_signup_process, args=(chunk, threads, ready, results))
        for chunk in chunks
    ]
    for worker in workers:
        worker.start()
    ready.wait()
    started = time.perf_counter()
    outcomes: dict[str, int] = {}
    for _ in workers:
        for key, value in results.get().items():
            outcomes[key] = outcomes.get(key, 0) + value
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.join()
    confirmed = outcomes.get(ParticipationStatus.CONFIRMED, 0)
    return {
        "clients": processes * threads,
        "attempts": len(pairs),
        "elapsed_s": round(elapsed, 2),
        "outcomes": outcomes,
        "signup_per_s": round(confirmed / elapsed, 1),
        "answers_per_s": round(sum(outcomes.values()) / elapsed, 1),
        **overbooking(),
    }


def _signup_process(chunk: list[tuple[int, int]], threads: int, ready: Any, results: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from entraide.actions.services import join_slot
    from entraide.core.exceptions import ActionRefused

    connections.close_all()  # never share the parent's connection
    outcomes: dict[str, int] = {}
    lock = threading.Lock()

    def client(pairs: list[tuple[int, int]]) -> None:
        for user_id, slot_id in pairs:
            try:
                user = User.objects.get(pk=user_id)
                slot = Slot.objects.get(pk=slot_id)  # as access_slot fetches it for the view
                outcome = str(join_slot(user, slot).status)
            except (ActionRefused, PermissionDenied):
                outcome = "refused"
            except Exception as error:  # counted, and the check below says if it mattered
                outcome = f"error:{type(error).__name__}"
            with lock:
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
        connections.close_all()

    pool = [threading.Thread(target=client, args=(chunk[n::threads],)) for n in range(threads)]
    ready.wait()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    results.put(outcomes)


def overbooking() -> dict[str, int]:
    """Slots over capacity by their counter, or by their participations counted again."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM actions_slot WHERE capacity IS NOT NULL AND seats_taken > capacity"
        )
        by_counter = cursor.fetchone()[0]
        cursor.execute(
            """
            SELECT count(*) FROM (
                SELECT s.id, s.capacity, s.seats_taken, sum(1 + p.companions) AS seats
                FROM actions_slot s JOIN actions_participation p ON p.slot_id = s.id
                WHERE p.status IN ('confirmed', 'offered')
                GROUP BY s.id, s.capacity, s.seats_taken
            ) AS counted WHERE (capacity IS NOT NULL AND seats > capacity)
            """
        )
        by_participations = cursor.fetchone()[0]
        cursor.execute(
            """
            SELECT count(*) FROM actions_slot s WHERE s.seats_taken <> (
                SELECT coalesce(sum(1 + p.companions), 0) FROM actions_participation p
                WHERE p.slot_id = s.id AND p.status IN ('confirmed', 'offered'))
            AND s.id IN (SELECT slot_id FROM actions_participation)
            """
        )
        mismatched = cursor.fetchone()[0]
    return {
        "overbooked_slots": by_counter + by_participations,
        "seat_counter_mismatches": mismatched,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step")
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--labels", default="[]", help="explain: JSON list of query labels")
    parser.add_argument("--volunteers", type=int, help="generate: profiles instead of the size's")
    args = parser.parse_args()
    size = SIZES[args.size]
    if args.volunteers is not None:
        size = dataclasses.replace(size, volunteers=args.volunteers)
    if args.step == "generate":
        emit(generate(size))
    elif args.step == "search":
        emit(search())
    elif args.step == "explain":
        emit(explain(json.loads(args.labels)))
    elif args.step == "volunteers":
        emit(volunteers())
    elif args.step == "prepare-http":
        emit(prepare_http())
    elif args.step == "signups":
        emit(signups(size))
    elif args.step == "queries":
        emit({"queries": [q.params for q in bench_queries()]})
    else:
        raise SystemExit(f"unknown step {args.step}")


if __name__ == "__main__":
    main()
