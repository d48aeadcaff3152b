"""The store without a crawl: upserts, change rows, per-source commits, vanished
marks, duplicates, full-text triggers, schema migration, the run lock."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline import store
from pipeline.lock import LockBusy, RunLock
from pipeline.record import FIELD_NAMES, empty_record, event_id


def record(url: str, **fields: Any) -> dict[str, Any]:
    rec = empty_record()
    rec.update(id=event_id(url), url=url, source="lubelskie", is_event=True,
               title="Szkolenie z zamówień publicznych", start="2026-12-03T09:30",
               city="Zamość", languages=["pl"], body="Szkolenie dla beneficjentów.")
    rec.update(fields)
    return rec


A = "https://a.example/e/1"
B = "https://a.example/e/2"


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    handle = store.open_db(tmp_path / "events.db")
    yield handle
    handle.conn.close()


def rows(db: Any, sql: str, *args: Any) -> list[dict[str, Any]]:
    cur = db.conn.execute(sql, args)
    return [dict(zip([d[0] for d in cur.description], r, strict=True)) for r in cur]


def run(db: Any, source: str, records: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    crawl_id = store.start_crawl(db, source)
    return store.commit_crawl(db, crawl_id, source, records, outcome="ok",
                              items=len(records), **kw)


def test_schema_wal_indexes_fts(db: Any) -> None:
    assert db.conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    names = {r["name"] for r in rows(db, "select name from sqlite_master")}
    assert {"events", "event_changes", "crawls", "sources", "events_fts",
            "current_events", "vanished_events"} <= names
    for index in ("idx_events_start", "idx_events_dedup_key", "idx_event_changes_field_seen",
                  "idx_crawls_source_started", "idx_events_source_crawl"):
        assert index in names
    assert db["events"].detect_fts() == "events_fts"
    plan = " ".join(r["detail"] for r in rows(
        db, "explain query plan select * from events where start >= '2026-01-01'"))
    assert "idx_events_start" in plan


def test_new_unchanged_changed_with_change_rows(db: Any) -> None:
    assert store.upsert_event(db, record(A), seen_at="2026-01-01T00:00:00Z") == "new"
    assert store.upsert_event(db, record(A), seen_at="2026-01-02T00:00:00Z") == "unchanged"
    edited = record(A, registration_deadline="2026-11-30", status="cancelled",
                    body="Szkolenie odwołane.")
    assert store.upsert_event(db, edited, seen_at="2026-01-03T00:00:00Z", crawl_id=7) == "changed"
    changes = rows(db, "select field, old_value, new_value, seen_at, crawl_id "
                       "from event_changes order by field")
    assert changes == [
        {"field": "registration_deadline", "old_value": None, "new_value": "2026-11-30",
         "seen_at": "2026-01-03T00:00:00Z", "crawl_id": 7},
        {"field": "status", "old_value": "scheduled", "new_value": "cancelled",
         "seen_at": "2026-01-03T00:00:00Z", "crawl_id": 7},
    ]
    row = store.load_event(db, event_id(A))
    assert row["first_seen"] == "2026-01-01T00:00:00Z"
    assert row["last_seen"] == "2026-01-03T00:00:00Z"
    assert row["languages"] == ["pl"] and row["is_event"] is True


def test_languages_change_is_tracked_as_json(db: Any) -> None:
    store.upsert_event(db, record(A))
    store.upsert_event(db, record(A, languages=["pl", "en"]))
    (change,) = rows(db, "select * from event_changes")
    assert change["field"] == "languages"
    assert json.loads(change["old_value"]) == ["pl"]
    assert json.loads(change["new_value"]) == ["pl", "en"]


def test_commit_is_one_transaction(db: Any) -> None:
    run(db, "lubelskie", [record(A)])
    broken = record(B)
    broken["venue"] = object()  # cannot be stored: the run fails half-way through
    crawl_id = store.start_crawl(db, "lubelskie")
    with pytest.raises(sqlite3.Error):
        store.commit_crawl(db, crawl_id, "lubelskie",
                           [record(A, title="Zmieniony tytuł"), broken], outcome="ok")
    assert store.load_event(db, event_id(A))["title"] == "Szkolenie z zamówień publicznych"
    assert rows(db, "select count(*) n from event_changes") == [{"n": 0}]
    assert rows(db, "select outcome from crawls where id = ?", crawl_id) == [
        {"outcome": "running"}]


def test_vanished_marked_not_deleted_and_cleared_on_return(db: Any) -> None:
    run(db, "lubelskie", [record(A), record(B)])
    run(db, "other", [record("https://b.example/x", source="other", title="Inne")])
    second = run(db, "lubelskie", [record(A)])
    assert second["vanished"] == 1
    gone = store.load_event(db, event_id(B))
    assert gone is not None and gone["missing_since"] == second["finished"]
    assert store.load_event(db, event_id("https://b.example/x"))["missing_since"] is None
    assert [r["id"] for r in rows(db, "select id from vanished_events")] == [event_id(B)]
    # A cut-short run marks nothing; a run that sees it again clears the mark.
    crawl_id = store.start_crawl(db, "lubelskie")
    store.commit_crawl(db, crawl_id, "lubelskie", [], outcome="partial", complete=False)
    assert store.load_event(db, event_id(A))["missing_since"] is None
    run(db, "lubelskie", [record(A), record(B)])
    assert store.load_event(db, event_id(B))["missing_since"] is None


def test_failed_crawl_touches_no_event(db: Any) -> None:
    run(db, "lubelskie", [record(A)])
    before = rows(db, "select * from events")
    crawl_id = store.start_crawl(db, "lubelskie")
    row = store.fail_crawl(db, crawl_id, "lubelskie", outcome="failed", items=0,
                           status_counts={"500": 3}, note="portal down")
    assert rows(db, "select * from events") == before
    assert row["outcome"] == "failed" and json.loads(row["status_counts"]) == {"500": 3}
    (src,) = rows(db, "select * from sources where id = 'lubelskie'")
    assert src["last_outcome"] == "failed" and src["last_good_crawl_id"] == crawl_id - 1


@pytest.mark.parametrize(
    ("kwargs", "outcome", "note"),
    [
        ({}, "ok", None),
        ({"responses": 0, "error_responses": 0}, "failed", "no page"),
        ({"responses": 9, "error_responses": 9}, "failed", "pages failed"),
        ({"items": 0}, "failed", "no items"),
        ({"items": 4, "last_good": 20}, "failed", "last good"),
        ({"items": 12, "last_good": 20}, "ok", None),
        ({"finish_reason": "shutdown"}, "failed", "interrupted"),
        ({"finish_reason": "closespider_timeout"}, "partial", "cut short"),
        ({"errors": 1, "error_responses": 1}, "partial", "error"),
        ({"blocked": "incapsula"}, "blocked", "anti-bot"),
    ],
)
def test_judge_crawl(kwargs: dict[str, Any], outcome: str, note: str | None) -> None:
    args = {"finish_reason": "finished", "responses": 9, "error_responses": 0, "items": 6,
            "errors": 0, "last_good": 6, **kwargs}
    got, why = store.judge_crawl(**args)
    assert got == outcome
    assert (why is None) if note is None else (note in why)


def test_cross_portal_duplicates_linked(db: Any) -> None:
    run(db, "lubelskie", [record(A, title="Szkolenie: Zamówienia publiczne!")])
    run(db, "krajowy", [
        record("https://n.example/1", source="krajowy", title="SZKOLENIE – zamówienia publiczne",
               city="ZAMOŚĆ", start="2026-12-03"),
        record("https://n.example/2", source="krajowy", title="Inne szkolenie"),
    ])
    # The same portal announcing two sessions of one training: not duplicates of each other.
    run(db, "lubelskie", [record(A, title="Szkolenie: Zamówienia publiczne!"),
                          record(B, title="Szkolenie: Zamówienia publiczne")])
    dup = store.load_event(db, event_id("https://n.example/1"))
    assert dup["duplicate_of"] == event_id(A)
    assert store.load_event(db, event_id(A))["duplicate_of"] is None
    assert store.load_event(db, event_id(B))["duplicate_of"] is None
    assert store.load_event(db, event_id("https://n.example/2"))["duplicate_of"] is None
    once = {r["id"] for r in rows(db, "select id from current_events")}
    assert event_id("https://n.example/1") not in once and event_id(A) in once


def test_dedup_key_normalises() -> None:
    a = store.dedup_key({"title": "Spotkanie – „Łódź” 2027", "start": "2027-01-08T11:00",
                         "city": "Łódź"})
    b = store.dedup_key({"title": "spotkanie lodz 2027", "start": "2027-01-08", "city": "LODZ"})
    assert a == b == "2027-01-08|lodz|spotkanie lodz 2027"
    assert store.dedup_key({"title": "x", "start": None}) is None


def test_fts_follows_text_changes_only(db: Any) -> None:
    store.upsert_event(db, record(A))
    store.upsert_event(db, record(A))  # last_seen only: the FTS row is not rewritten
    assert db.conn.execute("select count(*) from events_fts where events_fts match "
                           "'beneficjentow'").fetchone()[0] == 1
    store.upsert_event(db, record(A, body="Konferencja o ekonomii społecznej."))
    match = "select count(*) from events_fts where events_fts match ?"
    assert db.conn.execute(match, ["beneficjentow"]).fetchone()[0] == 0
    assert db.conn.execute(match, ["ekonomii"]).fetchone()[0] == 1
    db.conn.execute("insert into events_fts(events_fts) values ('integrity-check')")
    triggers = {r["name"]: r["sql"] for r in rows(
        db, "select name, sql from sqlite_master where type = 'trigger'")}
    assert "UPDATE OF [title], [summary], [body]" in triggers["events_au"]


def test_old_database_is_migrated(tmp_path: Path) -> None:
    """A database written by the first version of the store gains the new columns."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    cols = ", ".join(f"[{f}] TEXT" for f in FIELD_NAMES if f != "id")
    conn.execute(f"create table events (id text primary key, {cols})")
    conn.execute("insert into events (id, source, title, content_hash, first_seen) "
                 "values ('x', 'lubelskie', 'Stare wydarzenie', 'h', '2025-01-01T00:00:00Z')")
    conn.execute("create table crawls (id integer primary key, source text, started text, "
                 "outcome text)")
    conn.commit()
    conn.close()
    db = store.open_db(path)
    assert {"missing_since", "duplicate_of", "last_crawl_id", "dedup_key"} <= set(
        db["events"].columns_dict)
    assert {"status_counts", "not_modified", "vanished"} <= set(db["crawls"].columns_dict)
    assert db.conn.execute("select count(*) from events_fts where events_fts match "
                           "'wydarzenie'").fetchone()[0] == 1
    db.conn.close()


