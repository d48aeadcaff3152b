"""``eufunds nightly`` end to end over the replay server: atomic publish, feeds,
summary, the lock against a second run, and a SIGKILLed run finished by the next."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.conftest import EUFUNDS, ROOT, run_eufunds
from tests.test_history import ALL_PATHS, CONFERENCE, WEBINAR, page, query, replay_rules


def nightly(db: Path, site: Path, *, expect: int = 0) -> subprocess.CompletedProcess[bytes]:
    result = run_eufunds("nightly", "lubelskie", "--offline", "--sample-site", str(site),
                         "--db", str(db))
    assert result.returncode == expect, result.stderr.decode()[-3000:]
    return result


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_nightly_publishes_one_file_writes_feeds_and_summarises(tmp_path: Path,
                                                                site_copy: Path) -> None:
    db = tmp_path / "events.db"
    err = nightly(db, site_copy).stderr.decode()
    for column in ("source", "new", "changed", "vanished", "errors", "lubelskie"):
        assert column in err
    assert f"published {db}" in err
    assert not db.with_name("events.db.next").exists()
    assert not db.with_name("events.db-wal").exists()
    conn = sqlite3.connect(db)
    assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    conn.close()
    feed = json.loads((tmp_path / "feeds" / "feed.json").read_text(encoding="utf-8"))
    assert len(feed["items"]) >= 1
    (run,) = query(db, "select * from crawls")
    assert run["outcome"] == "ok" and run["new"] == 4

    inode = db.stat().st_ino
    nightly(db, site_copy)
    assert db.stat().st_ino != inode  # replaced whole, never written in place
    second = query(db, "select * from crawls order by id desc limit 1")[0]
    assert (second["new"], second["changed"], second["vanished"]) == (0, 0, 0)
    assert second["not_modified"] == second["pages"] > 0
    assert query(db, "select count(*) n from events")[0]["n"] == 4


def test_failed_source_is_reported_and_untouched(tmp_path: Path, site_copy: Path) -> None:
    db = tmp_path / "events.db"
    nightly(db, site_copy)
    before = query(db, "select * from events order by id")
    replay_rules(site_copy, {"status": dict.fromkeys(ALL_PATHS, 500)})
    result = nightly(db, site_copy, expect=1)
    assert "crawl failed for: lubelskie" in result.stderr.decode()
    assert query(db, "select * from events order by id") == before
    assert query(db, "select outcome from crawls order by id desc limit 1") == [
        {"outcome": "failed"}]


def test_second_run_refused_and_killed_run_finished_by_the_next(tmp_path: Path,
                                                                site_copy: Path) -> None:
    db = tmp_path / "events.db"
    nightly(db, site_copy)
    published = digest(db)
    p = page(site_copy, WEBINAR)
    p.write_text(p.read_text(encoding="utf-8").replace(
        "do {{date 2027-01-05|5 stycznia 2027}}", "do 7 stycznia 2027"),
                 encoding="utf-8")
    replay_rules(site_copy, {"delays": {CONFERENCE: 60}})  # run A hangs half-way there
    since = time.time()
    # A full re-crawl (EUFUNDS_INCREMENTAL=0), so that run A reads enough pages to be
    # caught half-way.
    run_a = subprocess.Popen(
        [*EUFUNDS, "nightly", "lubelskie", "--offline", "--sample-site", str(site_copy),
         "--db", str(db)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, env={**os.environ, "EUFUNDS_INCREMENTAL": "0"})
    lock = db.with_name("events.db.lock")
    try:
        deadline = time.monotonic() + 120
        while sum(1 for f in (tmp_path / "httpcache-offline").rglob("pickled_meta")
                  if f.stat().st_mtime >= since) < 6:
            assert run_a.poll() is None, "run A ended before it could be killed"
            assert time.monotonic() < deadline, "run A never got half-way"
            time.sleep(0.1)
        assert json.loads(lock.read_text())["pid"] == run_a.pid

        run_b = nightly(db, site_copy, expect=1)
        err = run_b.stderr.decode()
        assert f"another nightly run is using this database (pid {run_a.pid}" in err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert digest(db) == published  # readers never see a run in progress
    finally:
        os.killpg(run_a.pid, signal.SIGKILL)
        run_a.wait()

    assert digest(db) == published
    assert db.with_name("events.db.next").exists()  # the killed run's unfinished copy

    (site_copy / "funduszeue.lubelskie.pl" / "_replay.yml").unlink()
    err = nightly(db, site_copy).stderr.decode()
    assert f"taking over stale lock {lock}" in err and f"pid {run_a.pid}" in err
    assert "unfinished copy of an interrupted run" in err
    assert not db.with_name("events.db.next").exists()
    assert query(db, "select field, new_value from event_changes") == [
        {"field": "registration_deadline", "new_value": "2027-01-07"}]
    assert [r["outcome"] for r in query(db, "select outcome from crawls order by id")] == [
        "ok", "ok"]


def test_nightly_refuses_corrupt_or_foreign_database_and_writes_nothing(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt" / "events.db"
    corrupt.parent.mkdir()
    corrupt.write_bytes(b"\x00garbage, not SQLite\xff" * 500)
    foreign = tmp_path / "foreign" / "events.db"
    foreign.parent.mkdir()
    conn = sqlite3.connect(foreign)
    conn.execute("create table events (name text, day text)")
    conn.execute("insert into events values ('someone else', '2026-01-01')")
    conn.commit()
    conn.close()
    for db, why in ((corrupt, "not a usable SQLite database"), (foreign, "not ours")):
        before = db.read_bytes()
        result = run_eufunds("nightly", "--offline", "--db", str(db), "lubelskie")
        err = result.stderr.decode()
        assert result.returncode == 2, err
        assert why in err and "Traceback" not in err
        assert db.read_bytes() == before
        leftovers = sorted(p.name for p in db.parent.iterdir() if p.name != "events.db")
        assert not [n for n in leftovers if n.startswith("events.db.next")], leftovers
        assert not (db.parent / "feeds").exists()
