"""Demo data: a plan drawn from a seed, then written through the apps' services.

`plan_demo` is pure (same seed and communes, same plan: nothing here reads the clock or the
database); `load_demo` turns the plan into territories, accounts and organisations by calling
the services a person would trigger from the site, so the demo exercises the real rules.
"""

import json
import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from enum import StrEnum
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from stdnum import luhn
from stdnum.fr import siren as stdnum_siren

from entraide.accounts.models import User
from entraide.organisations.enums import Interest, OrganisationKind, Role
from entraide.organisations.identifiers import clean_rna_number, clean_siren
from entraide.organisations.models import Organisation
from entraide.organisations.services import (
    OrganisationProfile,
    accept_invitation,
    create_organisation,
    decide_partnership,
    invite_member,
    reject_organisation,
    request_partnership,
    verify_organisation,
)
from entraide.territories.models import Commune, Territory
from entraide.territories.services import add_territory_staff, create_territory

from . import vocabulary as words
from .agenda import OrganisationInfo, plan_agenda, write_agenda
from .charters import write_charters
from .network import write_network
from .volunteers import PlannedVolunteer, plan_volunteers, write_volunteers

DEMO_PASSWORD = "entraide-demo"  # noqa: S105 - the demo accounts' password, published in the README
DEMO_DOMAIN = "demo.entraide.fr"

SAINT_DIZIER_SLUG = "saint-dizier"
SAINT_DIZIER_NAME = "Saint-Dizier, Der et Blaise"
SAINT_DIZIER_EPCI_MARKER = "Saint-Dizier"
PARIS_SLUG = "paris"
PARIS_CODES = ("75056", *(f"751{n:02d}" for n in range(1, 21)))

# Paris would take nearly every organisation if allocated by population alone, so each
# territory gets a fixed share and population only decides where inside it.
SAINT_DIZIER_ORGANISATIONS = 120
PARIS_ORGANISATIONS = 180
# Every commune at least this large gets one organisation, whatever its share says.
MIN_SERVED_POPULATION = 1000
GENERATED_OWNERS = 20
PENDING_SHARE = 0.08  # enough for the verification queue to show something in each territory
REJECTED_PER_AREA = (1, 2)  # Saint-Dizier, Paris
WEBSITE_SHARE = 0.3

JARDINS_NAME = "Les Jardins partagés de Saint-Dizier"
SAINT_DIZIER_CODE = "52448"
PARIS_11_CODE = "75111"


@dataclass(frozen=True)
class Persona:
    key: str
    first_name: str
    last_name: str
    home_commune: str | None = None

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_DOMAIN}"


# The personas of the tests (conftest.py), with demo addresses.
CAMILLE = Persona("camille", "Camille", "Dupont", SAINT_DIZIER_CODE)
ALEX = Persona("alex", "Alex", "Martin", SAINT_DIZIER_CODE)
SOPHIE = Persona("sophie", "Sophie", "Bernard")
OLIVIER = Persona("olivier", "Olivier", "Petit", PARIS_11_CODE)
ADMIN = Persona("admin", "Admin", "Entraide")


# --- The plan (pure) ----------------------------------------------------------------------


@dataclass(frozen=True)
class CommuneInfo:
    insee_code: str
    name: str
    population: int
    department_code: str


class Fate(StrEnum):
    VERIFIED = "verified"
    PENDING = "pending"
    REJECTED = "rejected"


@dataclass(frozen=True)
class PlannedOwner:
    first_name: str
    last_name: str
    email: str


@dataclass(frozen=True)
class PlannedOrganisation:
    name: str
    kind: str
    short_description: str
    description: str
    interests: tuple[int, ...]
    street_address: str
    website: str
    rna_number: str
    siren: str
    commune_code: str
    owner: int  # index into DemoPlan.owners
    fate: Fate
    reason: str = ""


@dataclass(frozen=True)
class Area:
    """The communes where organisations go (arrondissements rather than their city) and how
    many organisations they share."""

    communes: tuple[CommuneInfo, ...]
    organisations: int
    rejected: int


@dataclass(frozen=True)
class DemoPlan:
    owners: tuple[PlannedOwner, ...]
    organisations: tuple[PlannedOrganisation, ...]
    volunteers: tuple[PlannedVolunteer, ...] = ()


