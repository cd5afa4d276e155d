from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from entraide.accounts import rules
from entraide.accounts.models import User


def access_member(viewer: User | AnonymousUser, user_id: int) -> User:
    """A member's public page: active people only, and only for a viewer with a reason to meet
    them (accounts.rules); 404 otherwise, so nobody can list people by walking the ids."""
    user = User.objects.filter(pk=user_id, is_active=True).select_related("home_commune").first()
    if user is None or not rules.can_view_member(viewer, user):
        raise Http404
    return user
