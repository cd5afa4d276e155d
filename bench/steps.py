"""The benchmark's steps that run inside Django, one per command line, against the database
named by DATABASE_URL (bench/run.py chains them on SQLite and PostgreSQL):

    generate --size small|full   bulk data on real communes, in proportion to population
    search --size …              p50/p95 of agenda.search_agenda over a fixed query set
    explain --size …             the query plans of the slowest queries of the set
    volunteers --size …          p50/p95 of search_volunteers and actions_for_me (+ plans)
    prepare-http                 a territory over Île-de-France for the served pages
    counts                       what a kept database holds (run.py --reuse)
    cold-urls                    questions asked once each: agenda, JSON, directory, pages
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
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402
from generation import SEED, SIZES, Size, generate  # noqa: E402

from entraide.accounts.models import User  # noqa: E402
from entraide.actions.agenda import AgendaResults, AgendaSearch, search_agenda  # noqa: E402
from entraide.actions.enums import ActionStatus, ParticipationStatus, Skill  # noqa: E402
from entraide.actions.models import Action, Slot  # noqa: E402
from entraide.core.pagination import CappedPaginator  # noqa: E402
from entraide.core.week import bit  # noqa: E402
from entraide.organisations.enums import Interest, VerificationStatus  # noqa: E402
from entraide.organisations.models import Organisation  # noqa: E402
from entraide.territories.geocoder import geocode  # noqa: E402
from entraide.territories.models import Commune  # noqa: E402
from entraide.volunteers.models import VolunteerProfile  # noqa: E402
from entraide.volunteers.selectors import (  # noqa: E402
    VolunteerSearch,
    actions_for_me,
    search_volunteers,
    with_public_details,
)
from entraide.volunteers.views import SEARCH_COUNT_CAP, SEARCH_PAGE_SIZE  # noqa: E402


def emit(result: dict[str, Any]) -> None:
    print(json.dumps(result), flush=True)


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
    # with its own word lookup as each request makes (nothing looked up by an earlier run).
    results = AgendaResults(search)
    CappedPaginator(results, 20).count  # noqa: B018 - the paginator's count, as the view does
    results[0:20]
    return (time.perf_counter() - started) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


# Place names people type in the words box, searched over the whole country: held by 150 to
# 2,000 of the full size's 200,000 actions (the commune is in each action's document), the
# range where reading the date index in order used to cross most of it (docs/benchmarks.md).
CITY_WORDS = ["niort", "calais", "sarcelles", "rouen", "brest", "villeurbanne", "compost"]


def city_words(rounds: int = 3) -> dict[str, Any]:
    """Whole-country searches for CITY_WORDS, as the 50 searches are run (`_run`)."""
    searches = {word: AgendaSearch(words=word) for word in CITY_WORDS}
    for found in searches.values():  # warm the caches once
        _run(found)
    samples = {word: [_run(found) for _ in range(rounds)] for word, found in searches.items()}
    every = [t for ts in samples.values() for t in ts]
    return {
        "p95_ms": round(percentile(every, 0.95), 2),
        "medians": {word: round(statistics.median(ts), 1) for word, ts in samples.items()},
    }


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
        "city_words": city_words(rounds),
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
    from entraide.territories.models import Territory
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


def _territory_postcodes() -> list[str]:
    return sorted(
        {
            postcode
            for postcodes in Commune.objects.filter(department_code__in=ILE_DE_FRANCE).values_list(
                "postcodes", flat=True
            )
            for postcode in postcodes.split()
        }
    )


def _distinct(draw: Any, count: int) -> list[str]:
    """`count` distinct query strings from `draw()` (a seeded generator of parameter dicts)."""
    seen: dict[str, None] = {}
    for _ in range(count * 50):
        if len(seen) == count:
            break
        seen[urlencode(draw(), doseq=True)] = None
    return list(seen)


def cold_urls(count: int = 1000) -> dict[str, list[str]]:
    """Questions asked once each (issue 10): `count` distinct agenda questions in the bench
    territory (page and JSON), directory questions, action and organisation pages, drawn by
    the seed from the territory's ~700 postcodes, radii, interests, half-days, words and dates,
    so that no answer can come from a copy of an earlier one."""
    rng = random.Random(SEED + 10)
    postcodes = _territory_postcodes()
    interests = [int(i) for i in Interest]
    today = timezone.localdate()

    def agenda_question() -> dict[str, Any]:
        params: dict[str, Any] = {}
        if rng.random() < 0.9:
            params["near"] = rng.choice(postcodes)
            params["radius"] = rng.choice((2, 5, 10, 20, 30))
            if rng.random() < 0.25:
                params["order"] = "distance"
        if rng.random() < 0.6:
            params["interest"] = sorted(rng.sample(interests, rng.randint(1, 3)))
        if rng.random() < 0.4:
            params["when"] = sorted(
                {f"{rng.randrange(7)}-{rng.randrange(3)}" for _ in range(rng.randint(1, 3))}
            )
        if rng.random() < 0.3:
            params["q"] = rng.choice(WORDS)
        if rng.random() < 0.25:
            start = rng.randrange(0, 60)
            params["from"] = (today + timedelta(days=start)).isoformat()
            params["to"] = (today + timedelta(days=start + rng.choice((7, 14, 30)))).isoformat()
        if rng.random() < 0.15:
            params["places"] = "true"
        return params

    def directory_question() -> dict[str, Any]:
        params: dict[str, Any] = {"near": rng.choice(postcodes)}
        if rng.random() < 0.7:
            params["radius"] = rng.choice((2, 5, 10, 20))
        if rng.random() < 0.6:
            params["interest"] = sorted(rng.sample(interests, rng.randint(1, 2)))
        if rng.random() < 0.3:
            params["q"] = rng.choice(WORDS)
        return params

    agenda = _distinct(agenda_question, count)
    api = []
    for query in agenda:
        api.append(
            f"/api/v1/actions?territory={BENCH_TERRITORY}&" + query.replace("radius=", "radius_km=")
        )
    action_ids = list(
        Action.objects.filter(
            status=ActionStatus.PUBLISHED,
            organisation__status=VerificationStatus.VERIFIED,
            commune__department_code__in=ILE_DE_FRANCE,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    slugs = list(
        Organisation.objects.filter(
            status=VerificationStatus.VERIFIED, commune__department_code__in=ILE_DE_FRANCE
        )
        .order_by("pk")
        .values_list("slug", flat=True)
    )
    return {
        "agenda_page_cold": [f"/{BENCH_TERRITORY}/agenda/?{query}" for query in agenda],
        "agenda_json_cold": api,
        "directory_page_cold": [
            f"/{BENCH_TERRITORY}/annuaire/?{query}"
            for query in _distinct(directory_question, count)
        ],
        "action_page_cold": [
            f"/actions/{pk}/" for pk in rng.sample(action_ids, min(count, len(action_ids)))
        ],
        "organisation_page_cold": [
            f"/organisations/{slug}/" for slug in rng.sample(slugs, min(count, len(slugs)))
        ],
    }


# --- sign-ups -----------------------------------------------------------------------------


def signups(size: Size, processes: int = 4, threads: int = 12) -> dict[str, Any]:
    """Many clients at once, each a thread with its own connection, in several processes
    (one Python process would measure its own lock, not the database): three quarters of the
    sign-ups on distinct slots, a quarter racing on ten slots for their last places."""
    import multiprocessing

    from django.contrib.auth.hashers import make_password

    password = make_password(None)
    # A run of its own people: measuring a kept database again (--reuse) finds the last run's.
    run = int(time.time())
    domain = f"-{run}@bench.entraide.fr"
    User.objects.bulk_create(
        [
            User(email=f"benevole{n}{domain}", password=password, first_name=f"B{n}")
            for n in range(size.signups)
        ],
        batch_size=2000,
    )
    users = list(User.objects.filter(email__endswith=domain).values_list("pk", flat=True))[
        : size.signups
    ]
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
    elif args.step == "counts":
        emit({"slots": Slot.objects.count(), "volunteers": VolunteerProfile.objects.count()})
    elif args.step == "cold-urls":
        emit(cold_urls())
    elif args.step == "queries":
        emit({"queries": [q.params for q in bench_queries()]})
    else:
        raise SystemExit(f"unknown step {args.step}")


if __name__ == "__main__":
    main()
