"""The people, the slot and the checks shared by the capacity tests (services and HTTP).

The checks recompute everything from the rows, never from the counter they check:
`Slot.seats_taken` must equal the seats held by confirmed and offered participations, never
exceed the capacity, and each freed seat must have been offered to exactly one waiting person,
in the order of the waiting list."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from entraide.accounts.models import User
from entraide.actions.enums import SEATED_STATUSES, ParticipationStatus
from entraide.actions.models import Participation, Slot
from entraide.core.models import AuditEntry

_PASSWORD_HASH = make_password("motdepasse-solide-42")


def make_citizens(count: int, prefix: str = "citoyen") -> list[User]:
    """`count` active accounts in one query (the hash computed once: hashing 200 passwords would
    take most of the test's time)."""
    return User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{n}@example.org", first_name=f"Citoyen{n}", password=_PASSWORD_HASH
            )
            for n in range(count)
        ]
    )


def statuses(slot: Slot) -> Counter[str]:
    return Counter(Participation.objects.filter(slot=slot).values_list("status", flat=True))


def queue(slot: Slot) -> list[Participation]:
    """Every participation of the slot in the order of the waiting list (first come first)."""
    return list(Participation.objects.filter(slot=slot).order_by("created_at", "pk"))


def offered_ids(slot: Slot) -> list[int]:
    """The participations that were offered (or automatically given) a freed place, read from
    the audit log in the order of the offers: one entry per offer."""
    entries = AuditEntry.objects.filter(
        action__in=["actions.waitlist.offered", "actions.waitlist.confirmed"]
    ).order_by("pk")
    return [entry.data["participation"] for entry in entries if entry.data.get("slot") == slot.pk]


@dataclass(frozen=True)
class SeatCheck:
    seats_taken: int
    seats_held: int  # recomputed from the rows
    capacity: int


def check_seats(slot: Slot) -> SeatCheck:
    slot.refresh_from_db()
    held = sum(
        1 + companions
        for companions in Participation.objects.filter(
            slot=slot, status__in=SEATED_STATUSES
        ).values_list("companions", flat=True)
    )
    assert slot.capacity is not None
    return SeatCheck(seats_taken=slot.seats_taken, seats_held=held, capacity=slot.capacity)


def freed_seats(slot: Slot, seated_before: Iterable[int]) -> int:
    """Seats given back by cancellations: of people who held a place when the race began, or
    who were offered one during it (a cancellation while still waiting frees nothing)."""
    holders = set(seated_before) | set(offered_ids(slot))
    return sum(
        p.seats
        for p in Participation.objects.filter(
            slot=slot, pk__in=holders, status=ParticipationStatus.CANCELLED
        )
    )


def offers_out_of_order(slot: Slot, seated_before: Iterable[int]) -> list[int]:
    """People still waiting although someone behind them in the queue got an offer (everyone
    here takes one seat, so the order must hold strictly)."""
    seated = set(seated_before)
    waiting_order = [p for p in queue(slot) if p.pk not in seated]
    offered = set(offered_ids(slot))
    positions = [i for i, p in enumerate(waiting_order) if p.pk in offered]
    last_offered = max(positions, default=-1)
    return [
        p.pk for p in waiting_order[:last_offered] if p.status == ParticipationStatus.WAITLISTED
    ]
