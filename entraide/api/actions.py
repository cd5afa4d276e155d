"""GET /api/v1/actions: the agenda as JSON, with the agenda's filters, and one action.

The query is validated by a pydantic schema before anything reaches the database: every value
has a range or a format, unknown parameters are refused with a 400 (a typo such as `interests=1` would
otherwise be silently ignored), and dates must be written YYYY-MM-DD (pydantic's lax mode would
also take a Unix timestamp). The public API shows what an anonymous visitor sees."""

import math
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer
from pydantic import BeforeValidator, ConfigDict, StringConstraints, WithJsonSchema, model_validator

from entraide.actions import selectors
from entraide.actions.agenda import (
    DEFAULT_RADIUS_KM,
    AgendaQuestion,
    AgendaResults,
    AgendaSearch,
    year_problem,
)
from entraide.actions.agenda_version import AGENDA
from entraide.actions.enums import ActionKind, Skill
from entraide.actions.models import Action, Slot
from entraide.core.geo import Point
from entraide.core.pagination import COUNT_CAP
from entraide.core.shared_pages import shared_copy
from entraide.organisations.enums import Interest
from entraide.organisations.models import Organisation
from entraide.territories.geocoder import GeocodingError, geocode
from entraide.territories.models import Commune
from entraide.territories.selectors import access_territory

# As on the action's page: the next slots, not a year of a weekly action.
DETAIL_SLOTS_LIMIT = 50

router = Router(tags=["actions"])

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        if not ISO_DATE.match(value):
            raise ValueError(_("date attendue au format AAAA-MM-JJ (par exemple 2026-05-14)"))
        parsed = date.fromisoformat(value)  # ValueError (a 422) for 2026-13-45
        problem = year_problem(parsed)
        if problem:
            raise ValueError(problem)
        return parsed
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
HalfDay = Annotated[str, StringConstraints(pattern=r"^[0-6]-[0-2]$")]
# The enums' docstrings are notes for developers: the schema shows codes and labels instead.
InterestCode = Annotated[
    Interest,
    WithJsonSchema({"type": "integer", "enum": Interest.values,
                    "description": ", ".join(f"{i.value} {i.label}" for i in Interest)}),
]  # fmt: skip
SkillCode = Annotated[
    Skill,
    WithJsonSchema({"type": "integer", "enum": Skill.values,
                    "description": ", ".join(f"{s.value} {s.label}" for s in Skill)}),
]  # fmt: skip


