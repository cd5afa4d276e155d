"""The agenda search: the question a person asks (`question`), the words it looks up
(`words`), the query it becomes (`query`) and the way its results are read (`reading`).
Everything that lists slots as the agenda does (the pages, the API, the feeds, the
volunteers' suggestions, the homes) goes through these names."""

from entraide.actions.agenda.query import search_agenda, territory_commune_ids
from entraide.actions.agenda.question import (
    DEFAULT_RADIUS_KM,
    FIRST_YEAR,
    LAST_YEAR,
    AgendaQuestion,
    AgendaSearch,
    year_problem,
)
from entraide.actions.agenda.reading import AgendaResults, Ranked, with_listing_details

__all__ = [
    "DEFAULT_RADIUS_KM",
    "FIRST_YEAR",
    "LAST_YEAR",
    "AgendaQuestion",
    "AgendaResults",
    "AgendaSearch",
    "Ranked",
    "search_agenda",
    "territory_commune_ids",
    "with_listing_details",
    "year_problem",
]
