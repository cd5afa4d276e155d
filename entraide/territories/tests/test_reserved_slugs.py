"""A territory's slug is the first segment of its pages' paths (docs/decisions/0001): a slug
that another app's pages start with would hide the territory behind them."""

from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver

from entraide.territories.services import RESERVED_SLUGS


def _first_segments(patterns: list, prefix: str = "") -> set[str]:
    segments: set[str] = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver) and not route:
            segments |= _first_segments(pattern.url_patterns, route)
            continue
        first = route.lstrip("^").split("/", 1)[0]
        if first and "<" not in first and isinstance(pattern, URLPattern | URLResolver):
            segments.add(first)
    return segments


def test_every_fixed_first_segment_of_the_site_is_a_reserved_slug():
    segments = _first_segments(get_resolver().url_patterns)

    assert segments - RESERVED_SLUGS - {"sw.js", "manifest.webmanifest"} == set()
