"""The Datasette catalogue, exercised through a real Datasette over a real offline crawl.

Datasette runs in-process (its ASGI client) with exactly what ``eufunds serve`` passes:
metadata.yml, the immutable database, ``pipeline.cli.SETTINGS``. The sample events change as
portals are added, so every check compares Datasette's answer with SQL or Python over the
same database, never with hard-coded counts.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import feedparser
import httpx
import pytest
import yaml
from datasette.app import Datasette
from icalendar import Calendar

from pipeline.cli import METADATA, PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, datasette_args
from pipeline.record import FIELD_NAMES
from pipeline.views import VIEWS

WARSAW = ZoneInfo("Europe/Warsaw")
FACETS = ("source", "city", "region", "languages", "attendance_mode", "event_type", "status",
          "start_month")
#: The events table's default facets: cheap, indexed ones (the rest on request); the page's
#: language (pl, en, sk, cs, de, lt: issue 12) among them.
DEFAULT_FACETS = ("event_type", "page_language")
#: Query string asking the events table for every facet.
ALL_FACETS = {"_facet": [f for f in FACETS if f != "languages"], "_facet_array": "languages"}
CURRENT = "is_event = 1"

Get = Callable[..., httpx.Response]


def load_metadata() -> dict[str, Any]:
    return yaml.safe_load(METADATA.read_text(encoding="utf-8"))


def make_datasette(db: Path, feeds_dir: Path | None = None) -> Datasette:
    """A Datasette configured as ``eufunds serve`` configures it."""
    return Datasette(
        [],
        immutables=[str(db)],
        metadata=load_metadata(),
        settings=SETTINGS,
        cors=True,
        static_mounts=[("feeds", str(feeds_dir))] if feeds_dir else None,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )


@pytest.fixture(scope="module")
def get(sample_db: Path) -> Iterator[Get]:
    """GET a path from the catalogue (one event loop for the whole module)."""
    ds = make_datasette(sample_db)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(ds.invoke_startup())

    def _get(path: str, **params: Any) -> httpx.Response:
        return loop.run_until_complete(ds.client.get(path, params=params or None))

    yield _get
    loop.close()


@pytest.fixture(scope="module")
def db(sample_db: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{sample_db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


def current(db: sqlite3.Connection) -> str:
    """SQL condition of an event the catalogue shows once (mirrors pipeline.views._current)."""
    cols = {r[1] for r in db.execute("pragma table_xinfo(events)")}
    return " and ".join(
        [CURRENT] + [f"{c} is null" for c in ("missing_since", "duplicate_of") if c in cols]
    )


def warsaw_today() -> str:
    return datetime.now(WARSAW).date().isoformat()


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in rows]


def fold(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def words(text: str | None) -> set[str]:
    return set(re.findall(r"\w+", fold(text or "")))


# --------------------------------------------------------------------------- the crawl


def test_the_sample_crawl_gave_events(db: sqlite3.Connection) -> None:
    assert db.execute(f"select count(*) from events where {current(db)}").fetchone()[0] > 0


# --------------------------------------------------------------------------- metadata


def test_every_visible_table_view_and_column_is_described(
    get: Get, db: sqlite3.Connection
) -> None:
    meta = load_metadata()
    assert meta["title"] and meta["license"] and meta["license_url"] and meta["source"]
    assert "Europe/Warsaw" in meta["description_html"]
    tables_meta = meta["databases"]["events"]["tables"]
    info = get("/events.json").json()
    visible = [t["name"] for t in info["tables"] if not t["hidden"]]
    visible += [v["name"] if isinstance(v, dict) else v for v in info["views"]]
    assert "events" in visible and "upcoming_events" in visible
    undocumented = []
    for name in visible:
        tmeta = tables_meta.get(name) or {}
        if not (tmeta.get("description") or tmeta.get("description_html")):
            undocumented.append(name)
        described = tmeta.get("columns") or {}
        for row in db.execute(f"pragma table_xinfo([{name}])"):
            if row[1] not in described or not described[row[1]]:
                undocumented.append(f"{name}.{row[1]}")
    assert not undocumented, f"describe these in metadata.yml: {undocumented}"


def test_event_column_descriptions_cover_the_record_schema() -> None:
    columns = load_metadata()["databases"]["events"]["tables"]["events"]["columns"]
    assert set(FIELD_NAMES) <= set(columns)
    for name in ("start", "end", "registration_deadline"):
        assert "Warsaw" in columns[name] or "same form as start" in columns[name]


def test_instance_settings_are_production_settings(get: Get) -> None:
    settings = get("/-/settings.json").json()
    assert settings["sql_time_limit_ms"] == SETTINGS["sql_time_limit_ms"] <= 5000
    assert settings["max_returned_rows"] == SETTINGS["max_returned_rows"] <= 1000
    assert settings["default_cache_ttl"] >= 300
    databases = get("/-/databases.json").json()
    assert [d["is_mutable"] for d in databases if d["name"] == "events"] == [False]
    response = get("/events/events.json")
    assert "max-age=" in response.headers.get("cache-control", "")
    assert response.headers.get("access-control-allow-origin") == "*"


def test_serve_arguments_are_immutable_with_the_same_settings(sample_db: Path) -> None:
    args = datasette_args(sample_db)
    assert args[:3] == ["serve", "-i", str(sample_db.resolve())]
    assert "--metadata" in args
    assert "--cors" not in args  # CORS only when the operator asks for it
    assert "--cors" in datasette_args(sample_db, cors=True)
    pairs = {args[i + 1]: args[i + 2] for i, a in enumerate(args) if a == "--setting"}
    assert pairs["sql_time_limit_ms"] == str(SETTINGS["sql_time_limit_ms"])
    assert pairs["default_cache_ttl"] == str(SETTINGS["default_cache_ttl"])


def test_nothing_writes(get: Get) -> None:
    for name, query in load_metadata()["databases"]["events"]["queries"].items():
        assert not query.get("write"), f"canned query {name} writes"
    response = get("/events.json", sql="delete from events")
    assert response.status_code == 400
    assert get("/events/events.json", _shape="array", _size="1").status_code == 200


# --------------------------------------------------------------------------- the table


def test_table_page_html_with_facets_search_and_links(get: Get, db: sqlite3.Connection) -> None:
    response = get("/events/events")
    assert response.status_code == 200
    page = response.text
    assert "One row per event announcement" in page  # the table's description
    assert 'name="_search"' in page
    for facet in FACETS:
        assert f'data-column="{facet}"' in page, facet
    # links back to the portal's page (which rows are on the first page of 50 depends on
    # the order the sources' crawls finished in: any current event's address counts)
    urls = [r[0] for r in db.execute(f"select url from events where {current(db)} "
                                     "and url is not null")]
    assert urls and any(f'href="{url}"' in page for url in urls)


def test_table_json_shape_array_is_sorted_by_start(get: Get, db: sqlite3.Connection) -> None:
    rows = get("/events/events.json", _shape="array", _size="max").json()
    assert isinstance(rows, list) and rows
    assert set(FIELD_NAMES) <= set(rows[0])
    expected = [r[0] for r in db.execute("select id from events order by start is null, start, "
                                         "rowid limit 1000")]
    assert sorted(ids(rows)) == sorted(expected)
    starts = [r["start"] for r in rows if r["start"] is not None]
    assert starts == sorted(starts)


def test_row_page_links_back_to_the_source_page(get: Get, db: sqlite3.Connection) -> None:
    event_id, url, title = db.execute(
        f"select id, url, title from events where {current(db)} and url is not null"
    ).fetchone()
    page = get(f"/events/events/{event_id}").text
    assert f'href="{url}"' in page
    assert title.split()[0] in page


def test_upcoming_view_is_next_first_and_matches_sql(get: Get, db: sqlite3.Connection) -> None:
    rows = get("/events/upcoming_events.json", _shape="array", _size="max").json()
    today = warsaw_today()
    expected = [
        r["id"] for r in db.execute(
            f"""select id from events where {current(db)} and start is not null
                and coalesce("end", start) >= ? order by start, rowid""", [today])
    ]
    assert sorted(ids(rows)) == sorted(expected)
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)


def test_warsaw_clock_agrees_with_zoneinfo(db: sqlite3.Connection) -> None:
    now_local, today, offset = db.execute("select * from warsaw_clock").fetchone()
    now = datetime.now(WARSAW)
    sql_now = datetime.fromisoformat(now_local).replace(tzinfo=WARSAW)
    assert abs(sql_now - now) < timedelta(minutes=2)
    assert today == now.date().isoformat() or abs(sql_now - now) < timedelta(minutes=2)
    expected = now.utcoffset()
    assert offset == ("+02:00" if expected == timedelta(hours=2) else "+01:00")


@pytest.mark.parametrize(
    "utc, offset",
    [("2026-03-29 00:59:00", "+01:00"), ("2026-03-29 01:00:00", "+02:00"),
     ("2026-10-25 00:59:00", "+02:00"), ("2026-10-25 01:00:00", "+01:00"),
     ("2027-07-01 12:00:00", "+02:00"), ("2027-01-15 12:00:00", "+01:00")],
)
def test_warsaw_clock_summer_time_rule(utc: str, offset: str) -> None:
    # The view's SQL, with 'now' pinned: the EU rule must match zoneinfo at the edges.
    sql = VIEWS["warsaw_clock"].replace("'now'", f"'{utc}'")
    now_local, _today, got = sqlite3.connect(":memory:").execute(sql).fetchone()
    assert got == offset
    aware = datetime.fromisoformat(utc + "+00:00").astimezone(WARSAW)
    assert now_local == aware.strftime("%Y-%m-%dT%H:%M")


# --------------------------------------------------------------------------- search


def test_search_ignores_case_and_polish_diacritics(get: Get, db: sqlite3.Connection) -> None:
    texts = {
        r["id"]: words(" ".join(filter(None, (r["title"], r["summary"], r["body"]))))
        for r in db.execute("select id, title, summary, body from events")
    }
    # a word with Polish letters (ł first: FTS5 itself does not fold it), searched bare
    raw = " ".join(
        filter(None, (v for r in db.execute("select title, summary, body from events")
                      for v in r))
    )
    polish = sorted({w for w in re.findall(r"\w+", raw) if re.search("[łŁ]", w)}, key=len)
    polish += sorted({w for w in re.findall(r"\w+", raw) if re.search("[ąćęńóśźżĄĆĘŃÓŚŹŻ]", w)},
                     key=len)
    assert polish, "the sample site has no Polish letters?"
    for query in ("szkolenie", "SZKOLENIE", polish[0], fold(polish[0]), polish[-1],
                  fold(polish[-1]).upper()):
        rows = get("/events/events.json", _search=query, _shape="array", _size="max").json()
        expected = {i for i, ws in texts.items() if fold(query) in ws}
        assert set(ids(rows)) == expected, query


def test_lodz_finds_lodz(tmp_path: Path) -> None:
    """The ł case on a record stored the way the crawl stores it (FTS5 alone misses it)."""
    from pipeline import store
    from pipeline.record import empty_record, event_id

    url = "https://example.org/spotkanie-lodz"
    record = empty_record()
    record.update(id=event_id(url), url=url, source="test", is_event=True,
                  title="Spotkanie informacyjne w Łodzi", summary="Zapraszamy do Łodzi.",
                  body="Szkolenie odbędzie się w Łódź Fabryczna.", start="2030-01-10T10:00")
    db_path = tmp_path / "events.db"
    conn = store.open_db(db_path)
    store.upsert_event(conn, record)
    conn.conn.close()
    ds = make_datasette(db_path)

    async def search(q: str) -> list[dict[str, Any]]:
        response = await ds.client.get("/events/events.json",
                                       params={"_search": q, "_shape": "array"})
        return response.json()

    async def run() -> None:
        for q in ("lodz", "Łódź", "LODZ", "łodzi", "lodzi", "szkolenie", "Fabryczna"):
            assert ids(await search(q)) == [record["id"]], q
        assert await search("warszawa") == []

    asyncio.run(run())


def test_search_canned_query(get: Get, db: sqlite3.Connection) -> None:
    word = "szkolenie"
    rows = get("/events/search.json", q=word, _shape="array").json()
    expected = {
        r["id"] for r in db.execute(f"select id, title, summary, body from events where "
                                    f"{current(db)}")
        if word in words(" ".join(filter(None, (r["title"], r["summary"], r["body"]))))
    }
    assert set(ids(rows)) == expected
    prefixed = get("/events/search.json", q="Szkol*", _shape="array").json()
    assert set(ids(prefixed)) == {
        r["id"] for r in db.execute(f"select id, title, summary, body from events where "
                                    f"{current(db)}")
        if any(w.startswith("szkol")
               for w in words(" ".join(filter(None, (r["title"], r["summary"], r["body"])))))
    }
    for odd in ('"', "a OR*", "*", "NEAR(", "-"):
        assert get("/events/search.json", q=odd, _shape="array").status_code == 200, odd
    everything = get("/events/search.json", _shape="array").json()
    upcoming = get("/events/upcoming_events.json", _shape="array", _size="max").json()
    assert set(ids(everything)) == set(ids(upcoming))


# --------------------------------------------------------------------------- facets


def test_default_facets_are_the_cheap_ones_and_upcoming_has_them_all(get: Get) -> None:
    results = get("/events/events.json", _size="0").json()["facet_results"]
    assert set(results) == set(DEFAULT_FACETS)
    # asking for a default facet again computes (and shows) it once (our plugin)
    asked = get("/events/events.json", _size="0", _facet=["event_type", "status"]).json()
    assert set(asked["facet_results"]) == {*DEFAULT_FACETS, "status"}
    counts = [{(r["value"], r["count"]) for r in data["event_type"]["results"]}
              for data in (asked["facet_results"], results)]
    assert counts[0] == counts[1]
    upcoming = get("/events/upcoming_events.json", _size="0").json()["facet_results"]
    assert set(FACETS) <= set(upcoming)
    page = get("/events/events").text
    assert "_facet_array=languages" in page  # the description links the full set


def test_configured_facets_count_what_sql_counts(get: Get, db: sqlite3.Connection) -> None:
    data = get("/events/events.json", _size="0", **ALL_FACETS).json()
    results = data["facet_results"]
    assert set(FACETS) <= set(results)
    for facet in ("source", "status", "start_month", "attendance_mode"):
        got = {r["value"]: r["count"] for r in results[facet]["results"]}
        want = {
            v: n for v, n in db.execute(
                f"select {facet}, count(*) from events where {facet} is not null group by 1")
        }
        assert got == want, facet
    languages = {r["value"]: r["count"] for r in results["languages"]["results"]}
    for code, n in languages.items():
        assert n == db.execute(
            "select count(*) from events, json_each(events.languages) where value = ?", [code]
        ).fetchone()[0]


def test_following_a_facet_filters_the_rows(get: Get, db: sqlite3.Connection) -> None:
    data = get("/events/events.json", _size="0", **ALL_FACETS).json()
    chosen = data["facet_results"]["source"]["results"][0]
    toggle = httpx.URL(chosen["toggle_url"])
    params = {**dict(toggle.params), "_shape": "array", "_size": "max"}
    rows = get(toggle.path, **params).json()
    assert len(rows) == chosen["count"]
    assert {r["source"] for r in rows} == {chosen["value"]}
    lang = data["facet_results"]["languages"]["results"][0]["value"]
    rows = get("/events/events.json", languages__arraycontains=lang, _shape="array",
               _size="max").json()
    assert rows and all(lang in json.loads(r["languages"]) for r in rows)


# --------------------------------------------------------------------------- canned queries


def canned_queries() -> list[str]:
    return list(load_metadata()["databases"]["events"]["queries"])


def test_there_are_the_promised_canned_queries() -> None:
    queries = load_metadata()["databases"]["events"]["queries"]
    assert {"upcoming", "registration_closing", "in_language", "near_city", "changed_since",
            "search", "feed", "calendar"} <= set(queries)
    for name, query in queries.items():
        assert query.get("title"), name
        assert query.get("description") or query.get("description_html"), name


@pytest.mark.parametrize("name", canned_queries())
def test_every_canned_query_answers_without_parameters(get: Get, name: str) -> None:
    response = get(f"/events/{name}.json", _shape="array")
    assert response.status_code == 200, response.text[:500]
    assert isinstance(response.json(), list)
    assert get(f"/events/{name}").status_code == 200  # the HTML form page


def test_upcoming_query_matches_sql(get: Get, db: sqlite3.Connection) -> None:
    rows = get("/events/upcoming.json", _shape="array").json()
    expected = [r[0] for r in db.execute(
        f"""select id from events where {current(db)} and start is not null
            and coalesce("end", start) >= ? order by start""", [warsaw_today()])]
    assert sorted(ids(rows)) == sorted(expected)
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)
    source = db.execute("select source from events limit 1").fetchone()[0]
    rows = get("/events/upcoming.json", _shape="array", from_date="2000-01-01",
               until_date="2100-12-31", source=source).json()
    assert sorted(ids(rows)) == sorted(r[0] for r in db.execute(
        f"select id from events where {current(db)} and start is not null and source = ?",
        [source]))


def test_registration_closing_matches_python(get: Get, db: sqlite3.Connection) -> None:
    now = datetime.now(WARSAW).strftime("%Y-%m-%dT%H:%M")
    for days in (14, 3650):
        rows = get("/events/registration_closing.json", _shape="array", days=str(days)).json()
        last_day = (datetime.now(WARSAW).date() + timedelta(days=days)).isoformat()
        expected = []
        for r in db.execute(f"select id, registration_deadline as d, status from events "
                            f"where {current(db)} and registration_deadline is not null"):
            end = r["d"] + "T23:59" if len(r["d"]) == 10 else r["d"]
            if r["status"] != "cancelled" and end >= now and r["d"][:10] <= last_day:
                expected.append(r["id"])
        assert sorted(ids(rows)) == sorted(expected), days
        deadlines = [r["registration_deadline"] for r in rows]
        assert deadlines == sorted(deadlines)


def test_in_language_matches_python(get: Get, db: sqlite3.Connection) -> None:
    upcoming = {
        r["id"]: json.loads(r["languages"] or "[]") for r in db.execute(
            f"""select id, languages from events where {current(db)} and start is not null
                and coalesce("end", start) >= ?""", [warsaw_today()])
    }
    for code in ("pl", "PL", "en", "pso"):
        rows = get("/events/in_language.json", language=code, _shape="array").json()
        assert sorted(ids(rows)) == sorted(i for i, ls in upcoming.items() if code.lower() in ls)
    rows = get("/events/in_language.json", _shape="array").json()
    assert sorted(ids(rows)) == sorted(
        i for i, ls in upcoming.items() if any(code != "pl" for code in ls))


def test_near_city_puts_the_city_first_then_its_region(get: Get, db: sqlite3.Connection) -> None:
    everywhere = get("/events/near_city.json", _shape="array").json()
    placed = [r for r in everywhere if r["city"]]
    # The sample pages' events run into 2027; when they have all passed, refresh their dates.
    assert placed, "no upcoming event with a city in the sample data: its dates have passed"
    city, region = placed[0]["city"], placed[0]["region"]
    for spelling in (city, fold(city), city.upper()):
        rows = get("/events/near_city.json", city=spelling, _shape="array").json()
        kinds = [r["distance"] for r in rows]
        assert kinds[0] == "in the city"
        assert kinds == sorted(kinds)  # "in the city" before "same region"
        assert all(r["city"] == city for r in rows if r["distance"] == "in the city")
        assert all(r["region"] == region for r in rows)
        assert {r["id"] for r in rows} == {
            r["id"] for r in everywhere if r["city"] == city or r["region"] == region}
    assert get("/events/near_city.json", city="Nowhere-upon-Nothing", _shape="array").json() == []


def test_changed_since_matches_sql(get: Get, db: sqlite3.Connection) -> None:
    rows = get("/events/changed_since.json", since="2000-01-01", _shape="array").json()
    once = current(db).replace(" and missing_since is null", "")  # vanished ones are news too
    everything = [r[0] for r in db.execute(f"select id from events where {once}")]
    assert sorted(ids(rows)) == sorted(everything)
    assert all(r["kind"] == ("vanished" if r["missing_since"] else "new") for r in rows)
    updated = [r["updated"] for r in rows]
    assert updated == sorted(updated, reverse=True)
    assert get("/events/changed_since.json", since="2999-01-01", _shape="array").json() == []
    # default: the last 7 days, which includes this crawl
    assert sorted(ids(get("/events/changed_since.json", _shape="array").json())) == \
        sorted(everything)


# --------------------------------------------------------------------------- served feeds


def test_atom_feed_parses_and_matches_feed_items(get: Get, db: sqlite3.Connection) -> None:
    response = get("/events/feed.atom")
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == load_metadata()["databases"]["events"]["queries"]["feed"]["title"]
    want = {f"urn:eufunds-events:event:{r[0]}" for r in db.execute("select id from feed_items")}
    assert want and {e.id for e in parsed.entries} == want
    for entry in parsed.entries:
        assert entry.link.startswith("http")
        assert entry.updated_parsed is not None
        assert re.search(r"(Z|[+-]\d\d:\d\d)$", entry.updated)
        assert "When:" in entry.content[0].value


def test_calendar_parses_with_stable_uids_in_warsaw_time(
    get: Get, db: sqlite3.Connection
) -> None:
    response = get("/events/calendar.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    want = [r[0] for r in db.execute(
        "select uid from event_occurrences where coalesce(dtend, dtstart) >= ?",
        [warsaw_today()])]
    assert sorted(str(e["UID"]) for e in events) == sorted(f"{u}@eufunds-events" for u in want)
    for event in events:
        start = event.decoded("DTSTART")
        # a timed occurrence in Warsaw time; a day-only one is an all-day VALUE=DATE
        assert (str(start.tzinfo) == "Europe/Warsaw" if isinstance(start, datetime)
                else event["DTSTART"].params["VALUE"] == "DATE")
        if "DTEND" in event:
            assert event.decoded("DTEND") > start
        assert str(event["SUMMARY"])
    rows = get("/events/calendar.json", _shape="array").json()
    assert all(r["event_tzid"] == "Europe/Warsaw" and r["event_url"] for r in rows)


# --------------------------------------------------------------------------- index-friendly forms


def test_queries_keep_events_that_started_before_today_and_still_run(tmp_path: Path) -> None:
    """The canned queries read "not ended yet" as two index ranges (starts today or later,
    plus started earlier and still running); the second part must miss nothing."""
    from pipeline import store
    from pipeline.record import empty_record, event_id

    today = datetime.now(WARSAW).date()

    def day(n: int) -> str:
        return (today + timedelta(days=n)).isoformat()

    cases = {
        "running": dict(start=day(-3) + "T10:00", end=day(3) + "T16:00"),
        "running-days": dict(start=day(-10), end=day(10)),
        "overnight": dict(start=day(-1) + "T20:00", end=day(0) + "T02:00"),
        "today": dict(start=day(0) + "T09:00", end=day(0) + "T11:00"),
        "ended": dict(start=day(-3) + "T10:00", end=day(-1) + "T16:00"),
        "sessions": dict(start=day(-5) + "T10:00", end=day(9) + "T12:00", sessions=[
            {"start": day(-5) + "T10:00", "end": day(-5) + "T12:00"},
            {"start": day(9) + "T10:00", "end": day(9) + "T12:00"}]),
    }
    db_path = tmp_path / "events.db"
    db = store.open_db(db_path)
    for name, times in cases.items():
        url = f"https://example.org/{name}"
        record = empty_record()
        record.update(id=event_id(url), url=url, source="test", is_event=True,
                      title=f"Szkolenie {name}", summary="Szkolenie w Łodzi.",
                      city="Łódź", region="lodzkie", attendance_mode="offline",
                      languages=["pl", "en"], **times)
        store.upsert_event(db, record, seen_at="2026-01-01T00:00:00Z")
    changed = {**record, "title": "Szkolenie sessions (new title)"}
    store.upsert_event(db, changed, seen_at="2026-02-01T00:00:00Z")
    db.conn.close()
    ds = make_datasette(db_path)
    ids_of = {event_id(f"https://example.org/{n}"): n for n in cases}
    running = {"running", "running-days", "overnight", "today", "sessions"}
    # "overnight" ended at 02:00 today: still "not ended" by day, as the queries define it
    sessions = event_id("https://example.org/sessions")

    async def names(path: str, **params: str) -> list[str]:
        response = await ds.client.get(path, params={**params, "_shape": "array"})
        assert response.status_code == 200, response.text[:300]
        return [ids_of.get(r.get("id") or r.get("event_uid", "")[:16], "?") for r in
                response.json()]

    async def run() -> None:
        assert set(await names("/events/upcoming.json")) == running
        assert set(await names("/events/upcoming_events.json", _size="max")) == running
        assert set(await names("/events/in_language.json", language="en")) == running
        assert set(await names("/events/search.json")) == running
        assert set(await names("/events/near_city.json", city="lodz")) == running
        calendar = await ds.client.get("/events/calendar.json", params={"_shape": "array"})
        uids = {r["event_uid"].split("@")[0] for r in calendar.json()}
        assert f"{sessions}-1" in uids and f"{sessions}-0" not in uids
        changes = await ds.client.get("/events/changed_since.json",
                                      params={"since": "2026-01-15", "_shape": "array"})
        assert [(r["id"], r["updated"], r["kind"]) for r in changes.json()] == [
            (sessions, "2026-02-01T00:00:00Z", "changed")]

    asyncio.run(run())
    conn = sqlite3.connect(db_path)
    assert conn.execute("select updated from events where id = ?", [sessions]).fetchone() == (
        "2026-02-01T00:00:00Z",)
    conn.close()


def test_array_facet_counts_each_row_once_per_value(tmp_path: Path) -> None:
    """The catalogue plugin's rewrite of the array facet SQL (a value counted at its first
    place in each row) gives Datasette's own counts, repeated values included."""
    from pipeline.datasette_plugins.catalogue import per_row_array_facet

    conn = sqlite3.connect(tmp_path / "t.db")
    conn.execute("create table t (a text, b text)")
    conn.executemany("insert into t values (?, ?)", [
        ('["pl", "en"]', "x"), ('["pl", "pl"]', "y"), ('["en"]', "z"), ("[]", "w"),
        (None, "v"), ('["pl", "en"]', "x")])
    datasette_sql = """
                with inner as (select a, b from t where b != 'v'),
                deduped_array_items as (
                    select
                        distinct j.value,
                        inner.*
                    from
                        json_each([inner].a) j
                        join inner
                )
                select
                    value as value,
                    count(*) as count
                from
                    deduped_array_items
                group by
                    value
                order by
                    count(*) desc, value limit 31
            """
    ours = per_row_array_facet(datasette_sql)
    assert ours != datasette_sql and "distinct" not in ours
    # Datasette's form folds two identical rows into one; ours counts every row
    assert conn.execute(ours).fetchall() == [("en", 3), ("pl", 3)]
    assert conn.execute(datasette_sql).fetchall() == [("en", 2), ("pl", 2)]
    assert per_row_array_facet("select 1") == "select 1"
    conn.close()


def test_page_language_facet_counts_what_sql_counts(get: Get, db: sqlite3.Connection) -> None:
    results = get("/events/events.json", _size="0").json()["facet_results"]
    shown = {r["value"]: r["count"] for r in results["page_language"]["results"]}
    counted = dict(db.execute(
        "select page_language, count(*) from events where page_language is not null"
        " group by page_language"
    ).fetchall())
    assert shown == counted and "pl" in shown