def test_foreign_events_table_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("create table events (id integer, name text)")
    conn.commit()
    conn.close()
    with pytest.raises(store.StoreError, match="not ours"):
        store.open_db(path)


def test_lock_refuses_second_holder_and_takes_over_stale(tmp_path: Path) -> None:
    path = tmp_path / "events.db.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from pipeline.lock import RunLock;"
         f"lock = RunLock(Path({str(path)!r}), what='nightly run').acquire();"
         "print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=Path(__file__).parent.parent)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        with pytest.raises(LockBusy, match=f"another nightly run.*pid {holder.pid}"):
            RunLock(path).acquire()
    finally:
        holder.kill()  # dies holding it, like a SIGKILLed run
        holder.wait()
    lock = RunLock(path).acquire()
    try:
        assert lock.message is not None
        assert f"stale lock {path}" in lock.message and str(holder.pid) in lock.message
        assert json.loads(path.read_text())["pid"] == os.getpid()
    finally:
        lock.release()
    assert path.read_text() == ""
    with RunLock(path) as again:
        assert again.message is None  # released cleanly last time: nothing stale


def test_one_page_one_id_whatever_the_visitor_came_from() -> None:
    page = "https://funduszeue.slaskie.pl/czytaj/webinar-fesl"
    # Liferay's link from a listing, a campaign's tags: the same page, the same event
    assert event_id(page + "?redirect=%2Fweb%2Fguest%2Faktualnosci&inheritRedirect=true") == (
        event_id(page)
    )
    assert event_id("https://x.pl/a?id=5&utm_source=fb") == event_id("https://x.pl/a?id=5")
    assert event_id("https://x.pl/a?id=5") != event_id("https://x.pl/a?id=6")