class ActionFilters(Schema):
    """The agenda's filters. `when` is a half-day of the week, "day-period": day 0 (Monday) to
    6 (Sunday), period 0 (morning), 1 (afternoon) or 2 (evening); "1-2" is Tuesday evening."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    near: str | None = Field(None, max_length=120, description="Code postal ou commune.")
    lat: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    lon: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False)
    radius_km: float = Field(DEFAULT_RADIUS_KM, ge=1, le=200, allow_inf_nan=False)
    interest: list[InterestCode] = Field(default_factory=list)
    skill: list[SkillCode] = Field(default_factory=list)
    kind: list[ActionKind] = Field(default_factory=list)
    remote: bool = False
    minors: bool = False
    places: bool = Field(False, description="Seulement les créneaux où il reste des places.")
    from_date: IsoDate | None = Field(None, alias="from")
    to_date: IsoDate | None = Field(None, alias="to")
    when: list[HalfDay] = Field(default_factory=list)
    q: str = Field("", max_length=200)
    order: Literal["date", "distance", "relevance"] = Field(
        "date",
        description="« relevance » : les mots du titre d’abord, puis ceux de la description, "
        "un mot tel qu’écrit avant un mot de même racine, parmi les 1 001 créneaux les plus "
        "proches dans le temps.",
    )
    territory: str | None = Field(None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")
    page: int = Field(1, ge=1, le=1000)
    page_size: int = Field(20, ge=1, le=100)

    @model_validator(mode="after")
    def _consistent(self) -> "ActionFilters":
        if (self.lat is None) != (self.lon is None):
            raise ValueError(_("lat et lon vont ensemble"))
        if self.near and self.lat is not None:
            raise ValueError(_("indiquez near ou lat/lon, pas les deux"))
        if self.from_date and self.to_date and self.to_date < self.from_date:
            raise ValueError(_("la date « to » précède la date « from »"))
        return self


FILTER_NAMES = {field.alias or name for name, field in ActionFilters.model_fields.items()}


class Labelled(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")

    code: int
    label: str


class OrganisationOut(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")

    name: str
    slug: str
    url: str


class CommuneOut(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")

    insee_code: str
    name: str


class SlotOut(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")

    slot_id: int
    action_id: int
    title: str
    kind: str
    organisation: OrganisationOut
    starts_at: datetime
    ends_at: datetime
    commune: CommuneOut
    is_remote: bool
    latitude: float | None
    longitude: float | None
    distance_km: float | None
    interests: list[Labelled]
    skills: list[Labelled]
    places_left: int | None = Field(description="null : sans limite")
    capacity: int | None
    url: str


class SlotPage(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")

    count: int
    count_is_capped: bool  # true: more than `count` results, counted no further
    page: int
    page_size: int
    pages: int
    items: list[SlotOut]


class ActionSlotOut(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")

    slot_id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int | None
    places_left: int | None


class ActionOut(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")

    action_id: int
    title: str
    kind: str
    status: str
    description: str
    organisation: OrganisationOut
    commune: CommuneOut
    is_remote: bool
    latitude: float | None
    longitude: float | None
    open_to_minors: bool
    accessibility_notes: str
    interests: list[Labelled]
    skills: list[Labelled]
    slots: list[ActionSlotOut]
    url: str


class ErrorOut(Schema):
    detail: Any


def _labels(items: list[Interest] | list[Skill]) -> list[Labelled]:
    return [Labelled(code=int(item.value), label=str(item.label)) for item in items]


def _organisation(request: HttpRequest, organisation: Organisation) -> OrganisationOut:
    return OrganisationOut(
        name=organisation.name,
        slug=organisation.slug,
        url=request.build_absolute_uri(organisation.get_absolute_url()),
    )


def _commune(commune: Commune) -> CommuneOut:
    return CommuneOut(insee_code=commune.insee_code, name=commune.name)


def _local(moment: datetime) -> datetime:
    """ISO 8601 with the local offset (+01:00 or +02:00), as people read the time."""
    return timezone.localtime(moment)


def _slot_out(request: HttpRequest, slot: Slot) -> SlotOut:
    action = slot.action
    distance = slot.distance_km
    return SlotOut(
        slot_id=slot.pk,
        action_id=action.pk,
        title=action.title,
        kind=action.kind,
        organisation=_organisation(request, action.organisation),
        starts_at=_local(slot.starts_at),
        ends_at=_local(slot.ends_at),
        commune=_commune(slot.commune),
        is_remote=action.is_remote,
        latitude=None if action.is_remote else action.latitude,
        longitude=None if action.is_remote else action.longitude,
        distance_km=round(distance, 2) if distance is not None else None,
        interests=_labels(action.interest_list),
        skills=_labels(action.skill_list),
        places_left=slot.places_left,
        capacity=slot.capacity,
        url=request.build_absolute_uri(action.get_absolute_url()),
    )


def agenda_search(filters: ActionFilters) -> AgendaSearch:
    """The validated filters as the agenda's question, then its search, as the agenda's form
    builds it; a place or territory we cannot find, or an order the question cannot follow,
    is a 400."""
    centre: Point | None = None
    if filters.near:
        try:
            centre = geocode(filters.near).point
        except GeocodingError as error:
            raise HttpError(400, str(error)) from error
    elif filters.lat is not None and filters.lon is not None:
        centre = Point(filters.lat, filters.lon)
    territory = None
    if filters.territory:
        try:
            territory = access_territory(filters.territory)
        except Http404:
            raise HttpError(
                400, _("Le territoire « %(slug)s » n’existe pas.") % {"slug": filters.territory}
            ) from None
    question = AgendaQuestion(
        words=filters.q,
        centre=centre,
        radius_km=filters.radius_km,
        interests=[int(i) for i in filters.interest],
        skills=[int(s) for s in filters.skill],
        kinds=[str(k) for k in filters.kind],
        remote_only=filters.remote,
        minors_only=filters.minors,
        with_places_left=filters.places,
        first_day=filters.from_date,
        last_day=filters.to_date,
        half_days=filters.when,
        order=filters.order,
        territory=territory,
    )
    problems = question.problems()
    if problems:
        raise HttpError(400, next(iter(problems.values())))
    return question.search()


@router.get(
    "/actions",
    response={200: SlotPage, 400: ErrorOut},
    summary="Les prochains créneaux des actions publiées, filtrés comme l’agenda",
)
def list_actions(request: HttpRequest, filters: Query[ActionFilters]) -> HttpResponse:
    # ninja reads only the declared parameters: refuse the others, a typo must not pass unseen.
    unknown = sorted(set(request.GET) - FILTER_NAMES)
    if unknown:
        raise HttpError(400, _("Paramètre inconnu : %(names)s.") % {"names": ", ".join(unknown)})
    if (filters.page - 1) * filters.page_size >= COUNT_CAP:
        raise HttpError(
            400,
            _("Seuls les %(cap)d premiers résultats sont servis : précisez la recherche.")
            % {"cap": COUNT_CAP},
        )
    # Public and the same for everyone: one copy per question, as the agenda page
    # (core/shared_pages.py); the host is part of it since the links are absolute. A place or
    # territory we cannot find is a 400, raised while building, so never shared.
    question = (request.get_host(), request.scheme, get_language(), sorted(request.GET.lists()))
    content = shared_copy(
        AGENDA,
        question,
        lambda: _slot_page_json(request, filters),
        settings.ENTRAIDE_AGENDA_SHARED_SECONDS,
    )
    return HttpResponse(content, content_type="application/json; charset=utf-8")


def _slot_page_json(request: HttpRequest, filters: ActionFilters) -> str:
    search = agenda_search(filters)
    slots = AgendaResults(search)
    counted = slots.count_up_to(COUNT_CAP)
    count = min(counted, COUNT_CAP)
    start = (filters.page - 1) * filters.page_size
    items = [_slot_out(request, slot) for slot in slots[start : start + filters.page_size]]
    page = SlotPage(
        count=count,
        count_is_capped=counted > COUNT_CAP,
        page=filters.page,
        page_size=filters.page_size,
        pages=max(1, math.ceil(count / filters.page_size)),
        items=items,
    )
    # Written as ninja would write the SlotPage, so that the copy can be served as it is.
    return JSONRenderer().render(request, page.model_dump(by_alias=True), response_status=200)


@router.get("/actions/{action_id}", response={200: ActionOut, 404: ErrorOut})
def get_action(request: HttpRequest, action_id: int) -> ActionOut:
    action: Action = selectors.access_action(AnonymousUser(), action_id)
    slots = selectors.upcoming_slots_of(action)[:DETAIL_SLOTS_LIMIT]
    return ActionOut(
        action_id=action.pk,
        title=action.title,
        kind=action.kind,
        status=action.status,
        description=action.description,
        organisation=_organisation(request, action.organisation),
        commune=_commune(action.commune),
        is_remote=action.is_remote,
        latitude=None if action.is_remote else action.latitude,
        longitude=None if action.is_remote else action.longitude,
        open_to_minors=action.open_to_minors,
        accessibility_notes=action.accessibility_notes,
        interests=_labels(action.interest_list),
        skills=_labels(action.skill_list),
        slots=[
            ActionSlotOut(
                slot_id=slot.pk,
                starts_at=_local(slot.starts_at),
                ends_at=_local(slot.ends_at),
                capacity=slot.capacity,
                places_left=slot.places_left,
            )
            for slot in slots
        ],
        url=request.build_absolute_uri(action.get_absolute_url()),
    )
