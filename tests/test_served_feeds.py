"""Served feeds of any filter (``.ics``, ``.atom``, ``.jsonfeed``) read by real clients.

The calendars, served and exported, are imported by khal (Debian's ``khal`` package, which
.ci/run installs) into a throw-away calendar and listed back: no warning, and the local times a
person in Warsaw expects for a timed, an all-day, a multi-day and a cancelled event. The Atom
feed goes through feedparser, the JSON Feed through the JSON Feed 1.1 rules. The events are
stored through ``pipeline.store`` relative to today, so the checks hold in any year.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import feedparser
import httpx
import pytest
from icalendar import Calendar

from pipeline import feeds, store
from pipeline.feeds import ID_PREFIX, JSON_FEED_VERSION, json_feed_problems
from pipeline.record import empty_record, event_id
from tests.test_catalogue import make_datasette

WARSAW = ZoneInfo("Europe/Warsaw")
TODAY = datetime.now(WARSAW).date()

Get = Callable[..., httpx.Response]


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


#: name -> fields of an event; ``day(n)`` relative to today, so the feeds never go stale.
CASES: dict[str, dict[str, Any]] = {
    "timed": dict(start=f"{day(3)}T12:00", end=f"{day(3)}T13:30", attendance_mode="online",
                  languages=["en"], city=None, region=None),
    "allday": dict(start=f"{day(5)}", end=None, all_day=True, attendance_mode="offline",
                   languages=["pl"], city="Gdańsk", region="pomorskie"),
    "multiday": dict(start=f"{day(8)}", end=f"{day(10)}", all_day=True,
                     attendance_mode="mixed", languages=["pl", "en"], city="Lublin",
                     region="lubelskie"),
    "cancelled": dict(start=f"{day(4)}T09:30", end=f"{day(4)}T11:00", status="cancelled",
                      attendance_mode="online", languages=["en"], city=None, region=None),
    "sessions": dict(start=f"{day(6)}T10:00", end=f"{day(7)}T12:00", attendance_mode="offline",
                     languages=["pl"], city="Gdańsk", region="pomorskie",
                     sessions=[{"start": f"{day(6)}T10:00", "end": f"{day(6)}T12:00"},
                               {"start": f"{day(7)}T10:00", "end": f"{day(7)}T12:00"}]),
    "past": dict(start=f"{day(-9)}T10:00", end=f"{day(-9)}T12:00", attendance_mode="online",
                 languages=["en"], city=None, region=None),
}
FIRST_SEEN = "2026-01-05T08:00:00Z"


def url_of(name: str) -> str:
    return f"https://example.org/wydarzenia/{name}"


def record_of(name: str, **changes: Any) -> dict[str, Any]:
    record = empty_record()
    record.update(id=event_id(url_of(name)), url=url_of(name), source="test", is_event=True,
                  title=f"Wydarzenie {name}", summary=f"Zapraszamy: {name}.",
                  event_type="webinar", status="scheduled", all_day=False)
    record.update(CASES[name])
    record.update(changes)
    return record


@pytest.fixture(scope="module")
def events_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("served-feeds") / "events.db"
    db = store.open_db(path)
    for name in CASES:
        store.upsert_event(db, record_of(name), seen_at=FIRST_SEEN)
    db.conn.close()
    return path


def fetch(path: Path, url: str, **params: Any) -> httpx.Response:
    """One GET from a fresh Datasette over ``path`` (as after a new crawl)."""
    return next(serve(path))(url, **params)


def serve(path: Path) -> Iterator[Get]:
    ds = make_datasette(path)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(ds.invoke_startup())

    def _get(url: str, **params: Any) -> httpx.Response:
        return loop.run_until_complete(ds.client.get(url, params=params or None))

    yield _get
    loop.close()


@pytest.fixture(scope="module")
def get(events_db: Path) -> Iterator[Get]:
    yield from serve(events_db)


# --------------------------------------------------------------------------- khal


def khal_binary() -> str:
    path = shutil.which("khal")
    if path is None:
        pytest.skip("khal is not installed (Debian: apt-get install khal; .ci/run installs it)")
    return path


def khal_import(ics: bytes, workdir: Path) -> tuple[list[str], str]:
    """Import ``ics`` into a fresh khal calendar; its listing for the next 30 days and
    everything khal said on stderr while importing and listing."""
    khal = khal_binary()
    workdir.mkdir(parents=True)
    (workdir / "cal").mkdir()
    config = workdir / "config"
    config.write_text(
        "[calendars]\n[[events]]\n"
        f"path = {workdir / 'cal'}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n"
        "longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
        "longdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = Europe/Warsaw\ndefault_timezone = Europe/Warsaw\n",
        encoding="utf-8")
    (workdir / "in.ics").write_bytes(ics)
    env = {"HOME": str(workdir), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "XDG_DATA_HOME": str(workdir / "data"), "XDG_CONFIG_HOME": str(workdir)}
    imported = subprocess.run([khal, "-v", "WARNING", "-c", str(config), "import", "--batch",
                               str(workdir / "in.ics")],
                              capture_output=True, text=True, env=env, timeout=120)
    assert imported.returncode == 0, imported.stderr
    listed = subprocess.run(
        [khal, "-v", "WARNING", "-c", str(config), "list", "--day-format", "",
         "--format", "{start}|{end}|{title}|{status}", str(day(-30)), str(day(60))],
        capture_output=True, text=True, env=env, timeout=120)
    assert listed.returncode == 0, listed.stderr
    lines = [line.rstrip() for line in listed.stdout.splitlines() if line.strip()]
    return lines, imported.stderr + listed.stderr


def line_of(lines: list[str], name: str) -> list[str]:
    found = [line for line in lines if f"Wydarzenie {name}" in line]
    assert found, f"{name} not in khal's listing:\n" + "\n".join(lines)
    return found


def check_khal_listing(lines: list[str]) -> None:
    """The four kinds of event at the local times a person in Warsaw expects."""
    assert line_of(lines, "timed") == [f"{day(3)} 12:00|{day(3)} 13:30|Wydarzenie timed|"]
    assert line_of(lines, "allday") == [f"{day(5)}|{day(5)}|Wydarzenie allday|"]
    # a multi-day all-day event: listed on each of its days, first to last (inclusive)
    multiday = line_of(lines, "multiday")
    assert {line.split("|")[0] for line in multiday} <= {str(day(8)), str(day(10))}
    assert all(line.split("|")[1] == str(day(10)) for line in multiday)
    assert line_of(lines, "cancelled") == [
        f"{day(4)} 09:30|{day(4)} 11:00|[cancelled] Wydarzenie cancelled|CANCELLED"]
    assert line_of(lines, "sessions") == [
        f"{day(6)} 10:00|{day(6)} 12:00|Wydarzenie sessions (1)|",
        f"{day(7)} 10:00|{day(7)} 12:00|Wydarzenie sessions (2)|"]
    assert not [line for line in lines if "Wydarzenie past" in line]


def test_khal_imports_the_served_calendar_without_warnings(get: Get, tmp_path: Path) -> None:
    response = get("/events/upcoming_events.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    lines, said = khal_import(response.content, tmp_path / "khal")
    assert said == "", said
    check_khal_listing([line.replace("|CONFIRMED", "|") for line in lines])


def test_khal_imports_the_exported_calendar_without_warnings(events_db: Path,
                                                             tmp_path: Path) -> None:
    counts = feeds.export(events_db, tmp_path / "out")
    assert counts["events.ics"] > 0
    lines, said = khal_import((tmp_path / "out" / "events.ics").read_bytes(), tmp_path / "khal")
    assert said == "", said
    check_khal_listing([line.replace("|CONFIRMED", "|") for line in lines])


def test_khal_imports_the_sample_calendar_without_warnings(sample_db: Path,
                                                           tmp_path: Path) -> None:
    response = fetch(sample_db, "/events/calendar.ics")
    assert response.status_code == 200
    lines, said = khal_import(response.content, tmp_path / "khal")
    assert said == "", said
    conn = sqlite3.connect(f"file:{sample_db}?mode=ro", uri=True)
    shown = conn.execute("select count(*) from event_occurrences o, warsaw_clock w "
                         "where coalesce(o.dtend, o.dtstart) >= w.today "
                         "and o.dtstart < ?", [str(day(61))]).fetchone()[0]
    conn.close()
    assert shown and len(lines) >= shown


# --------------------------------------------------------------------------- RFC 5545


def test_served_calendar_is_rfc5545_complete(get: Get) -> None:
    cal = Calendar.from_ical(get("/events/upcoming_events.ics").content)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    for event in events.values():
        for prop in ("UID", "DTSTAMP", "DTSTART", "SEQUENCE", "LAST-MODIFIED"):
            assert prop in event, (prop, event["SUMMARY"])
        start = event["DTSTART"]
        if start.params.get("VALUE") == "DATE":
            assert type(event.decoded("DTSTART")) is date
        else:
            assert start.params["TZID"] == "Europe/Warsaw"
    assert events["Wydarzenie allday"]["DTSTART"].params["VALUE"] == "DATE"
    assert events["Wydarzenie multiday"].decoded("DTEND") == day(11)  # exclusive end
    assert str(events["[cancelled] Wydarzenie cancelled"]["STATUS"]) == "CANCELLED"
    sessions = [e for s, e in events.items() if s.startswith("Wydarzenie sessions")]
    assert len(sessions) == 2 and len({str(e["UID"]) for e in sessions}) == 2
    assert "Wydarzenie past" not in events


def test_uids_stay_and_sequence_and_last_modified_move_when_the_event_changes(
    events_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "events.db"
    shutil.copy(events_db, path)

    def calendar() -> dict[str, Any]:
        events = Calendar.from_ical(
            fetch(path, "/events/upcoming_events.ics").content).walk("VEVENT")
        return {str(e["UID"]): e for e in events if "timed" in str(e["SUMMARY"])}

    before = calendar()
    again = calendar()
    assert before.keys() == again.keys()
    [(uid, old)] = before.items()
    assert again[uid].to_ical() == old.to_ical()  # same event, same bytes
    db = store.open_db(path)
    store.upsert_event(db, record_of("timed", start=f"{day(3)}T14:00", end=f"{day(3)}T15:00"),
                       seen_at="2026-02-01T09:00:00Z")
    db.conn.close()
    [(uid_after, new)] = calendar().items()
    assert uid_after == uid
    assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])
    assert new.decoded("LAST-MODIFIED") > old.decoded("LAST-MODIFIED")
    assert new.decoded("DTSTAMP") >= new.decoded("LAST-MODIFIED")
    assert new.decoded("DTSTART").hour == 14


# --------------------------------------------------------------------------- any filter


def ids_where(events_db: Path, where: str) -> list[str]:
    conn = sqlite3.connect(f"file:{events_db}?mode=ro", uri=True)
    rows = conn.execute(f"select id from upcoming_events where {where} order by start").fetchall()
    conn.close()
    return [r[0] for r in rows]


FILTERS = {
    "english online": ({"languages__arraycontains": "en", "attendance_mode": "online"},
                       "exists (select 1 from json_each(languages) where value = 'en') "
                       "and attendance_mode = 'online'"),
    "pomorskie": ({"region": "pomorskie"}, "region = 'pomorskie'"),
    "gdańsk": ({"city": "Gdańsk"}, "city = 'Gdańsk'"),
    "search": ({"_search": "multiday"}, "title like '%multiday%'"),
}


@pytest.mark.parametrize("name", FILTERS)
def test_each_format_serves_exactly_the_filter(get: Get, events_db: Path, name: str) -> None:
    params, where = FILTERS[name]
    want = ids_where(events_db, where)
    assert want, name
    cal = Calendar.from_ical(get("/events/upcoming_events.ics", **params).content)
    assert {str(e["UID"]).split("@")[0].split("-")[0] for e in cal.walk("VEVENT")} == set(want)
    atom = feedparser.parse(get("/events/upcoming_events.atom", **params).content)
    assert not atom.bozo, atom.get("bozo_exception")
    assert [e.id for e in atom.entries] == [ID_PREFIX + i for i in want]
    response = get("/events/upcoming_events.jsonfeed", **params)
    assert response.headers["content-type"].startswith("application/feed+json")
    feed = response.json()
    assert json_feed_problems(feed) == []
    assert [i["id"] for i in feed["items"]] == [ID_PREFIX + i for i in want]


def test_json_feed_follows_the_1_1_rules(get: Get) -> None:
    feed = get("/events/upcoming_events.jsonfeed").json()
    assert feed["version"] == JSON_FEED_VERSION and feed["title"]
    assert feed["feed_url"].endswith("/events/upcoming_events.jsonfeed")
    assert feed["items"]
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item.get("content_text") or item.get("content_html"), str)
        for key in ("date_published", "date_modified"):
            value = datetime.fromisoformat(item[key])  # RFC 3339: a full date-time with offset
            assert value.tzinfo is not None and "T" in item[key]
    assert json.loads(json.dumps(feed)) == feed


def test_canned_feed_and_calendar_keep_their_addresses(get: Get) -> None:
    atom = feedparser.parse(get("/events/feed.atom").content)
    assert not atom.bozo and atom.entries
    cal = Calendar.from_ical(get("/events/calendar.ics").content)
    assert cal.walk("VTIMEZONE") and cal.walk("VEVENT")


def test_a_page_without_event_ids_or_an_unknown_one_is_a_clear_error(
    get: Get, sample_db: Path
) -> None:
    response = get("/events/cities.ics")
    assert response.status_code == 400 and "id column" in response.text
    response = fetch(sample_db, "/events/crawls.ics")
    assert response.status_code == 400 and "not events" in response.text
    assert get("/events/nothing_here.atom").status_code == 404


def test_a_served_feed_pages_on_like_its_table(get: Get, events_db: Path) -> None:
    """Two events a page: the JSON Feed's next_url and the Atom feed's RFC 5005 rel="next"
    lead through every event of the filter, once each, in the page's order."""
    want = ids_where(events_db, "1 = 1")
    assert len(want) > 2
    for fmt in ("jsonfeed", "atom"):
        got: list[str] = []
        url: str | None = f"/events/upcoming_events.{fmt}?_size=2"
        while url:
            response = get(url)
            assert response.status_code == 200, response.text
            if fmt == "jsonfeed":
                feed = response.json()
                assert json_feed_problems(feed) == [] and len(feed["items"]) <= 2
                got += [i["id"] for i in feed["items"]]
                url = feed.get("next_url")
            else:
                parsed = feedparser.parse(response.content)
                assert not parsed.bozo, parsed.get("bozo_exception")
                got += [e.id for e in parsed.entries]
                rels = {link["rel"]: link["href"] for link in parsed.feed.links}
                url = rels.get("next")
                if url or len(got) > 2:
                    assert rels["first"].endswith("/events/upcoming_events.atom")
            if url:
                parts = httpx.URL(url)
                assert parts.path == f"/events/upcoming_events.{fmt}"
                url = f"{parts.path}?{parts.query.decode()}"
            assert len(got) <= len(want)
        assert got == [ID_PREFIX + i for i in want], fmt
