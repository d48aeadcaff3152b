"""History over real crawls: the replay server serves a private copy of the sample
site (``site_copy``) that each test edits between runs of ``eufunds crawl``.

Only the lubelskie source is crawled, so the tests stay fast and do not move when
other portals are added to the registry.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import yaml

from tests.conftest import EUFUNDS, ROOT, run_eufunds

HOST = "funduszeue.lubelskie.pl"
LISTING = "/efs/spotkania-wydarzenia/"
WEBINAR = LISTING + "webinar-rozliczanie-wnioskow-o-platnosc"
TRAINING = LISTING + "szkolenie-zamowienia-w-projektach-zamosc"
CONFERENCE = LISTING + "konferencja-ekonomia-spoleczna-chelm"
ALL_PATHS = [
    "/robots.txt", LISTING, LISTING + "?page=2", WEBINAR, TRAINING, CONFERENCE,
    LISTING + "dni-otwarte-dzialanie-8-8-wsparcie-rodziny",
    LISTING + "nabor-wnioskow-dzialanie-8-3", LISTING + "podsumowanie-forum-partnerstwa",
]


def crawl(db: Path, site: Path, *, expect: int = 0) -> subprocess.CompletedProcess[bytes]:
    result = run_eufunds("crawl", "lubelskie", "--offline", "--sample-site", str(site),
                         "--db", str(db))
    assert result.returncode == expect, result.stderr.decode()[-3000:]
    return result


def query(db: Path, sql: str, *args: object) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, args)]
    finally:
        conn.close()


def events(db: Path) -> dict[str, dict]:
    return {r["url"].split(HOST, 1)[1]: r for r in query(db, "select * from events")}


def last_crawl(db: Path) -> dict:
    return query(db, "select * from crawls order by id desc limit 1")[0]


def page(site: Path, path: str) -> Path:
    return site / HOST / path.lstrip("/") / "index.html"


def replay_rules(site: Path, rules: dict) -> None:
    (site / HOST / "_replay.yml").write_text(yaml.safe_dump(rules), encoding="utf-8")


def test_second_crawl_changes_nothing_and_costs_304s(tmp_path: Path, site_copy: Path) -> None:
    db = tmp_path / "events.db"
    crawl(db, site_copy)
    first = last_crawl(db)
    assert first["outcome"] == "ok" and first["new"] == 4 and first["not_modified"] == 0
    before = events(db)

    crawl(db, site_copy)
    second = last_crawl(db)
    after = events(db)
    assert second["outcome"] == "ok"
    assert (second["new"], second["changed"], second["unchanged"], second["vanished"]) == (
        0, 0, 4, 0)
    # Every page was revalidated, none downloaded again.
    assert second["not_modified"] == second["pages"] > 0
    assert json.loads(second["status_counts"]) == {"304": second["pages"]}
    assert query(db, "select count(*) n from event_changes")[0]["n"] == 0
    assert sorted(after) == sorted(before)
    for key, row in after.items():
        moved = {k for k in row if row[k] != before[key][k]}
        assert moved == {"last_seen", "last_crawl_id"} or moved == {"last_crawl_id"}
        assert row["first_seen"] == before[key]["first_seen"]


def test_edited_page_gives_one_change_row(tmp_path: Path, site_copy: Path) -> None:
    db = tmp_path / "events.db"
    crawl(db, site_copy)
    p = page(site_copy, WEBINAR)
    html = p.read_text(encoding="utf-8")
    # the page's date is a placeholder (pipeline.sample_dates); the edit writes a plain date
    old = "do {{date 2027-01-05|5 stycznia 2027}}"
    assert f"Rejestracja trwa {old}" in html
    p.write_text(html.replace(old, "do 7 stycznia 2027"), encoding="utf-8")

    crawl(db, site_copy)
    run = last_crawl(db)
    assert (run["new"], run["changed"], run["unchanged"]) == (0, 1, 3)
    assert json.loads(run["status_counts"]) == {"200": 1, "304": run["pages"] - 1}
    changes = query(db, "select * from event_changes")
    assert len(changes) == 1
    (change,) = changes
    assert (change["field"], change["old_value"], change["new_value"]) == (
        "registration_deadline", "2027-01-05", "2027-01-07")
    assert change["crawl_id"] == run["id"]
    assert change["event_id"] == events(db)[WEBINAR]["id"]
    assert events(db)[WEBINAR]["registration_deadline"] == "2027-01-07"


def test_removed_page_is_marked_and_kept(tmp_path: Path, site_copy: Path) -> None:
    db = tmp_path / "events.db"
    crawl(db, site_copy)
    listing = page(site_copy, LISTING)
    html = listing.read_text(encoding="utf-8")
    link = f'href="{TRAINING}"'
    assert link in html
    listing.write_text(html.replace(link, 'href="/kontakt/"'), encoding="utf-8")
    training_page = page(site_copy, TRAINING)
    training_page.unlink()

    crawl(db, site_copy)
    run = last_crawl(db)
    assert run["outcome"] == "ok" and run["vanished"] == 1
    rows = events(db)
    assert len(rows) == 4  # kept
    gone = rows[TRAINING]
    assert gone["missing_since"] == run["finished"]
    assert all(r["missing_since"] is None for k, r in rows.items() if k != TRAINING)
    assert [r["id"] for r in query(db, "select id from vanished_events")] == [gone["id"]]
    assert gone["id"] not in {r["id"] for r in query(db, "select id from current_events")}
    assert query(db, "select count(*) n from event_changes")[0]["n"] == 0

    # A later crawl that does not see it either leaves the first date; its return clears it.
    crawl(db, site_copy)
    assert events(db)[TRAINING]["missing_since"] == gone["missing_since"]
    listing.write_text(html, encoding="utf-8")
    training_page.parent.mkdir(exist_ok=True)
    training_page.write_text(
        (ROOT / "data" / "sample-site" / HOST / TRAINING.lstrip("/") / "index.html")
        .read_text(encoding="utf-8"), encoding="utf-8")
    crawl(db, site_copy)
    assert events(db)[TRAINING]["missing_since"] is None
    assert query(db, "select count(*) n from vanished_events")[0]["n"] == 0


def test_portal_answering_500_changes_nothing_and_fails(tmp_path: Path, site_copy: Path) -> None:
    db = tmp_path / "events.db"
    crawl(db, site_copy)
    before = events(db)
    good = last_crawl(db)
    replay_rules(site_copy, {"status": dict.fromkeys(ALL_PATHS, 500)})

    result = crawl(db, site_copy, expect=1)
    assert "crawl failed for: lubelskie" in result.stderr.decode()
    run = last_crawl(db)
    assert run["outcome"] == "failed"
    # Every page asked for failed (how many: the incremental plan's, scrapers.incremental).
    assert re.search(r"\b(\d+) of \1 pages failed", run["note"]), run["note"]
    assert json.loads(run["status_counts"]) == {"500": run["pages"]}
    assert events(db) == before  # not even last_seen moved
    assert query(db, "select count(*) n from event_changes")[0]["n"] == 0
    (source,) = query(db, "select * from sources where id = 'lubelskie'")
    assert source["last_outcome"] == "failed"
    assert source["last_good_crawl_id"] == good["id"]

    # The portal comes back: a normal run again, nothing lost, nothing marked vanished.
    (site_copy / HOST / "_replay.yml").unlink()
    crawl(db, site_copy)
    run = last_crawl(db)
    assert run["outcome"] == "ok" and run["vanished"] == 0 and run["unchanged"] == 4


def test_portal_down_on_first_crawl_stores_nothing(tmp_path: Path, site_copy: Path) -> None:
    db = tmp_path / "events.db"
    replay_rules(site_copy, {"status": dict.fromkeys(ALL_PATHS, 503)})
    crawl(db, site_copy, expect=1)
    assert last_crawl(db)["outcome"] == "failed"
    assert events(db) == {}


def _cache_entries_stored_since(cache: Path, since: float) -> int:
    return sum(1 for p in cache.rglob("pickled_meta") if p.stat().st_mtime >= since)


def test_sigkill_half_way_keeps_data_and_next_run_completes(tmp_path: Path,
                                                             site_copy: Path) -> None:
    db = tmp_path / "events.db"
    crawl(db, site_copy)
    before = events(db)
    p = page(site_copy, WEBINAR)
    p.write_text(p.read_text(encoding="utf-8").replace(
        "do {{date 2027-01-05|5 stycznia 2027}}", "do 7 stycznia 2027"),
                 encoding="utf-8")
    # The conference page answers only after a minute: the crawl is stuck half-way there.
    replay_rules(site_copy, {"delays": {CONFERENCE: 60}})
    since = time.time()
    # A full re-crawl (EUFUNDS_INCREMENTAL=0): one that reads every page, so that it can
    # be caught half-way.
    proc = subprocess.Popen(
        [*EUFUNDS, "crawl", "lubelskie", "--offline", "--sample-site", str(site_copy),
         "--db", str(db)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, env={**os.environ, "EUFUNDS_INCREMENTAL": "0"})
    try:
        deadline = time.monotonic() + 120
        # Half-way: most pages (the edited one among them) fetched and revalidated.
        while _cache_entries_stored_since(tmp_path / "httpcache-offline", since) < 6:
            assert proc.poll() is None, "the crawl ended before it could be killed"
            assert time.monotonic() < deadline, "the crawl never got half-way"
            time.sleep(0.1)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    assert events(db) == before
    assert query(db, "select count(*) n from event_changes")[0]["n"] == 0
    assert last_crawl(db)["outcome"] == "running"
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    conn.close()

    (site_copy / HOST / "_replay.yml").unlink()
    result = crawl(db, site_copy)
    err = result.stderr.decode()
    assert "taking over stale lock" in err
    assert "left 'running' by a killed run" in err
    outcomes = [r["outcome"] for r in query(db, "select outcome from crawls order by id")]
    assert outcomes == ["ok", "aborted", "ok"]
    changes = query(db, "select field, new_value from event_changes")
    assert changes == [{"field": "registration_deadline", "new_value": "2027-01-07"}]