def allocate(communes: Sequence[CommuneInfo], total: int) -> dict[str, int]:
    """Share `total` among communes in proportion to population (largest remainders), after
    one each for the communes of at least MIN_SERVED_POPULATION people."""
    served = {c.insee_code: 1 for c in communes if c.population >= MIN_SERVED_POPULATION}
    remaining = total - len(served)
    population = sum(c.population for c in communes) or 1
    quotas = {c.insee_code: remaining * c.population / population for c in communes}
    counts = {code: served.get(code, 0) + int(quota) for code, quota in quotas.items()}
    leftover = total - sum(counts.values())
    by_remainder = sorted(quotas, key=lambda code: (-(quotas[code] % 1), code))
    for code in by_remainder[:leftover]:
        counts[code] += 1
    return {code: count for code, count in counts.items() if count}


def place_label(name: str) -> str:
    """ "Paris 11e Arrondissement" → "Paris 11e"; other names unchanged."""
    return re.sub(r" (\d+(?:er|e)) Arrondissement$", r" \1", name)


def of_place(name: str) -> str:
    """The name after "de", with French elision and contraction: "de Saint-Dizier",
    "d’Éclaron", "du Buisson", "des Riceys", "du 11e arrondissement"."""
    arrondissement = re.search(r" (\d+(?:er|e)) Arrondissement$", name)
    if arrondissement:
        return f"du {arrondissement.group(1)} arrondissement"
    if name.startswith("Le "):
        return f"du {name[3:]}"
    if name.startswith("Les "):
        return f"des {name[4:]}"
    first = unicodedata.normalize("NFKD", name[0])[0].lower()
    if first in "aeiouyh":
        return f"d’{name}"
    return f"de {name}"


def ascii_word(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z]", "", "".join(c for c in decomposed if c.isascii()).lower())


def make_siren(rng: random.Random, taken: set[str]) -> str:
    """Eight random digits and a Luhn check digit; checked by python-stdnum like the form does."""
    while True:
        body = f"{rng.randrange(10_000_000, 100_000_000)}"
        number = body + luhn.calc_check_digit(body)
        if number not in taken and stdnum_siren.is_valid(number):
            taken.add(number)
            return clean_siren(number)


def make_rna(rng: random.Random, department_code: str, taken: set[str]) -> str:
    """W, the department (W52 Haute-Marne, W75 Paris), then seven digits: nine digits in all."""
    prefix = department_code if department_code.isdigit() else "20"
    while True:
        number = f"W{prefix[:2]}{rng.randrange(10**7):07d}"
        if number not in taken:
            taken.add(number)
            return clean_rna_number(number)


def demo_email(first: str, last: str) -> str:
    return f"{ascii_word(first)}.{ascii_word(last)}@{DEMO_DOMAIN}"


def name_pairs() -> list[tuple[str, str]]:
    return [(first, last) for first in words.FIRST_NAMES for last in words.LAST_NAMES]


def plan_owners(rng: random.Random, count: int = GENERATED_OWNERS) -> tuple[PlannedOwner, ...]:
    owners = []
    for first, last in rng.sample(name_pairs(), count):
        owners.append(PlannedOwner(first_name=first, last_name=last, email=demo_email(first, last)))
    return tuple(owners)


def _kind_themes(kind: str) -> list[Interest]:
    return [
        interest
        for interest, theme in words.THEMES.items()
        if any(k == kind for k, _ in theme.names)
    ]


def _plan_organisation(
    rng: random.Random,
    commune: CommuneInfo,
    *,
    owners: int,
    taken_names: set[str],
    identifiers: set[str],
) -> PlannedOrganisation:
    kind = rng.choices(list(words.KIND_WEIGHTS), weights=list(words.KIND_WEIGHTS.values()))[0]
    place = {"de": of_place(commune.name), "ville": place_label(commune.name)}
    for _attempt in range(30):
        primary = rng.choice(_kind_themes(kind))
        theme = words.THEMES[primary]
        template = rng.choice([name for k, name in theme.names if k == kind])
        name = template.format(lieu=rng.choice(words.PLACES), **place)
        if name not in taken_names:
            break
    else:  # every draw was taken: the commune's name makes it unique
        name = f"{name} ({place['ville']})"
    taken_names.add(name)
    place["lieu"] = rng.choice(words.PLACES)
    extra = rng.sample(theme.related, rng.choice((0, 1, 1, 2)))
    activities = rng.sample(theme.activities, rng.randint(3, 4))
    description = "\n".join(
        [
            rng.choice(theme.paragraphs).format(**place),
            "",
            "Ce que nous faisons :",
            "",
            *(f"- {item[0].upper()}{item[1:]} ;" for item in activities[:-1]),
            f"- {activities[-1][0].upper()}{activities[-1][1:]}.",
            "",
            rng.choice(words.CLOSINGS),
        ]
    )
    website = f"https://example.org/{slugify(name)}" if rng.random() < WEBSITE_SHARE else ""
    rna = (
        make_rna(rng, commune.department_code, identifiers)
        if kind == OrganisationKind.ASSOCIATION
        else ""
    )
    has_siren = kind in (
        OrganisationKind.COMPANY,
        OrganisationKind.INSTITUTION,
        OrganisationKind.PROFESSIONAL,
    )
    return PlannedOrganisation(
        name=name,
        kind=kind,
        short_description=rng.choice(theme.short).format(**place),
        description=description,
        interests=(int(primary), *(int(i) for i in extra)),
        street_address=f"{rng.randint(1, 120)} {rng.choice(words.STREETS)}",
        website=website,
        rna_number=rna,
        siren=make_siren(rng, identifiers) if has_siren else "",
        commune_code=commune.insee_code,
        owner=rng.randrange(owners),
        fate=Fate.VERIFIED,
    )


