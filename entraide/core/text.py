"""User text: Markdown rendered and sanitised, and the normal form used for word search."""

import re
import unicodedata
from functools import lru_cache

import nh3
import snowballstemmer
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to show: no raw HTML, no script, links made nofollow."""
    html = _markdown.render(text or "")
    # Headings of user text sit below the page's own h1/h2.
    html = re.sub(r"<(/?)h[12]>", r"<\1h3>", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
    )


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalise(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: "Saint-Étienne" → "saint etienne"."""
    text = strip_accents(text or "").lower().replace("œ", "oe").replace("æ", "ae")
    return " ".join(re.findall(r"[a-z0-9]+", text))


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("french")


def search_words(text: str) -> list[str]:
    """Words of a text as they are indexed and searched: unaccented then French-stemmed,
    so "bénévoles", "Bénévole" and "benevole" meet on the same word."""
    return _stemmed(_words_of(text))


# Words a search leaves out unless it has no other: as word starts, "de" or "la" would ask for
# nearly every document (and cost the word index its selectivity).
STOP_WORDS = frozenset({
    "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "en", "et", "la", "le", "les",
    "leur", "leurs", "ou", "par", "pour", "sa", "se", "ses", "son", "sur", "un", "une",
})  # fmt: skip


def query_words(text: str) -> list[str]:
    """The words of a search, as `search_words` gives them, without the little words."""
    words = _words_of(text)
    return _stemmed([word for word in words if word not in STOP_WORDS] or words)


def query_terms(text: str) -> list[tuple[str, str]]:
    """The words of a search as (stem, word as typed, unaccented), without the little words.

    A document word matches a term when it *is* the stem, or when it *starts with the word as
    typed*. A prefix of the stem alone reached too far: "semis" stems to "sem", which starts
    "semaine"; "atel" (a word still being typed) keeps finding "atelier"."""
    words = _words_of(text)
    words = [word for word in words if word not in STOP_WORDS] or words
    return list(zip(_stemmed(words), words, strict=True))


# How much a query word found in an action counts for « pertinence »: the title weighs more
# than the description (a word of the title outranks any of the description), a word as typed
# more than another word of its stem. Words found elsewhere (the commune, the labels) count 0.
TITLE_WEIGHT = 4
EXACT_WORD, SAME_STEM = 2, 1


def relevance(terms: list[tuple[str, str]], title: str, description: str) -> int:
    """The relevance of a text to the terms of `query_terms`, higher first."""
    score = 0
    for weight, text in ((TITLE_WEIGHT, title), (1, description)):
        words = set(_words_of(text))
        for stem, typed in terms:
            if typed in words:
                score += weight * EXACT_WORD
            elif any(word.startswith(typed) or _stem_of(word) == stem for word in words):
                score += weight * SAME_STEM
    return score


@lru_cache(maxsize=65_536)
def _stem_of(word: str) -> str:
    # Descriptions share most of their words: each is stemmed once.
    return _stemmer().stemWord(word)


def _words_of(text: str) -> list[str]:
    return [word for word in normalise(text).split() if len(word) > 1]


def _stemmed(words: list[str]) -> list[str]:
    stemmer = _stemmer()
    return [stemmer.stemWord(word) for word in words]


# No French word is longer (anticonstitutionnellement: 25 letters); a longer run of letters is
# not a word anyone searches, and an index entry of PostgreSQL must stay under 2,704 bytes.
MAX_WORD_LENGTH = 50


def search_document(*parts: str, limit: int | None = None) -> str:
    """The text stored beside an object for word search: its stemmed words, space-framed so that
    a query word matches word starts only (`LIKE '% word%'`). Runs of letters longer than any
    word are left out; with `limit`, the words that fit in `limit` characters (the document is
    ASCII: as many bytes), for a document kept in an index entry."""
    text = " ".join(str(part) for part in parts)
    words = sorted({word for word in search_words(text) if len(word) <= MAX_WORD_LENGTH})
    if limit is not None:
        kept, length = [], 1
        for word in words:
            length += len(word) + 1
            if length > limit:
                break
            kept.append(word)
        words = kept
    return " " + " ".join(words) + " " if words else ""
