"""Sections that an app adds to a page of an app it builds on: the next actions on a territory's
home and on an organisation's page, the newest associations on the home. An app imports the
apps it builds on, never the other way round (ARCHITECTURE.md), so the page's own app cannot
read them: each app registers its sections when it loads (`register_page_section` in its
`ready()`), and the page's view asks for them by the page's name."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

TERRITORY_HOME = "territories.home"
# The site's own home lists the territories; its sections are asked once per territory shown.
SITE_HOME = "territories.choose"
ORGANISATION_PAGE = "organisations.detail"
MEMBER_PAGE = "accounts.member"
ACTION_PAGE = "actions.detail"


@dataclass(frozen=True)
class PageSection:
    page: str
    order: int  # the smallest first
    template_name: str
    # What the section shows, from the request and the page's object (a territory, an
    # organisation); each section names its own variables.
    context: Callable[[HttpRequest, Any], dict[str, Any]]


PAGE_SECTIONS: list[PageSection] = []


def register_page_section(section: PageSection) -> None:
    if all(known.template_name != section.template_name for known in PAGE_SECTIONS):
        PAGE_SECTIONS.append(section)
        PAGE_SECTIONS.sort(key=lambda known: (known.page, known.order))


def sections_of(page: str, request: HttpRequest, shown: Any) -> dict[str, Any]:
    """The page's context additions: `section_templates` in their order, and each section's
    own variables."""
    context: dict[str, Any] = {"section_templates": []}
    for section in PAGE_SECTIONS:
        if section.page == page:
            context.update(section.context(request, shown))
            context["section_templates"].append(section.template_name)
    return context
