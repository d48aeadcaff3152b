"""Coordinates from the gazetteer (``pipeline.geo``) and the map's view over a real crawl."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pipeline import geo

# Poland's bounding box, generously
LAT, LON = (48.9, 55.0), (14.0, 24.2)


def in_poland(point: tuple[float, float] | None) -> bool:
    return point is not None and LAT[0] <= point[0] <= LAT[1] and LON[0] <= point[1] <= LON[1]


@pytest.mark.parametrize("city", ["Lublin", "Łódź", "lodz", "Zamość", "Nowy Sącz",
                                  "Bielsko-Biała", "Jelenia Góra", "Sandomierz"])
def test_polish_cities_are_in_poland(city: str) -> None:
    assert in_poland(geo.coordinates(city))


def test_a_village_is_found_and_namesakes_follow_the_region() -> None:
    # several villages are called Lipnica; the region picks one of them
    poland, _ = geo._gazetteer()
    namesakes = poland[geo.key("Lipnica")]
    regions = {r for _, _, r, _ in namesakes if r}
    assert len(regions) >= 2
    for region in regions:
        lat, lon = geo.coordinates("Lipnica", region)
        assert (lat, lon) in {(a, b) for a, b, r, _ in namesakes if r == region}


def test_cities_abroad_and_unknown_names() -> None:
    brussels = geo.coordinates("Brussels")
    assert brussels is not None and not in_poland(brussels)
    assert 50 < brussels[0] < 51.5 and 4 < brussels[1] < 5
    assert geo.coordinates("Nowhere-upon-Nothing") is None
    assert geo.coordinates(None) is None


def test_the_crawl_placed_every_city_and_the_map_shows_the_on_site_events(
        sample_db: Path) -> None:
    conn = sqlite3.connect(f"file:{sample_db}?mode=ro", uri=True)
    cities = conn.execute("select distinct city, region from events "
                          "where city is not null and is_event = 1").fetchall()
    places = {(c, r): (lat, lon) for c, r, lat, lon in conn.execute(
        "select city, region, latitude, longitude from places")}
    assert set(cities) <= set(places)
    assert all(places[(c, r)] == geo.coordinates(c, r) or places[(c, r)] == (None, None)
               for c, r in cities)
    want = {r[0] for r in conn.execute(
        "select u.id from upcoming_events u join places p on p.city = u.city "
        "and coalesce(p.region, '') = coalesce(u.region, '') "
        "where u.attendance_mode in ('offline', 'mixed') and p.latitude is not null")}
    rows = conn.execute("select id, latitude, longitude, popup from upcoming_map").fetchall()
    conn.close()
    assert want and {r[0] for r in rows} == want
    assert all(f'"/events/events/{r[0]}"' in r[3] for r in rows)
