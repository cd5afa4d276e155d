from typing import Any

from django.http import Http404

from entraide.accounts.models import User


def access_member(viewer: Any, user_id: int) -> User:
    """A member's public page: active people only; what it shows is their public side."""
    user = User.objects.filter(pk=user_id, is_active=True).select_related("home_commune").first()
    if user is None:
        raise Http404
    return user
