"""Short-lived copies of what a search shows, shared by everyone who asks the same question.

The agenda's results and its JSON are the same for every visitor who sends the same query
string: rendering them once and serving the copy for a few seconds is what lets one machine
answer a city (docs/decisions/0012). Two rules keep the copies honest:
- a change that shows in the listing (a slot saved, an action published, a sign-up) moves the
  listing's *version*, and copies are keyed by it, so the process that made the change never
  serves an older copy; other processes sharing no cache (local memory) may for at most
  `seconds`;
- nothing personal goes in a copy. A form's CSRF token is written as a placeholder and put back
  per request (`with_csrf_token`).
"""

import hashlib
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe

# What `{% csrf_token %}` writes into a shared copy. Only the whole hidden field is replaced:
# text a visitor or an organisation wrote is escaped, so it can never contain its quotes.
CSRF_PLACEHOLDER = "sharedcopycsrftokenplaceholder"
CSRF_FIELD = f'name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}"'


def _version_key(listing: str) -> str:
    return f"shared:{listing}:version"


def version_of(listing: str) -> int:
    """A number that changes whenever the listing changes; any unused number will do, so a
    version lost from the cache (evicted, restarted) is replaced without reusing an old one."""
    version = cache.get(_version_key(listing))
    if version is None:
        version = time.time_ns()
        cache.set(_version_key(listing), version, None)
    return int(version)


def listing_changed(listing: str) -> None:
    """Call where the listing changes. The version moves now and again when the transaction
    commits: a copy made from the old rows in between is left behind."""

    def move() -> None:
        cache.set(_version_key(listing), time.time_ns(), None)

    move()
    transaction.on_commit(move)


def shared_copy[T](
    listing: str, parts: tuple[object, ...], build: Callable[[], T], seconds: int
) -> T:
    """`build()`'s result for this question (`parts`: everything the answer depends on), from
    the cache when a copy of the current version is there."""
    if seconds <= 0:
        return build()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"shared:{listing}:{version_of(listing)}:{digest}"
    found: T | None = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, seconds)
    return found


def with_csrf_token(html: str, request: HttpRequest) -> SafeString:
    """The shared copy with this visitor's own CSRF token (and its cookie set, as
    `{% csrf_token %}` would)."""
    if CSRF_FIELD not in html:
        return mark_safe(html)  # noqa: S308 - rendered by our templates, autoescaped
    field = f'name="csrfmiddlewaretoken" value="{get_token(request)}"'
    return mark_safe(html.replace(CSRF_FIELD, field))  # noqa: S308 - idem, the token is alphanumeric