def _with_fates(
    rng: random.Random, organisations: list[PlannedOrganisation], rejected: int
) -> list[PlannedOrganisation]:
    pending = round(len(organisations) * PENDING_SHARE)
    chosen = rng.sample(range(len(organisations)), pending + rejected)
    result = list(organisations)
    for position, index in enumerate(chosen):
        planned = result[index]
        if position < rejected:
            # The first reason speaks of the RNA number, which only associations have.
            first = 0 if planned.kind == OrganisationKind.ASSOCIATION else 1
            reason = rng.choice(words.REJECTION_REASONS[first:])
            result[index] = replace(planned, fate=Fate.REJECTED, reason=reason)
        else:
            result[index] = replace(planned, fate=Fate.PENDING)
    return result


def plan_demo(seed: int, areas: Sequence[Area]) -> DemoPlan:
    """Everything the demo will hold, drawn from `random.Random(seed)` alone."""
    rng = random.Random(seed)
    owners = plan_owners(rng)
    taken_names = {JARDINS_NAME}
    identifiers: set[str] = set()
    organisations: list[PlannedOrganisation] = []
    for area in areas:
        counts = allocate(area.communes, area.organisations)
        planned = [
            _plan_organisation(
                rng, commune, owners=len(owners), taken_names=taken_names, identifiers=identifiers
            )
            for commune in sorted(area.communes, key=lambda c: c.insee_code)
            for _ in range(counts.get(commune.insee_code, 0))
        ]
        organisations += _with_fates(rng, planned, area.rejected)
    # Citizens who fill a volunteer profile, from their own draw: the rest of the plan is the
    # same with or without them.
    taken = {owner.email for owner in owners} | {
        persona.email for persona in (CAMILLE, ALEX, SOPHIE, OLIVIER, ADMIN)
    }
    volunteers = plan_volunteers(
        seed,
        [[(c.insee_code, c.population) for c in area.communes] for area in areas],
        name_pairs(),
        demo_email,
        taken,
    )
    return DemoPlan(owners=owners, organisations=tuple(organisations), volunteers=volunteers)


def organisation_names(seed: int, areas: Sequence[Area]) -> list[str]:
    """The names of the planned organisations, in plan order (Alex's excepted)."""
    return [planned.name for planned in plan_demo(seed, areas).organisations]


# --- Reading the reference data -----------------------------------------------------------


class MissingCommunes(Exception):
    """The communes the demo needs are not in the database."""


def saint_dizier_codes(node_modules: Path | None = None) -> list[str]:
    """The member communes of the Saint-Dizier agglomeration (EPCI), from the npm data file, so
    that a boundary change arrives with the package rather than with an edit here."""
    root = Path(node_modules or settings.NODE_MODULES)
    path = root / "@etalab" / "decoupage-administratif" / "data" / "epci.json"
    epcis = json.loads(path.read_text(encoding="utf-8"))
    matches = [epci for epci in epcis if SAINT_DIZIER_EPCI_MARKER in epci["nom"]]
    if len(matches) != 1:
        raise MissingCommunes(f"Expected one EPCI named like Saint-Dizier in {path}")
    return sorted(member["code"] for member in matches[0]["membres"])


def _communes(codes: Sequence[str]) -> list[Commune]:
    communes = list(Commune.objects.filter(insee_code__in=codes))
    missing = sorted(set(codes) - {commune.insee_code for commune in communes})
    if missing:
        raise MissingCommunes(
            f"{len(missing)} communes are not loaded ({', '.join(missing[:5])}…): "
            "run `manage.py load_communes` (the whole of France) first."
        )
    return communes


