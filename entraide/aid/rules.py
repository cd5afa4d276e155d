"""Who may do what with a request for help. One condition per line; the services raise with a
message where these say no, the views and templates read them to show the right forms."""

from entraide.accounts.models import User
from entraide.aid.enums import AidStatus
from entraide.aid.models import MAX_HOPS, AidReach, AidRelay, AidRequest
from entraide.community.rules import is_blocked_between


def is_logged_in(viewer: object) -> bool:
    return bool(getattr(viewer, "is_authenticated", False))


def is_author(viewer: object, request: AidRequest) -> bool:
    return is_logged_in(viewer) and getattr(viewer, "pk", None) == request.author_id


def reach_of(viewer: object, request: AidRequest) -> AidReach | None:
    """The viewer's reach row: how the request came to them (their hop), if it did."""
    if not is_logged_in(viewer):
        return None
    return AidReach.objects.filter(request=request, person_id=getattr(viewer, "pk", None)).first()


def can_see_aid_request(viewer: object, request: AidRequest, reach: AidReach | None) -> bool:
    """The author, or a person it reached who is not blocked with the author either way (a
    block made after the request reached them hides it too). A withdrawn request is its
    author's alone."""
    if is_author(viewer, request):
        return True
    if reach is None or request.status == AidStatus.WITHDRAWN:
        return False
    return not is_blocked_between(reach.person_id, request.author_id)


def may_relay_further(reach: AidReach) -> bool:
    """A relay reaches the relayer's hop + 1, which may not pass MAX_HOPS."""
    return reach.hops < MAX_HOPS


def has_relayed(person: User, request: AidRequest) -> bool:
    return AidRelay.objects.filter(request=request, relayer=person).exists()


def can_relay(viewer: User, request: AidRequest, reach: AidReach | None) -> bool:
    return (
        reach is not None
        and request.is_circulating
        and not is_author(viewer, request)
        and may_relay_further(reach)
    )


def can_answer(viewer: User, request: AidRequest, reach: AidReach | None) -> bool:
    return reach is not None and request.is_circulating and not is_author(viewer, request)
