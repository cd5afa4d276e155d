"""Demo actions and slots: a plan drawn from a seed, then written through the actions' services.

`plan_agenda` is pure (same seed, organisations and first day: same plan); `write_agenda` turns
it into actions, slots and a few sign-ups by calling create_action, add_slot / add_weekly_slots,
publish_action and join_slot, as an organisation and its volunteers would from the site.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.utils.text import slugify

from entraide.accounts.models import User
from entraide.actions.enums import ActionKind
from entraide.actions.models import Action, Slot
from entraide.actions.recurrence import WeeklyRule, local_datetime
from entraide.actions.services import (
    ActionDetails,
    add_slot,
    add_weekly_slots,
    create_action,
    join_slot,
    publish_action,
)
from entraide.core.exceptions import ActionRefused
from entraide.organisations.enums import Interest
from entraide.organisations.models import Organisation

from . import agenda_vocabulary as words

HORIZON_DAYS = 91  # the next three months
ACTIONS_PER_ORGANISATION = (1, 1, 2, 2, 2, 3)
TWO_DAYS_A_WEEK_SHARE = 0.15
JITTER_DEGREES = 0.012  # about a kilometre: the actions of a commune are not all on its centre
CROWDED_SHARE = 0.12  # small slots filled to the brim, with people waiting
BUSY_SHARE = 0.2  # slots with a few people already registered
BROADCAST_KEPT = 0.25


@dataclass(frozen=True)
class OrganisationInfo:
    """What the plan needs of a verified organisation."""

    name: str
    interests: tuple[int, ...]
    commune_name: str


@dataclass(frozen=True)
class PlannedAction:
    organisation: int  # index into the organisations given to plan_agenda
    kind: str
    title: str
    description: str
    interests: tuple[int, ...]
    skills: tuple[int, ...]
    capacity: int | None
    open_to_minors: bool
    requires_approval: bool
    max_companions: int
    accessibility_notes: str
    stream_url: str
    offset: tuple[float, float]  # added to the commune's point
    weekly: WeeklyRule | None  # either a weekly rule…
    dates: tuple[tuple[date, time, time], ...]  # …or a few dates
    sign_ups: int  # people who join the first slot (more than the capacity: a waiting list)

    @property
    def is_remote(self) -> bool:
        return self.kind == ActionKind.BROADCAST


def _days_matching(first_day: date, weekdays: Sequence[int]) -> list[date]:
    return [
        day
        for day in (first_day + timedelta(days=n) for n in range(HORIZON_DAYS))
        if day.weekday() in weekdays
    ]


def _plan_action(
    rng: random.Random,
    index: int,
    organisation: OrganisationInfo,
    template: words.ActivityTemplate,
    first_day: date,
    serial: int,
) -> PlannedAction:
    hours = rng.choice(template.hours)
    capacity = None if template.capacity is None else rng.randint(*template.capacity)
    weekly: WeeklyRule | None = None
    dates: tuple[tuple[date, time, time], ...] = ()
    if template.weekly and rng.random() < 0.85:
        count = 2 if len(hours.weekdays) > 1 and rng.random() < TWO_DAYS_A_WEEK_SHARE else 1
        weekdays = frozenset(rng.sample(hours.weekdays, count))
        start_day = first_day + timedelta(days=rng.randrange(0, 14))
        until = first_day + timedelta(days=HORIZON_DAYS - 1 - rng.randrange(0, 21))
        weekly = WeeklyRule(start_day, until, weekdays, hours.start, hours.end)
    else:
        days = _days_matching(first_day, hours.weekdays)
        chosen = sorted(rng.sample(days, min(len(days), rng.randint(1, 4))))
        dates = tuple((day, hours.start, hours.end) for day in chosen)
    approval = template.requires_approval
    sign_ups = 0
    if capacity is not None and not approval:
        draw = rng.random()
        if capacity <= 6 and draw < CROWDED_SHARE:
            sign_ups = capacity + rng.randint(1, 2)
        elif draw < CROWDED_SHARE + BUSY_SHARE:
            sign_ups = rng.randint(1, max(1, capacity // 2))
    remote = template.kind == ActionKind.BROADCAST
    practical = words.ONLINE_PRACTICAL_LINES if remote else words.PRACTICAL_LINES
    description = "\n\n".join(
        [template.pitch, rng.choice(practical), f"Proposé par {organisation.name}."]
    )
    return PlannedAction(
        organisation=index,
        kind=template.kind,
        title=template.title,
        description=description,
        # The organisation's first interest, whose activities the template comes from.
        interests=(organisation.interests[0],),
        skills=tuple(int(skill) for skill in template.skills),
        capacity=capacity,
        open_to_minors=template.open_to_minors,
        requires_approval=approval,
        max_companions=template.max_companions,
        accessibility_notes="" if remote else rng.choice(("", *words.ACCESSIBILITY_NOTES)),
        stream_url=(
            f"https://example.org/live/{slugify(organisation.name)[:50]}-{serial}" if remote else ""
        ),
        offset=(
            rng.uniform(-JITTER_DEGREES, JITTER_DEGREES),
            rng.uniform(-JITTER_DEGREES, JITTER_DEGREES),
        ),
        weekly=weekly,
        dates=dates,
        sign_ups=sign_ups,
    )


def plan_agenda(
    seed: int, organisations: Sequence[OrganisationInfo], first_day: date
) -> tuple[PlannedAction, ...]:
    """The actions of the demo's verified organisations over the HORIZON_DAYS from
    `first_day`, drawn from `random.Random(seed)` alone. The first organisation is the
    demo's own association (Les Jardins partagés), whose actions are fixed."""
    rng = random.Random(f"agenda-{seed}")
    planned: list[PlannedAction] = []
    for index, organisation in enumerate(organisations):
        if index == 0:
            templates: Sequence[words.ActivityTemplate] = words.JARDINS_ACTIVITIES
        else:
            # Only the activities of the organisation's first interest, the one its name says:
            # a cat shelter's second interest (education) does not make it run homework help.
            count = rng.choice(ACTIONS_PER_ORGANISATION)
            pool = list(words.ACTIVITIES[Interest(organisation.interests[0])])
            # Live broadcasts stay a few: most organisations meet people in person.
            pool = [
                t for t in pool if t.kind != ActionKind.BROADCAST or rng.random() < BROADCAST_KEPT
            ]
            templates = rng.sample(pool, min(count, len(pool)))
        for template in templates:
            planned.append(
                _plan_action(rng, index, organisation, template, first_day, len(planned))
            )
    return tuple(planned)


