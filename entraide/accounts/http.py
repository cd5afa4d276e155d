from django.http import HttpRequest

from entraide.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """The request type of views behind @login_required: `user` is a real person."""

    user: User
