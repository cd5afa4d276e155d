"""Writes for a person's private calendar feed: the secret URL is created, replaced or removed.

The token is the only secret of the feed (calendar applications cannot log in), so revoking it
means replacing it: the old URL answers 404 from that moment on."""

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction

from entraide.accounts.models import User
from entraide.actions.models import CalendarFeed
from entraide.core.audit import log_action


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
