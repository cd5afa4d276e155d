"""Reads of mutual aid. `access_aid_request` is the only way from an id in a URL to a request;
what the viewer may not see is a 404 whose text names nothing. The lists filter by reach first:
a person sees the requests whose reach holds them, never anybody else's reach."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.aid import rules
from entraide.aid.audience import blocked_with
from entraide.aid.enums import AidKind, AidStatus
from entraide.aid.models import AidAnswer, AidReach, AidRequest
from entraide.core.geo import Point, with_distance, within_radius


def not_found() -> Http404:
    return Http404(_("Cette demande n’existe pas, ou elle ne vous est pas parvenue."))


def access_aid_request(viewer: Any, pk: int) -> tuple[AidRequest, AidReach | None]:
    """The request and the viewer's reach row (None for the author): 404 for anybody it did
    not reach, for anyone blocked with its author, and for a withdrawn or hidden one but to its
    author (who reads « masquée par la modération »)."""
    if not rules.is_logged_in(viewer):
        raise not_found()
    request = AidRequest.objects.select_related("commune", "author").filter(pk=pk).first()
    if request is None:
        raise not_found()
    reach = None if rules.is_author(viewer, request) else rules.reach_of(viewer, request)
    if not rules.can_see_aid_request(viewer, request, reach):
        raise not_found()
    if request.hidden_at is not None and reach is not None:
        raise not_found()
    return request, reach


def point_of(person: User) -> Point | None:
    """Where a person stands for distances: their home commune, the only place we know."""
    commune = person.home_commune
    if commune is None:
        return None
    return Point(commune.latitude, commune.longitude)


def requests_reaching(
    viewer: User, *, kind: str | None = None, within_km: float | None = None
) -> "QuerySet[AidReach]":
    """The circulating requests and offers that reached the viewer, newest first (the
    aid_reach_of_person index), of one kind if asked, within a distance of the viewer's
    commune if they have one (each row annotated with `distance_sq` then). Authors blocked
    with the viewer either way are left out."""
    rows = (
        AidReach.objects.filter(
            person=viewer,
            request__status=AidStatus.OPEN,
            request__ends_at__gt=timezone.now(),
            request__hidden_at__isnull=True,
        )
        .select_related("request", "request__commune", "request__author")
        .order_by("-reached_at", "-id")
    )
    if kind in AidKind.values:
        rows = rows.filter(request__kind=kind)
    blocked = blocked_with(viewer.pk)
    if blocked:
        rows = rows.exclude(request__author_id__in=blocked)
    centre = point_of(viewer)
    if centre is not None:
        prefix = "request__commune__"
        if within_km:
            rows = within_radius(rows, centre, within_km, prefix=prefix)
        else:
            rows = with_distance(rows, centre, prefix=prefix)
    return rows


def my_aid_requests(author: User) -> "QuerySet[AidRequest]":
    """The author's own requests, newest first, whatever their status."""
    return (
        AidRequest.objects.filter(author=author)
        .select_related("commune")
        .order_by("-created_at", "-pk")
    )


def answers_to(request: AidRequest) -> "QuerySet[AidAnswer]":
    """For the author only (the view checks): the people who answered, to choose whom to
    thank. They chose to write to the author; the conversation already names them."""
    return AidAnswer.objects.filter(request=request).select_related("helper").order_by("pk")


def answer_of(helper: User, request: AidRequest) -> AidAnswer | None:
    return AidAnswer.objects.filter(request=request, helper=helper).first()