@dataclass(frozen=True)
class AgendaSummary:
    actions: int
    slots: int
    participations: int


def write_agenda(
    plan: Sequence[PlannedAction],
    organisations: Sequence[tuple[Organisation, User]],
    volunteers: Sequence[User],
    camille: User,
) -> AgendaSummary:
    """Create, fill with slots and publish each planned action as its organisation's owner
    (`organisations` pairs each organisation with its owner, in plan order), then sign
    volunteers up, Camille included, so that "my agenda" and the waiting lists show."""
    actions: list[tuple[PlannedAction, Action]] = []
    slots = 0
    for planned in plan:
        organisation, owner = organisations[planned.organisation]
        point = None
        if not planned.is_remote:
            point = (
                organisation.latitude + planned.offset[0],
                organisation.longitude + planned.offset[1],
            )
        details = ActionDetails(
            kind=planned.kind,
            title=planned.title,
            description=planned.description,
            commune=organisation.commune,
            interests=planned.interests,
            skills=planned.skills,
            is_remote=planned.is_remote,
            street_address="" if planned.is_remote else organisation.street_address,
            stream_url=planned.stream_url,
            accessibility_notes=planned.accessibility_notes,
            open_to_minors=planned.open_to_minors,
            max_companions=planned.max_companions,
            requires_approval=planned.requires_approval,
            point=point,
        )
        action = create_action(owner, organisation, details)
        if planned.weekly is not None:
            slots += len(add_weekly_slots(owner, action, planned.weekly, capacity=planned.capacity))
        for day, start, end in planned.dates:
            end_day = day if end > start else day + timedelta(days=1)
            add_slot(
                owner,
                action,
                starts_at=local_datetime(day, start),
                ends_at=local_datetime(end_day, end),
                capacity=planned.capacity,
            )
            slots += 1
        publish_action(owner, action)
        actions.append((planned, action))
    return AgendaSummary(
        actions=len(actions),
        slots=slots,
        participations=_sign_up(actions, volunteers, camille),
    )


def _first_slots(action: Action, count: int) -> list[Slot]:
    return list(action.slots.order_by("starts_at", "pk")[:count])


def _join(person: User, slot: Slot) -> bool:
    try:
        join_slot(person, slot)
    except ActionRefused:  # already there: the plan may pick a person twice for one slot
        return False
    return True


def _sign_up(
    actions: Sequence[tuple[PlannedAction, Action]], volunteers: Sequence[User], camille: User
) -> int:
    joined = 0
    # Camille: the first Saturday mornings at the Jardins, a full Tuesday workshop (she waits),
    # and a request to an action that needs the organisation's approval.
    jardins = [action for planned, action in actions if planned.organisation == 0]
    chantier, compost = jardins[0], jardins[1]
    for slot in _first_slots(chantier, 3):
        joined += _join(camille, slot)
    full_compost = _first_slots(compost, 1)[0]
    for person in volunteers[: full_compost.capacity or 0]:
        joined += _join(person, full_compost)
    joined += _join(camille, full_compost)
    with_approval = next((action for planned, action in actions if planned.requires_approval), None)
    if with_approval is not None:
        joined += _join(camille, _first_slots(with_approval, 1)[0])
    # Others: each planned crowd joins its action's first slot, the late comers wait.
    for position, (planned, action) in enumerate(actions):
        if not planned.sign_ups or planned.organisation == 0:
            continue
        slot = _first_slots(action, 1)[0]
        start = position % len(volunteers)
        for step in range(min(planned.sign_ups, len(volunteers))):
            joined += _join(volunteers[(start + step) % len(volunteers)], slot)
    return joined
