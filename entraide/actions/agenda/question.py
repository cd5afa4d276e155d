"""The agenda's question: what a person asked (`AgendaQuestion`, from the filter form or the
API, typed but not yet interpreted) and the search it becomes (`AgendaSearch`). The form and
the API both go through `AgendaQuestion.search()`, so that they agree on the defaults, the
bounds and the messages."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.core.geo import Point
from entraide.core.week import local_midnight, mask_of_half_days
from entraide.territories.models import Territory

# The agenda's pages say « 10 km si vous ne précisez pas »; the API says the same.
DEFAULT_RADIUS_KM = 10
# Dates outside these years are typing mistakes; refusing them also keeps the arithmetic on
# dates (the day after the last, time zones) far from datetime's limits.
FIRST_YEAR, LAST_YEAR = 2000, 2100
ORDERS = ("date", "distance", "relevance")


@dataclass
class AgendaSearch:
    """The agenda's filters, interpreted: what `search_agenda` and `AgendaResults` read."""

    centre: Point | None = None
    radius_km: float | None = None
    interests: list[int] = field(default_factory=list)
    skills: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    remote_only: bool = False
    minors_only: bool = False
    starts_after: datetime | None = None
    starts_before: datetime | None = None
    week_mask: int = 0
    words: str = ""
    with_places_left: bool = False
    order: str = "date"  # or "distance", or "relevance" (with words)
    territory: Territory | None = None
    organisation_id: int | None = None

    @property
    def place(self) -> tuple[Point, float] | None:
        """The centre and radius that bound the search, if any (a remote-only search has
        none)."""
        if self.centre is not None and self.radius_km and not self.remote_only:
            return self.centre, self.radius_km
        return None

    @property
    def nearest_first(self) -> bool:
        return self.order == "distance" and self.place is not None

    @property
    def closely_bounded(self) -> bool:
        """Whether a place or an organisation bounds the search's slots (a territory may be a
        region)."""
        return bool(self.organisation_id) or self.place is not None

    @property
    def narrower_than_dates(self) -> bool:
        """Whether a place, a territory or an organisation bounds the search's slots."""
        return self.territory is not None or self.closely_bounded


def year_problem(day: date) -> str | None:
    """The message for a date outside the years the agenda takes, if it is."""
    if FIRST_YEAR <= day.year <= LAST_YEAR:
        return None
    return _("Choisissez une date entre %(first)d et %(last)d.") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }


@dataclass(frozen=True)
class AgendaQuestion:
    """What a person asked the agenda, each value already of its type (the form's fields and
    the API's schema check the ranges): nothing is interpreted yet."""

    words: str = ""
    centre: Point | None = None
    radius_km: float | None = None
    interests: Sequence[int] = ()
    skills: Sequence[int] = ()
    kinds: Sequence[str] = ()
    remote_only: bool = False
    minors_only: bool = False
    with_places_left: bool = False
    first_day: date | None = None
    last_day: date | None = None
    half_days: Sequence[str] = ()  # "day-period", "1-2" is Tuesday evening
    order: str = "date"
    territory: Territory | None = None

    def problems(self) -> dict[str, str]:
        """What does not make sense in the question, by the name of the value, with the
        message for the person. The API refuses such a question; the form shows the date
        messages next to their fields, and reads an order it cannot follow as the date."""
        found: dict[str, str] = {}
        for name, day in (("from", self.first_day), ("to", self.last_day)):
            message = year_problem(day) if day is not None else None
            if message:
                found[name] = message
        if self.first_day and self.last_day and self.last_day < self.first_day:
            found.setdefault("to", _("La date de fin doit suivre la date de début."))
        if self.order == "distance" and self.centre is None:
            found["order"] = _("Le tri par distance demande un lieu.")
        if self.order == "relevance" and not self.words.strip():
            found["order"] = _("Le tri par pertinence demande des mots.")
        return found

    def search(self) -> AgendaSearch:
        """The search the question asks for: the default radius around a place, the date order
        where distance has no place or relevance no words, the first day from now on."""
        search = AgendaSearch(
            territory=self.territory,
            words=self.words,
            interests=list(self.interests),
            skills=list(self.skills),
            kinds=list(self.kinds),
            remote_only=self.remote_only,
            minors_only=self.minors_only,
            with_places_left=self.with_places_left,
            week_mask=mask_of_half_days(self.half_days),
        )
        if self.centre is not None:
            search.centre = self.centre
            search.radius_km = self.radius_km or DEFAULT_RADIUS_KM
            if self.order == "distance":
                search.order = "distance"
        if self.order == "relevance" and self.words.strip():
            search.order = "relevance"  # without words, the soonest first
        if self.first_day is not None and year_problem(self.first_day) is None:
            search.starts_after = max(timezone.now(), local_midnight(self.first_day))
        if self.last_day is not None and year_problem(self.last_day) is None:
            search.starts_before = local_midnight(self.last_day + timedelta(days=1))
        return search
