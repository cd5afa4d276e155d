"""Demo citizens with volunteer profiles: a plan drawn from a seed, written through the
volunteers' services, so that the association-side volunteer search finds people in both
territories.

`plan_volunteers` is pure (same seed and communes: same plan); `write_volunteers` saves each
profile as its person would from the profile page (`save_volunteer_profile`: the profile, the
choice to be found, recorded as a consent, and no dated period).
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from entraide.accounts.models import User
from entraide.actions.enums import Skill
from entraide.core.week import bit
from entraide.organisations.enums import Interest
from entraide.territories.models import Commune
from entraide.volunteers.services import ProfileDetails, save_volunteer_profile

VOLUNTEERS_PER_AREA = 20
DISCOVERABLE_SHARE = 0.7  # the others keep their profile to themselves (« actions pour moi »)

# Half-days people give (day, period): evenings after work, Wednesday afternoons, weekends…
WEEK_HABITS = (
    ((0, 2), (1, 2), (3, 2)),
    ((2, 1), (5, 0)),
    ((5, 0), (5, 1), (6, 0)),
    ((0, 0), (1, 0), (2, 0), (3, 0), (4, 0)),
    ((1, 1), (3, 1)),
    ((4, 2), (5, 1)),
)
PRESENTATIONS = (
    "Retraitée, j’ai du temps en semaine et j’aime le contact avec les gens.",
    "Étudiant, disponible le week-end pour donner un coup de main.",
    "Je travaille à temps partiel et je cherche une action près de chez moi.",
    "Ancien cuisinier, je peux aider pour les repas et l’organisation.",
    "Jardinière amatrice, j’aime transmettre ce que je sais.",
    "Parent de deux enfants, disponible le mercredi après-midi.",
    "Je parle anglais et espagnol ; je peux aider à l’accueil.",
    "Nouveau dans le quartier, j’aimerais rencontrer des voisins en étant utile.",
)


@dataclass(frozen=True)
class PlannedVolunteer:
    first_name: str
    last_name: str
    email: str
    commune_code: str
    interests: tuple[int, ...]
    skills: tuple[int, ...]
    week_mask: int
    travel_km: int
    presentation: str
    discoverable: bool


def plan_volunteers(
    seed: int,
    areas: Sequence[Sequence[tuple[str, int]]],
    names: Sequence[tuple[str, str]],
    email_of: Callable[[str, str], str],
    taken_emails: set[str],
) -> tuple[PlannedVolunteer, ...]:
    """VOLUNTEERS_PER_AREA people per area (its communes as (INSEE code, population), where
    they live in proportion to population), named from `names` (first, last) without taking
    an address already in `taken_emails`."""
    rng = random.Random(f"volunteers-{seed}")
    free = [(first, last) for first, last in names if email_of(first, last) not in taken_emails]
    chosen = iter(rng.sample(free, VOLUNTEERS_PER_AREA * len(areas)))
    planned = []
    for communes in areas:
        codes = [code for code, _ in communes]
        weights = [max(population, 1) for _, population in communes]
        city = len(communes) > 1 and all(code.startswith("751") for code in codes)
        for _ in range(VOLUNTEERS_PER_AREA):
            first, last = next(chosen)
            habit = rng.choice(WEEK_HABITS)
            week_mask = 0
            for day, period in habit:
                week_mask |= bit(day, period)
            planned.append(
                PlannedVolunteer(
                    first_name=first,
                    last_name=last,
                    email=email_of(first, last),
                    commune_code=rng.choices(codes, weights=weights)[0],
                    interests=tuple(
                        sorted(int(i) for i in rng.sample(list(Interest), rng.randint(1, 3)))
                    ),
                    skills=tuple(
                        sorted(int(s) for s in rng.sample(list(Skill), rng.randint(1, 3)))
                    ),
                    week_mask=week_mask,
                    # Across Paris a few kilometres; around Saint-Dizier people drive.
                    travel_km=rng.choice((3, 5, 8) if city else (10, 15, 25)),
                    presentation=rng.choice(PRESENTATIONS),
                    discoverable=rng.random() < DISCOVERABLE_SHARE,
                )
            )
    return tuple(planned)


def write_volunteers(
    planned: Sequence[PlannedVolunteer],
    people: Sequence[User],
    communes: dict[str, Commune],
) -> int:
    """Save each planned person's profile (`people` in plan order) as they would; returns how
    many chose to be found."""
    for volunteer, person in zip(planned, people, strict=True):
        save_volunteer_profile(
            person,
            ProfileDetails(
                home_commune=communes[volunteer.commune_code],
                interests=volunteer.interests,
                skills=volunteer.skills,
                week_mask=volunteer.week_mask,
                travel_km=volunteer.travel_km,
                presentation=volunteer.presentation,
            ),
            discoverable=volunteer.discoverable,
            periods=[],
        )
    return sum(volunteer.discoverable for volunteer in planned)