def area_of(communes: Sequence[Commune], organisations: int, rejected: int) -> Area:
    """An area over these communes, leaving out a city whose arrondissements are listed
    (Paris itself: its population is theirs counted again)."""
    parents = {commune.parent_id for commune in communes if commune.parent_id}
    return Area(
        communes=tuple(
            CommuneInfo(c.insee_code, c.name, c.population, c.department_code)
            for c in sorted(communes, key=lambda c: c.insee_code)
            if c.insee_code not in parents
        ),
        organisations=organisations,
        rejected=rejected,
    )


def demo_areas(node_modules: Path | None = None) -> list[Area]:
    """The two areas of the demo, from the communes in the database."""
    saint_dizier, paris = REJECTED_PER_AREA
    return [
        area_of(
            _communes(saint_dizier_codes(node_modules)), SAINT_DIZIER_ORGANISATIONS, saint_dizier
        ),
        area_of(_communes(PARIS_CODES), PARIS_ORGANISATIONS, paris),
    ]


# --- Writing through the services ---------------------------------------------------------


@dataclass(frozen=True)
class DemoSummary:
    territories: int
    accounts: int
    organisations: int
    verified: int
    pending: int
    rejected: int
    actions: int = 0
    slots: int = 0
    participations: int = 0
    discoverable_volunteers: int = 0
    connections: int = 0
    groups: int = 0
    posts: int = 0
    aid_requests: int = 0


def demo_is_loaded() -> bool:
    return Territory.objects.filter(slug=SAINT_DIZIER_SLUG).exists()


