"""Calendar feeds: what a public feed holds and its validators; a person's private feed.

Public feeds (a territory's, an organisation's) are fetched whole by calendar applications every
hour or so: they hold the next FEED_DAYS days, at most FEED_EVENTS slots, and say in their
description where the rest is. Their ETag is a fingerprint of the rows they show, read without
building a single event, so an unchanged feed costs one narrow query and a 304 (decision 0022).

The private feed's token is its only secret (calendar applications cannot log in), so revoking
it means replacing it: the old URL answers 404 from that moment on."""

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from entraide.accounts.models import User
from entraide.actions.agenda import AgendaResults, AgendaSearch
from entraide.actions.models import CalendarFeed, Slot
from entraide.core.audit import log_action

FEED_DAYS = 30
FEED_EVENTS = 200
# Bump when calendar.slot_event writes something else: the same rows then give other bytes.
FEED_FORMAT = 2
# How long the moment an ETag was first served is remembered (Last-Modified). A forgotten one
# starts again from now: a client then downloads the feed once more, never misses a change.
LAST_MODIFIED_SECONDS = 30 * 24 * 3600


@dataclass(frozen=True)
class PublicFeed:
    slot_ids: list[int]
    etag: str  # quoted, as sent in the header
    last_modified: datetime


def public_feed(scope: str, search: AgendaSearch, *, name: str, description: str) -> PublicFeed:
    """The feed's slots (the search's, from now on for FEED_DAYS days, FEED_EVENTS at most,
    soonest first) and its validators. The ETag covers every row the events are written from:
    a slot moved, added, unlisted or dropped out of the window, an action or its organisation
    edited (their `updated_at`), the calendar's name and description, the language."""
    now = timezone.now()
    window = replace(search, starts_after=now, starts_before=now + timedelta(days=FEED_DAYS))
    # Read as the agenda reads (its bounded reads, not the planners' guesses), then the
    # columns the events and the ETag are written from, in the same order.
    found = AgendaResults(window, dense_above=FEED_EVENTS).ranked_ids(FEED_EVENTS)
    columns = {
        row[0]: row
        for row in Slot.objects.filter(pk__in=[match.slot_id for match in found]).values_list(
            "pk", "starts_at", "ends_at", "action__updated_at", "action__organisation__updated_at"
        )
    }
    rows = [columns[match.slot_id] for match in found if match.slot_id in columns]
    parts = (FEED_FORMAT, name, description, get_language(), settings.SITE_URL, rows)
    etag = f'"{hashlib.sha256(repr(parts).encode()).hexdigest()[:32]}"'
    return PublicFeed([row[0] for row in rows], etag, _first_served(scope, etag, now))


def _first_served(scope: str, etag: str, now: datetime) -> datetime:
    """When this feed started to look as it does: the Last-Modified of its current ETag. It
    only moves forward, by a whole second at least (HTTP dates have no fraction), so a client
    holding an older date is never told nothing changed. Kept in the cache: processes sharing
    none (local memory) each keep their own dates, later than the first, which only costs a
    download."""
    key = f"calendar-feed:{scope}"
    known: tuple[str, datetime] | None = cache.get(key)
    if known is not None and known[0] == etag:
        return known[1]
    since = now.replace(microsecond=0)
    if known is not None:
        since = max(since, known[1] + timedelta(seconds=1))
    cache.set(key, (etag, since), LAST_MODIFIED_SECONDS)
    return since


def feed_slots(slot_ids: list[int]) -> list[Slot]:
    """The slots of a public feed, with what their events show, soonest first."""
    slots = Slot.objects.filter(pk__in=slot_ids).select_related(
        "action", "action__organisation", "action__commune", "commune"
    )
    return list(slots.order_by("starts_at", "pk"))


def calendar_feed_of(person: User) -> CalendarFeed | None:
    """The person's own feed, for their settings page (the URL is shown to them alone)."""
    return CalendarFeed.objects.filter(person=person).first()


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def enable_calendar_feed(actor: User) -> CalendarFeed:
    """The person's feed, created on first use; an existing feed keeps its URL."""
    if not actor.is_authenticated:
        raise PermissionDenied
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(person=actor).first()
        if feed is not None:
            return feed
        feed = CalendarFeed.objects.create(person=actor, token=_new_token())
        log_action(actor, "actions.calendar_feed.enabled", feed)
    return feed


def renew_calendar_feed(actor: User) -> CalendarFeed:
    """A new secret URL; the old one stops working at once (a leaked link is revoked so)."""
    if not actor.is_authenticated:
        raise PermissionDenied
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(person=actor).first()
        if feed is None:
            feed = CalendarFeed(person=actor)
        feed.token = _new_token()
        if feed.pk is None:
            feed.save()
        else:
            feed.save(update_fields=["token", "created_at"])
        log_action(actor, "actions.calendar_feed.renewed", feed)
    return feed


def disable_calendar_feed(actor: User) -> None:
    """No private feed any more: its URL answers 404."""
    if not actor.is_authenticated:
        raise PermissionDenied
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(person=actor).first()
        if feed is None:
            return
        log_action(actor, "actions.calendar_feed.disabled", feed)
        feed.delete()
