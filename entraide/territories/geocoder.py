"""The offline geocoder: "52100", "Saint-Dizier", "st dizier", "Paris 11e" → a commune and its
point; a point → its commune. Only commune-level: a street address lands on its commune's point."""

import hashlib
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _

from entraide.core.geo import Point, distance_km, within_radius
from entraide.core.text import normalise
from entraide.territories.enums import CommuneKind
from entraide.territories.models import Commune

POSTCODE = re.compile(r"^\d{5}$")
POSTCODE_IN_TEXT = re.compile(r"\b(\d{5})\b")
# "Paris 11e", "Paris 11", "Lyon 3e", "Marseille 1er", "paris 11eme", "Paris XIe"
ARRONDISSEMENT = re.compile(
    r"^(paris|lyon|marseille)\s+(\d{1,2}|[ivxl]+)\s*(?:e|er|eme|ieme|ème|arr|arrondissement)?\b"
)
CITY_CODES = {"paris": "751", "lyon": "6938", "marseille": "132"}
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "s": "saint"}
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}


class GeocodingError(ValueError):
    """The text names no place we know; the message says what to type instead."""


@dataclass(frozen=True)
class Place:
    commune: Commune
    point: Point
    label: str


def name_key(name: str) -> str:
    """The comparable form of a commune name: "Saint-Dizier", "ST DIZIER" → "saint dizier"."""
    words = normalise(name).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def _roman_to_int(text: str) -> int | None:
    total, previous = 0, 0
    for char in reversed(text):
        value = ROMAN.get(char)
        if value is None:
            return None
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def _place(commune: Commune) -> Place:
    return Place(
        commune=commune, point=Point(commune.latitude, commune.longitude), label=commune.name
    )


def _arrondissement(query: str) -> Commune | None:
    match = ARRONDISSEMENT.match(normalise(query))
    if not match:
        return None
    city, number_text = match.group(1), match.group(2)
    number = int(number_text) if number_text.isdigit() else _roman_to_int(number_text)
    if not number:
        return None
    code = f"{CITY_CODES[city]}{number:0{5 - len(CITY_CODES[city])}d}"
    return Commune.objects.filter(insee_code=code, kind=CommuneKind.ARRONDISSEMENT).first()


# Places found are kept in the cache: every agenda, directory and API question with a place
# asks for one, and the reference data changes only when `load_communes` runs, which calls
# `forget_places()` (up to three queries saved on every such request; docs/benchmarks.md).
PLACES_VERSION = "geocoder-places-version"
PLACE_SECONDS = 24 * 3600


def forget_places() -> None:
    """The communes changed: places found before are found again."""
    try:
        cache.incr(PLACES_VERSION)
    except ValueError:
        cache.set(PLACES_VERSION, 1, None)


def geocode(query: str) -> Place:
    """The most likely commune for a postcode, a name or an arrondissement.

    A postcode shared by several communes gives the most populous; a name shared by several
    communes too (the department can be added: "Saint-Dizier 52").
    """
    text = (query or "").strip()
    if not text or len(text) > 120:
        return _find(text)
    version = cache.get_or_set(PLACES_VERSION, 1, None)
    digest = hashlib.sha256(text.lower().encode()).hexdigest()[:32]
    key = f"geocoder-place:{version}:{digest}"
    place = cache.get(key)
    if place is None:
        place = _find(text)  # an unknown place raises, and is not kept
        cache.set(key, place, PLACE_SECONDS)
    return place


def _find(text: str) -> Place:
    if not text:
        raise GeocodingError(_("Indiquez un code postal ou le nom d’une commune."))
    if len(text) > 120:
        raise GeocodingError(
            _("Ce lieu est trop long : un code postal ou un nom de commune suffit.")
        )
    if POSTCODE.match(text):
        commune = (
            Commune.objects.filter(postcode_rows__postcode=text, kind=CommuneKind.COMMUNE)
            .order_by("-population")
            .first()
        ) or (Commune.objects.filter(postcode_rows__postcode=text).order_by("-population").first())
        if commune is None:
            raise GeocodingError(_("Le code postal %(code)s n’existe pas.") % {"code": text})
        # A Paris postcode names one arrondissement: prefer it to the whole city.
        arrondissement = Commune.objects.filter(
            postcode_rows__postcode=text, kind=CommuneKind.ARRONDISSEMENT
        ).first()
        return _place(arrondissement or commune)
    arrondissement = _arrondissement(text)
    if arrondissement is not None:
        return _place(arrondissement)
    postcode_match = POSTCODE_IN_TEXT.search(text)
    rest = POSTCODE_IN_TEXT.sub(" ", text)
    department_match = re.search(r"\b(\d{2}|2a|2b|\d{3})\s*\)?\s*$", normalise(rest))
    key = name_key(rest)
    candidates = Commune.objects.filter(name_key=key)
    if not candidates.exists() and department_match:
        key = name_key(rest[: rest.lower().rfind(department_match.group(1))])
        candidates = Commune.objects.filter(
            name_key=key, department_code=department_match.group(1).upper()
        )
    if postcode_match:
        candidates = candidates.filter(postcode_rows__postcode=postcode_match.group(1))
    commune = candidates.order_by("-population").first()
    if commune is None:
        raise GeocodingError(
            _(
                "Nous ne trouvons pas « %(query)s ». Essayez un code postal (52100) ou un nom de commune."
            )
            % {"query": text[:60]}
        )
    return _place(commune)


def commune_at(point: Point, *, within_km: float = 30) -> Commune | None:
    """The commune whose point is nearest (a Voronoi approximation of commune borders)."""
    nearby = within_radius(Commune.objects.filter(kind=CommuneKind.COMMUNE), point, within_km)
    best = nearby.order_by("distance_sq").first()
    if best is None:
        return None
    # Paris, Lyon and Marseille: answer with the arrondissement when one is nearer.
    arrondissements = list(best.arrondissements.all())
    if arrondissements:
        return min(
            arrondissements,
            key=lambda a: distance_km(point, Point(a.latitude, a.longitude)),
        )
    return best
