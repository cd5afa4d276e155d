"""RSS 2.0 and Atom feeds of a territory's articles, all or of one interest (`?interet=N`),
read through the same public selector as the list: hidden articles are in no feed."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from entraide.editorial.models import Article
from entraide.editorial.selectors import public_articles
from entraide.organisations.enums import Interest
from entraide.territories.models import Territory
from entraide.territories.selectors import access_territory

FEED_SIZE = 30


def interest_asked(request: HttpRequest) -> int | None:
    try:
        value = int(request.GET.get("interet", ""))
    except ValueError:
        return None
    return value if value in Interest.values else None


class TerritoryArticlesRss(Feed):
    def get_object(self, request: HttpRequest, territory_slug: str) -> tuple[Territory, int | None]:
        self.request = request
        return access_territory(territory_slug), interest_asked(request)

    def title(self, obj: tuple[Territory, int | None]) -> str:
        territory, interest = obj
        if interest is None:
            return _("Les articles de %(territory)s") % {"territory": territory.name}
        return _("Les articles de %(territory)s : %(interest)s") % {
            "territory": territory.name,
            "interest": Interest(interest).label,
        }

    def link(self, obj: tuple[Territory, int | None]) -> str:
        return reverse("editorial:list", args=[obj[0].slug])

    def description(self, obj: tuple[Territory, int | None]) -> str:
        return _("Les initiatives de %(territory)s, racontées par sa rédaction.") % {
            "territory": obj[0].name
        }

    def items(self, obj: tuple[Territory, int | None]) -> list[Article]:
        territory, interest = obj
        return list(public_articles(territory, interest=interest)[:FEED_SIZE])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.standfirst

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Article) -> Any:
        return item.published_at

    def item_updateddate(self, item: Article) -> Any:
        return item.republished_at

    def item_categories(self, item: Article) -> list[str]:
        return [str(interest.label) for interest in item.interest_list]


class TerritoryArticlesAtom(TerritoryArticlesRss):
    feed_type = Atom1Feed

    def subtitle(self, obj: tuple[Territory, int | None]) -> str:
        return self.description(obj)
