from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from entraide.core.notifications import unread_count


def platform(request: HttpRequest) -> dict[str, Any]:
    """What every page's layout needs: the current territory (set by the territory views) and
    the bell's unread count (one indexed count, only when a page shows it)."""
    user = getattr(request, "user", None)
    unread: Any = 0
    if user is not None and user.is_authenticated:
        unread = SimpleLazyObject(lambda: unread_count(user))
    return {
        "current_territory": getattr(request, "territory", None),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "unread_notifications": unread,
    }
