"""The benchmark's data: organisations, actions, slots and volunteers on real communes in
proportion to population, written in bulk (the one place that bypasses the services, for
volume; docs/benchmarks.md). Imported by bench/steps.py once Django is set up."""

import random
import time
from bisect import bisect
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from entraide.accounts.models import User
from entraide.actions import slot_copy
from entraide.actions.enums import ActionKind, ActionStatus, Skill
from entraide.actions.models import Action, Slot
from entraide.actions.recurrence import local_datetime
from entraide.core.geo import cell_of
from entraide.core.text import MAX_WORD_LENGTH, _stemmer, normalise, search_document, search_words
from entraide.demo import agenda_vocabulary as activities
from entraide.demo import vocabulary as words
from entraide.demo.generator import of_place, place_label
from entraide.organisations.enums import Interest, OrganisationKind, VerificationStatus
from entraide.organisations.models import Organisation
from entraide.territories.geodata import read_communes
from entraide.territories.models import Commune
from entraide.volunteers.enums import PeriodKind
from entraide.volunteers.models import AvailabilityPeriod, Proposal, VolunteerProfile

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


# --- generate -----------------------------------------------------------------------------


@cache
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def fast_search_document(*parts: str) -> str:
    """entraide.core.text.search_document with each word stemmed once (the pure-Python
    stemmer is most of the generation time otherwise); checked equal on a sample below."""
    text = normalise(" ".join(str(part) for part in parts))
    stems = sorted({_stem(word) for word in text.split() if len(word) > 1})
    stems = [stem for stem in stems if len(stem) <= MAX_WORD_LENGTH]
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
    return starts_at, ends_at, slot_copy.week_mask_of(starts_at, ends_at)


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
            # What the site's slots copy (actions/slot_copy.py), computed once per action.
            copy = slot_copy.copied_from(action, organisation)
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
