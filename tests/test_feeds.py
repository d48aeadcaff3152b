"""``eufunds export``: JSON Feed 1.1, Atom, iCalendar and CSV files from a real offline crawl.

Run as the real command in a subprocess, then parsed with the libraries consumers use
(``feedparser``, ``icalendar``, ``csv``) and compared with SQL over the same database.
"""

from __future__ import annotations

import asyncio
import csv
import json
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import feedparser
import pytest
from icalendar import Calendar

from pipeline import feeds
from pipeline.feeds import (
    EXTENSION,
    ID_PREFIX,
    JSON_FEED_VERSION,
    WINDOW_DAYS,
    WINDOW_ENV,
    json_feed_problems,
)
from pipeline.record import FIELD_NAMES, validation_errors
from tests.conftest import run_eufunds
from tests.test_catalogue import make_datasette, warsaw_today


@pytest.fixture(scope="module")
def feeds_dir(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("feeds") / "out"
    result = run_eufunds("export", "--db", str(sample_db), "--out", str(out),
                         "--base-url", "https://events.example.org/")
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert "wrote feed.json" in result.stderr.decode()
    return out


@pytest.fixture(scope="module")
def db(sample_db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{sample_db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def window_ids(db: sqlite3.Connection, days: int = WINDOW_DAYS) -> list[str]:
    """The exported feeds' items: of feed_items, those starting in the next ``days`` days or
    running today, and those added or changed in the last ``days`` days."""
    return [r[0] for r in db.execute(
        """select f.id from feed_items f join events e on e.id = f.id
           where (e.start < date(?, ?) and coalesce(e."end", e.start) >= ?)
              or (f.updated >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?)
                  and f.updated <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))""",
        [warsaw_today(), f"+{days} days", warsaw_today(), f"-{days} days"])]


def test_export_writes_the_four_files(feeds_dir: Path) -> None:
    for name in ("feed.json", "events.atom", "events.ics", "events.csv"):
        assert (feeds_dir / name).stat().st_size > 0, name
    assert not [p for p in feeds_dir.iterdir() if p.name.startswith(".")]  # no temp files left


def test_json_feed_is_valid_1_1(feeds_dir: Path, db: sqlite3.Connection) -> None:
    feed = json.loads((feeds_dir / "feed.json").read_text(encoding="utf-8"))
    assert json_feed_problems(feed) == []
    assert feed["version"] == JSON_FEED_VERSION
    assert feed["feed_url"] == "https://events.example.org/feeds/feed.json"
    assert feed["home_page_url"].startswith("https://events.example.org/")
    want = window_ids(db)
    assert want, "the feed of a fresh crawl is never empty"
    assert sorted(i["id"] for i in feed["items"]) == sorted(ID_PREFIX + w for w in want)
    assert "next_url" not in feed  # the sample's window fits on one page
    assert f"next {WINDOW_DAYS} days" in feed["description"]
    for item in feed["items"]:
        assert item["content_text"].startswith("When:")
        for key in ("date_published", "date_modified"):
            assert datetime.fromisoformat(item[key]).tzinfo is not None
        ext = item[EXTENSION]
        record = {k: v for k, v in ext.items() if k in FIELD_NAMES}
        assert set(FIELD_NAMES) <= set(ext)
        assert validation_errors(record) == [], item["id"]
        assert item["id"] == ID_PREFIX + ext["id"]
        if ext["url"]:
            assert item["url"] == ext["url"]
    modified = [i["date_modified"] for i in feed["items"]]
    assert modified == sorted(modified, reverse=True)


def test_json_feed_problems_are_reported() -> None:
    assert json_feed_problems([]) == ["the feed is not a JSON object"]
    bad = {"version": "https://jsonfeed.org/version/1", "items": [
        {"id": "a", "content_text": "x", "date_published": "2026-01-01"},
        {"id": "a", "_ext": 1},
    ]}
    problems = " | ".join(json_feed_problems(bad))
    for fragment in ("version", "title missing", "RFC 3339", "repeats", "neither content_text",
                     "extension"):
        assert fragment in problems


def test_atom_file_parses(feeds_dir: Path, db: sqlite3.Connection) -> None:
    parsed = feedparser.parse((feeds_dir / "events.atom").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    want = {ID_PREFIX + i for i in window_ids(db)}
    assert {e.id for e in parsed.entries} == want
    assert any(link.get("rel") == "self" for link in parsed.feed.links)
    for entry in parsed.entries:
        assert entry.updated_parsed and entry.title and entry.link.startswith("http")


def test_icalendar_file_parses_in_warsaw_time(feeds_dir: Path, db: sqlite3.Connection) -> None:
    cal = Calendar.from_ical((feeds_dir / "events.ics").read_bytes())
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    events = cal.walk("VEVENT")
    occurrences = {
        r["uid"]: r for r in db.execute(
            "select * from event_occurrences where coalesce(dtend, dtstart) >= ? "
            "and dtstart < date(?, ?)", [warsaw_today(), warsaw_today(), f"+{WINDOW_DAYS} days"])
    }
    assert sorted(str(e["UID"]) for e in events) == sorted(
        f"{u}@eufunds-events" for u in occurrences)
    for event in events:
        occ = occurrences[str(event["UID"]).split("@")[0]]
        start = event.decoded("DTSTART")
        assert "DTSTAMP" in event and str(event["SUMMARY"])
        if occ["all_day"]:
            assert type(start) is date and start.isoformat() == occ["start"][:10]
            assert event.decoded("DTEND") > start
        else:
            assert str(start.tzinfo) == "Europe/Warsaw"
            assert start.strftime("%Y-%m-%dT%H:%M") == occ["dtstart"]
            if "DTEND" in event:
                assert event.decoded("DTEND") > start
        assert str(event["STATUS"]) in ("CONFIRMED", "CANCELLED", "TENTATIVE")


def test_csv_holds_every_event(feeds_dir: Path, db: sqlite3.Connection) -> None:
    with (feeds_dir / "events.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert set(FIELD_NAMES) <= set(rows[0])
    everything = [r[0] for r in db.execute("select id from events")]
    assert sorted(r["id"] for r in rows) == sorted(everything)


def test_export_is_repeatable(sample_db: Path, feeds_dir: Path) -> None:
    before = (feeds_dir / "feed.json").read_bytes()
    result = run_eufunds("export", "--db", str(sample_db), "--out", str(feeds_dir),
                         "--base-url", "https://events.example.org/")
    assert result.returncode == 0
    assert json.loads((feeds_dir / "feed.json").read_bytes())["items"] == \
        json.loads(before)["items"]


def test_export_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    def check(result: Any, fragment: str) -> None:
        err = result.stderr.decode()
        assert result.returncode == 2, err
        assert fragment in err and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1

    check(run_eufunds("export", "--db", str(tmp_path / "none.db")), "no database")
    not_db = tmp_path / "events.db"
    not_db.write_text("hello, not SQLite")
    check(run_eufunds("export", "--db", str(not_db), "--out", str(tmp_path / "o")),
          "not a usable SQLite database")


def test_export_out_is_a_file(sample_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = run_eufunds("export", "--db", str(sample_db), "--out", str(target))
    assert result.returncode == 2 and "not a directory" in result.stderr.decode()


def test_served_under_feeds(sample_db: Path, feeds_dir: Path) -> None:
    ds = make_datasette(sample_db, feeds_dir)

    async def run() -> None:
        response = await ds.client.get("/feeds/feed.json")
        assert response.status_code == 200
        assert response.content == (feeds_dir / "feed.json").read_bytes()
        assert (await ds.client.get("/feeds/events.ics")).status_code == 200

    asyncio.run(run())


def test_paged_export_walks_to_every_item_of_the_window(sample_db: Path, tmp_path: Path,
                                                        db: sqlite3.Connection) -> None:
    """JSON Feed pages linked by next_url and an RFC 5005 paged Atom feed, followed as a
    reader follows them (the JSON Feed by its next_url, the Atom feed by feedparser's
    rel="next"), give every item of the window once, newest change first; a later export
    with fewer pages leaves no stale page behind."""
    out = tmp_path / "feeds"
    base = "https://events.example.org/"
    counts = feeds.export(sample_db, out, base_url=base, window=3650, page_items=3)
    want = [ID_PREFIX + i for i in window_ids(db, 3650)]
    assert len(want) > 6 and counts["feed.json"] == len(want)
    assert counts["feed.json pages"] == -(-len(want) // 3)

    def local(url: str) -> Path:
        assert url.startswith(base + "feeds/"), url
        return out / url.removeprefix(base + "feeds/")

    got, modified, name, seen = [], [], "feed.json", set()
    while name:
        page = json.loads((out / name).read_text(encoding="utf-8"))
        assert json_feed_problems(page) == [] and len(page["items"]) <= 3
        assert page["feed_url"] == base + "feeds/" + name
        got += [i["id"] for i in page["items"]]
        modified += [i["date_modified"] for i in page["items"]]
        seen.add(name)
        name = local(page["next_url"]).name if "next_url" in page else ""
        assert name not in seen
    assert sorted(got) == sorted(want) and len(got) == len(set(got))
    assert modified == sorted(modified, reverse=True)

    entries, path = [], out / "events.atom"
    first = feedparser.parse(path.read_bytes())
    while True:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.feed.id == first.feed.id  # one feed over its pages
        rels = {link["rel"]: link["href"] for link in parsed.feed.links}
        assert rels["first"] == base + "feeds/events.atom" and "last" in rels
        assert rels["self"] == base + "feeds/" + path.name
        entries += [e.id for e in parsed.entries]
        if "next" not in rels:
            assert rels["last"] == rels["self"]
            break
        nxt = local(rels["next"])
        assert {link["rel"]: link["href"] for link in feedparser.parse(
            nxt.read_bytes()).feed.links}["previous"] == rels["self"]
        path = nxt
    assert entries == got

    feeds.export(sample_db, out, base_url=base, window=3650, page_items=1000)
    assert not list(out.glob("feed-*")) and not list(out.glob("events-*"))
    assert "next_url" not in json.loads((out / "feed.json").read_text(encoding="utf-8"))


def test_the_window_setting(sample_db: Path, tmp_path: Path, db: sqlite3.Connection) -> None:
    out = tmp_path / "feeds"
    one = run_eufunds("export", "--db", str(sample_db), "--out", str(out),
                      env={WINDOW_ENV: "1"})
    assert one.returncode == 0, one.stderr.decode()[-2000:]
    feed = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    assert sorted(i["id"] for i in feed["items"]) == sorted(
        ID_PREFIX + i for i in window_ids(db, 1))
    cal = Calendar.from_ical((out / "events.ics").read_bytes())
    tomorrow = date.fromisoformat(warsaw_today()).toordinal() + 1
    for event in cal.walk("VEVENT"):
        start = event.decoded("DTSTART")
        day = start if type(start) is date else start.date()
        assert day.toordinal() < tomorrow
    bad = run_eufunds("export", "--db", str(sample_db), "--out", str(out),
                      env={WINDOW_ENV: "soon"})
    err = bad.stderr.decode()
    assert bad.returncode != 0 and WINDOW_ENV in err and "Traceback" not in err
