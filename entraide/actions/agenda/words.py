"""The word lookup: which actions hold a search's words, asked once per search.

The words are matched on the same unaccented, French-stemmed words on both databases: FTS5 on
SQLite, the (word, action) index on PostgreSQL (docs/decisions/0005, 0010, 0014, 0026). How the
matching actions then reach the slot query depends on how many there are (docs/decisions/0013
and docs/benchmarks.md):
- up to `FEW_ACTIONS`, action by action through the slots' action index;
- up to `LISTED_ACTIONS` (the vendor's), as a list of ids tested on the index entries the
  place and dates chose: PostgreSQL hashes an array of constants, SQLite an IN list;
- beyond (a word in most actions), as a subquery.
The planners cannot be trusted with the subquery: they underestimate how many slots the place
and dates leave, and loop over them re-reading each action's words."""

from typing import Any

from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

from entraide.actions.agenda.sql import any_of
from entraide.actions.models import Slot
from entraide.core.geo import BoundingBox
from entraide.core.text import query_terms

FEW_ACTIONS = 200
LISTED_ACTIONS = {"postgresql": 20_000, "sqlite": 5_000}
# With nothing narrower than the dates, a list of ids is tested on the date index in date order
# until a count and a page are found: for a word held by 0.1 % of the actions ("Calais", 201
# of 200,000), most of the index (231 ms on PostgreSQL). The action index reads only those
# actions' slots (11 ms), and stays the cheaper way up to about a thousand actions.
FEW_ACTIONS_EVERYWHERE = 1_000
# More words than this are typing, not a question: the first ones are enough.
MOST_TERMS = 8


class WordLookup:
    """The actions holding every word of one search (its stem, or a word starting as it was
    typed: `core.text.query_terms`), read once and kept for the several queries the search
    makes: the first read, the narrower circles or dates of the same search."""

    def __init__(self, words: str) -> None:
        self.terms: list[tuple[str, str]] = query_terms(words)[:MOST_TERMS]
        # The matching actions within a box (None: everywhere), or None where there are more
        # than can be listed. SQLite's FTS5 knows no place: only the None key there.
        self._found: dict[BoundingBox | None, list[int] | None] = {}
        # One word too common to list everywhere is not counted again for a narrower circle.
        self._too_common = False

    def __bool__(self) -> bool:
        return bool(self.terms)

    def only_common_words(self) -> bool:
        """Whether every lookup so far found the words in too many actions to read them action
        by action (true with no words): the date index then leads (`reading`)."""
        return all(
            actions is None or len(actions) > FEW_ACTIONS_EVERYWHERE
            for actions in self._found.values()
        )

    def filter(self, slots: QuerySet[Slot], *, box: BoundingBox | None, few: int) -> QuerySet[Slot]:
        """`slots` whose action holds every word. `box` (the search's place, on PostgreSQL) may
        leave out the actions placed outside it: the slots are filtered by their place anyway.
        Up to `few` actions, their slots are read through the action index."""
        if not self.terms:
            return slots
        actions = self._actions_within(box)
        if actions is not None and len(actions) <= few:
            return slots.filter(action_id__in=actions)
        if actions is not None and connection.vendor == "postgresql":
            # One array constant, that PostgreSQL hashes; `+ 0` keeps it off the action index.
            return slots.filter(any_of('("actions_slot"."action_id" + 0)', actions, "bigint"))
        # `action_id + 0` keeps the planners from starting at the action index (a row lookup
        # per slot of thousands of actions); the id is read from the covering index.
        slots = slots.alias(action_unindexed=F("action_id") + 0)
        if actions is not None:
            return slots.filter(action_unindexed__in=actions)
        matching, params = self._matching_sql(None)
        return slots.filter(action_unindexed__in=RawSQL(matching, params))  # noqa: S611 - constant SQL, words as a parameter

    def _actions_within(self, box: BoundingBox | None) -> list[int] | None:
        if connection.vendor != "postgresql":
            box = None
        if box not in self._found:
            if self._too_common:
                self._found[box] = None
            else:
                # Everywhere, one word is counted first: a word in most actions is then not read
                # but joined as a subquery; the box would make the index walk every entry of such
                # a word to leave most of them out.
                counted = self._matching_sql(None) if self._counted_first() else None
                listed = LISTED_ACTIONS.get(connection.vendor, LISTED_ACTIONS["sqlite"])
                found = _actions_holding(*self._matching_sql(box), listed, counted=counted)
                self._found[box] = found
                self._too_common = found is None and counted is not None
        return self._found[box]

    def _counted_first(self) -> bool:
        return connection.vendor == "postgresql" and len(self.terms) == 1

    def _matching_sql(self, box: BoundingBox | None) -> tuple[str, list[Any]]:
        if connection.vendor == "postgresql":
            return actions_holding_words_sql(self.terms, box)
        query = " AND ".join(_fts5_term(stem, typed) for stem, typed in self.terms)
        return "SELECT rowid FROM actions_action_fts WHERE actions_action_fts MATCH %s", [query]


