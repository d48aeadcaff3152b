"""Lubelskie (funduszeue.lubelskie.pl/efs/spotkania-wydarzenia/), City Scrapers style:
one real crawl of the source's sample pages over HTTP on 127.0.0.1, then one
assertion per field. Dates in the pages are absolute, so the crawl's results do
not depend on today's date."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_eufunds

BASE = "https://funduszeue.lubelskie.pl/efs/spotkania-wydarzenia/"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    db = tmp_path_factory.mktemp("lubelskie") / "events.db"
    result = run_eufunds("crawl", "lubelskie", "--offline", "--db", str(db))
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = {r["url"].removeprefix(BASE): dict(r) for r in conn.execute("select * from events")}
    crawls = [dict(r) for r in conn.execute("select * from crawls")]
    return {"events": rows, "crawls": crawls}


def test_count_and_non_events_excluded(crawled: dict) -> None:
    assert sorted(crawled["events"]) == [
        "dni-otwarte-dzialanie-8-8-wsparcie-rodziny",
        "konferencja-ekonomia-spoleczna-chelm",
        "szkolenie-zamowienia-w-projektach-zamosc",
        "webinar-rozliczanie-wnioskow-o-platnosc",
    ]


def test_pagination_followed_to_the_end(crawled: dict) -> None:
    # The conference is linked only from page 2 of the listing.
    assert "konferencja-ekonomia-spoleczna-chelm" in crawled["events"]
    (crawl,) = crawled["crawls"]
    assert crawl["source"] == "lubelskie" and crawl["outcome"] == "ok"
    assert crawl["events"] == 4 and crawl["non_events"] == 2


def test_urls_are_the_portals_own(crawled: dict) -> None:
    for row in crawled["events"].values():
        assert row["url"].startswith(BASE)
        assert "127.0.0.1" not in row["url"]


def test_open_day(crawled: dict) -> None:
    e = crawled["events"]["dni-otwarte-dzialanie-8-8-wsparcie-rodziny"]
    assert e["title"] == "Dni otwarte dla wnioskodawców Działania 8.8 Wsparcie rodziny"
    assert e["published"] == "2026-11-18"
    assert e["start"] == "2026-12-10T10:00"
    assert e["end"] == "2026-12-10T13:30"
    assert e["registration_deadline"] == "2026-12-04T15:00"
    assert e["city"] == "Lublin"
    assert e["attendance_mode"] == "offline"
    assert e["is_free"] == 1
    assert e["status"] == "scheduled"
    assert e["event_type"] == "info_meeting"
    assert json.loads(e["languages"]) == ["pl"]
    assert e["languages_stated"] == 0
    assert e["source"] == "lubelskie" and e["region"] == "lubelskie"
    assert e["timezone"] == "Europe/Warsaw"
    assert "Trwa" not in e["body"] and "cookies" not in e["body"]
    assert "Strona główna" not in e["body"]


def test_webinar(crawled: dict) -> None:
    e = crawled["events"]["webinar-rozliczanie-wnioskow-o-platnosc"]
    assert e["start"] == "2027-01-08T11:00"
    assert e["end"] == "2027-01-08T12:30"
    assert e["registration_deadline"] == "2027-01-05"
    assert e["attendance_mode"] == "online"
    assert e["event_type"] == "webinar"
    assert e["city"] is None


def test_cancelled_training(crawled: dict) -> None:
    e = crawled["events"]["szkolenie-zamowienia-w-projektach-zamosc"]
    assert e["status"] == "cancelled"
    assert e["start"] == "2026-12-03T09:30"
    assert e["registration_deadline"] == "2026-11-27"  # year from the publication date
    assert e["city"] == "Zamość"
    assert e["event_type"] == "training"


def test_two_day_hybrid_conference(crawled: dict) -> None:
    e = crawled["events"]["konferencja-ekonomia-spoleczna-chelm"]
    assert e["start"] == "2027-01-14"
    assert e["end"] == "2027-01-15"
    assert e["all_day"] == 1
    assert e["city"] == "Chełm"
    assert e["attendance_mode"] == "mixed"
    assert e["event_type"] == "conference"
    assert json.loads(e["languages"]) == ["pl", "pso"]
    assert e["registration_deadline"] == "2027-01-07"
    assert e["organizer"] == "Regionalny Ośrodek Polityki Społecznej w Lublinie"


def test_second_crawl_gives_the_same_rows(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    for _ in range(2):
        result = run_eufunds("crawl", "lubelskie", "--offline", "--db", str(db))
        assert result.returncode == 0, result.stderr.decode()[-2000:]
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*), count(distinct url) from events").fetchone() == (4, 4)
    assert conn.execute("select count(*) from event_changes").fetchone() == (0,)
    outcomes = conn.execute("select new, changed from crawls order by id").fetchall()
    assert outcomes == [(4, 0), (0, 0)]
