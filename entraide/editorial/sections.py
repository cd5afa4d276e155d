"""The sections the local media adds to the pages of the apps below it
(core.page_sections): the featured and latest articles on a territory's front page, and the
latest article of each territory on the site's home. Their variables are named `editorial_*`:
the sections of a page share one context."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from entraide.core.page_sections import (
    SITE_HOME,
    TERRITORY_HOME,
    PageSection,
    register_page_section,
)
from entraide.editorial.selectors import featured_articles, latest_article
from entraide.territories.models import Territory

FRONT_PAGE_ARTICLES = 3


def feeds_of(territory: Territory) -> dict[str, str]:
    """The territory's feeds, for a page's `<link rel="alternate">` (editorial/feed_links.html)."""
    return {
        "rss": reverse("editorial:rss", args=[territory.slug]),
        "atom": reverse("editorial:atom", args=[territory.slug]),
    }


def territory_home_context(request: HttpRequest, territory: Territory) -> dict[str, Any]:
    return {
        "editorial_featured": featured_articles(territory, FRONT_PAGE_ARTICLES),
        "editorial_territory": territory,
        "editorial_feeds": feeds_of(territory),
    }


def site_home_context(request: HttpRequest, territory: Territory) -> dict[str, Any]:
    return {"editorial_latest": latest_article(territory), "editorial_territory": territory}


def register_sections() -> None:
    register_page_section(
        PageSection(
            page=TERRITORY_HOME,
            order=5,
            template_name="editorial/territory_home_section.html",
            context=territory_home_context,
        )
    )
    register_page_section(
        PageSection(
            page=SITE_HOME,
            order=5,
            template_name="editorial/site_home_section.html",
            context=site_home_context,
        )
    )