def _actions_holding(
    matching: str, params: list[Any], listed: int, *, counted: tuple[str, list[Any]] | None = None
) -> list[int] | None:
    """The ids `matching` selects, each once, or None when there are more than `listed`, or
    more than `listed` rows of `counted` (a superset of `matching`, counted first so that a word
    in most actions is not sent back and forth; several words intersect to fewer, and would
    be intersected twice)."""
    with connection.cursor() as cursor:
        if counted is not None:
            cursor.execute(
                f"SELECT count(*) FROM ({counted[0]} LIMIT {listed + 1}) AS matching",  # noqa: S608 - constant SQL
                counted[1],
            )
            if cursor.fetchone()[0] > listed:
                return None
        cursor.execute(f"{matching} LIMIT {listed + 1}", params)
        # A word start may match several words of one action: each action once.
        actions = list(dict.fromkeys(row[0] for row in cursor.fetchall()))
    return actions if len(actions) <= listed else None


def _fts5_term(stem: str, typed: str) -> str:
    """SQLite: the stem as a word, or a word starting as typed (one prefix when they agree)."""
    if typed == stem:
        return f'"{stem}"*'
    return f'("{stem}" OR "{typed}"*)'


def actions_holding_words_sql(
    terms: list[tuple[str, str]], box: BoundingBox | None = None
) -> tuple[str, list[Any]]:
    """PostgreSQL: the ids of the actions holding each term (its stem as a word, or a word
    starting as typed; placed within `box` if given), from the (word, action) index alone,
    whose last columns hold the action's point (docs/decisions/0015); a term may list an action
    more than once. The two ways of a term are a UNION ALL of two index ranges: an OR would make
    PostgreSQL combine bitmaps and visit the table."""
    exact = "SELECT action_id FROM actions_actionword WHERE word = %s"
    prefix = "SELECT action_id FROM actions_actionword WHERE word LIKE %s"
    place: list[Any] = []
    if box is not None:
        exact += " AND latitude BETWEEN %s AND %s AND longitude BETWEEN %s AND %s"
        prefix += " AND latitude BETWEEN %s AND %s AND longitude BETWEEN %s AND %s"
        place = [box.min_latitude, box.max_latitude, box.min_longitude, box.max_longitude]
    parts: list[str] = []
    params: list[Any] = []
    for stem, typed in terms:
        pattern = like_prefix(typed)
        if typed == stem:
            parts.append(prefix)
            params += [pattern, *place]
        elif typed.startswith(stem):
            # One index range, the stem's (as before the rule), the rule checked on the index
            # key: a UNION ALL as a subquery made PostgreSQL probe it once per slot, 32 s for
            # « bénévoles » near Rennes at full size. Written on `word || ''`, the rule is a
            # filter on the range's entries: as plain `word` the planner made a bitmap of its
            # two sides and visited the table (« maraude » counted: 107 → 9 ms; 0026).
            parts.append(f"{prefix} AND ((word || '') = %s OR (word || '') LIKE %s)")
            params += [like_prefix(stem), *place, stem, pattern]
        else:
            parts.append(f"({exact} UNION ALL {prefix})")
            params += [stem, *place, pattern, *place]
    if len(parts) == 1:
        if parts[0].startswith("("):  # a UNION ALL: its own parentheses are not needed alone
            return parts[0][1:-1], params
        return parts[0], params
    return " INTERSECT ".join(
        f"({part})" if not part.startswith("(") else part for part in parts
    ), params


def like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
