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