def _create_account(
    email: str, first_name: str, last_name: str, *, superuser: bool = False, **fields: object
) -> User:
    # No password here: one hash is set for all demo accounts at the end (see load_demo).
    create = User.objects.create_superuser if superuser else User.objects.create_user
    user = create(email, None, first_name=first_name, last_name=last_name, **fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def load_demo(seed: int = 1, *, node_modules: Path | None = None) -> DemoSummary:
    """Create the demo territories, accounts and organisations in one transaction."""
    if not Commune.objects.exists():
        raise MissingCommunes("No communes loaded: run `manage.py load_communes` first.")
    areas = demo_areas(node_modules)
    plan = plan_demo(seed, areas)
    # Each service queues its e-mails (to staff, owners, invitees) with on_commit: several
    # hundred messages to made-up addresses. A backend that drops tasks, for the length of the
    # transaction and its commit, keeps them out of the queue while the services still run as
    # they do for real; deleting queued rows afterwards would depend on the queue's backend
    # and race the worker.
    no_tasks = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    with override_settings(TASKS=no_tasks), transaction.atomic():
        summary = _write(plan, saint_dizier_codes(node_modules), seed)
    return summary


def _write(plan: DemoPlan, saint_dizier_commune_codes: list[str], seed: int) -> DemoSummary:
    saint_dizier = create_territory(
        None,
        name=SAINT_DIZIER_NAME,
        slug=SAINT_DIZIER_SLUG,
        commune_codes=saint_dizier_commune_codes,
        description="La vie associative de Saint-Dizier et des communes du Der et de la Blaise.",
    )
    paris = create_territory(
        None,
        name="Paris",
        slug=PARIS_SLUG,
        commune_codes=PARIS_CODES,
        description="Les associations et les initiatives des vingt arrondissements de Paris.",
    )
    communes = {
        c.insee_code: c for c in Commune.objects.filter(territories__in=[saint_dizier, paris])
    }

    admin = _create_account(ADMIN.email, ADMIN.first_name, ADMIN.last_name, superuser=True)
    people = {
        persona.key: _create_account(
            persona.email,
            persona.first_name,
            persona.last_name,
            home_commune=communes.get(persona.home_commune or ""),
        )
        for persona in (CAMILLE, ALEX, SOPHIE, OLIVIER)
    }
    owners = [_create_account(o.email, o.first_name, o.last_name) for o in plan.owners]
    citizens = [
        _create_account(
            v.email, v.first_name, v.last_name, home_commune=communes.get(v.commune_code)
        )
        for v in plan.volunteers
    ]
    # One hash for every demo account: hashing the same published password 25 times would cost
    # about 9 seconds of PBKDF2 at every fresh start, and a shared salt protects nothing here.
    User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").update(
        password=make_password(DEMO_PASSWORD)
    )
    sophie, alex, camille = people["sophie"], people["alex"], people["camille"]
    for territory in (saint_dizier, paris):
        add_territory_staff(admin, territory, sophie)
    discoverable = write_volunteers(plan.volunteers, citizens, communes)

    jardins = create_organisation(
        alex,
        OrganisationProfile(
            name=JARDINS_NAME,
            kind=OrganisationKind.ASSOCIATION,
            short_description="Des parcelles cultivées ensemble, au cœur de Saint-Dizier.",
            description=(
                "Nous cultivons ensemble des parcelles partagées, ouvertes à tous les habitants, "
                "débutants comme jardiniers chevronnés.\n\nCe que nous faisons :\n\n"
                "- Chantiers collectifs le samedi matin ;\n- Ateliers compost et semis ;\n"
                "- Dons de légumes à l’épicerie solidaire.\n\nVenez avec vos bottes !"
            ),
            interests=(int(Interest.ENVIRONMENT), int(Interest.SOLIDARITY), int(Interest.LEISURE)),
            street_address="12 rue de la Victoire",
            website="https://example.org/jardins-partages-saint-dizier",
            rna_number="W521004321",
            commune=communes[SAINT_DIZIER_CODE],
        ),
    )
    verify_organisation(sophie, jardins)
    invitation = invite_member(alex, jardins, email=camille.email, role=Role.MEMBER)
    accept_invitation(camille, invitation)

    partner: tuple[User, Organisation] | None = None
    # The verified organisations with their owner, Jardins first: they publish the actions.
    publishers: list[tuple[Organisation, User]] = [(jardins, alex)]
    publisher_infos = [
        OrganisationInfo(
            JARDINS_NAME, (int(Interest.ENVIRONMENT),), communes[SAINT_DIZIER_CODE].name
        )
    ]
    for planned in plan.organisations:
        owner = owners[planned.owner]
        organisation = create_organisation(
            owner,
            OrganisationProfile(
                name=planned.name,
                kind=planned.kind,
                short_description=planned.short_description,
                commune=communes[planned.commune_code],
                description=planned.description,
                interests=planned.interests,
                street_address=planned.street_address,
                website=planned.website,
                rna_number=planned.rna_number,
                siren=planned.siren,
            ),
        )
        if planned.fate == Fate.VERIFIED:
            verify_organisation(sophie, organisation)
            publishers.append((organisation, owner))
            publisher_infos.append(
                OrganisationInfo(planned.name, planned.interests, organisation.commune.name)
            )
        elif planned.fate == Fate.REJECTED:
            reject_organisation(sophie, organisation, reason=planned.reason)
        if (
            partner is None
            and planned.fate == Fate.VERIFIED
            and planned.kind == OrganisationKind.ASSOCIATION
            and planned.commune_code == SAINT_DIZIER_CODE
        ):
            partner = (owner, organisation)

    if partner is not None:
        partner_owner, partner_organisation = partner
        partnership = request_partnership(
            alex,
            jardins,
            partner_organisation,
            message="Nos légumes pourraient rejoindre vos actions : travaillons ensemble !",
        )
        decide_partnership(partner_owner, partnership, accept=True)

    # Slots start tomorrow: the clock only decides where the three months begin.
    agenda_plan = plan_agenda(seed, publisher_infos, timezone.localdate() + timedelta(days=1))
    volunteers = [people["olivier"], sophie, *owners]
    agenda = write_agenda(agenda_plan, publishers, volunteers, camille)

    # The trusted network: the citizens of each territory around Camille, Alex and Olivier.
    in_paris = [v.commune_code in PARIS_CODES for v in plan.volunteers]
    network = write_network(
        seed,
        saint_dizier=saint_dizier,
        paris=paris,
        camille=camille,
        alex=alex,
        olivier=people["olivier"],
        saint_dizier_people=[c for c, p in zip(citizens, in_paris, strict=True) if not p],
        paris_people=[c for c, p in zip(citizens, in_paris, strict=True) if p],
    )

    # Each territory's charter; the named personas accepted it when they signed up.
    write_charters([saint_dizier, paris], sophie, list(people.values()))

    fates = [planned.fate for planned in plan.organisations]
    return DemoSummary(
        territories=2,
        accounts=5 + len(owners) + len(citizens),
        organisations=len(fates) + 1,
        verified=fates.count(Fate.VERIFIED) + 1,
        pending=fates.count(Fate.PENDING),
        rejected=fates.count(Fate.REJECTED),
        actions=agenda.actions,
        slots=agenda.slots,
        participations=agenda.participations,
        discoverable_volunteers=discoverable,
        connections=network.connections,
        groups=network.groups,
        posts=network.posts,
        aid_requests=network.aid_requests,
    )
