"""The facet counts of ``upcoming_events`` kept in advance (``upcoming_facets``, pipeline/views.py)
and read by the catalogue plugin when the page has no filter.

The counts must be what Datasette would count over the view's rows on any day, whatever
writes the database: checked against SQL over the view after a real crawl, after inserts,
updates and deletes through ``events``, and on days across a month's end.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from pipeline import store
from pipeline.views import FACET_TABLE, UPCOMING_FACET_COLUMNS, upcoming_facet_sql
from tests.test_catalogue import make_datasette


def counted(conn: sqlite3.Connection, facet: str, today: str) -> list[tuple[str, int]]:
    """The facet as Datasette counts it over the rows of upcoming_events on ``today``."""
    rows = conn.execute(
        "select * from upcoming_base where until >= ?", [today]).fetchall()
    names = [d[0] for d in conn.execute("select * from upcoming_base limit 0").description]
    counts: dict[str, int] = {}
    for row in rows:
        rec = dict(zip(names, row, strict=True))
        if facet == "languages":
            try:
                values = set(json.loads(rec["languages"] or "null") or [])
            except ValueError:
                values = set()
        else:
            values = {rec[facet]} if rec[facet] is not None else set()
        for v in values:
            counts[v] = counts.get(v, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def kept(conn: sqlite3.Connection, facet: str, today: str) -> list[tuple[str, int]]:
    return [tuple(r) for r in conn.execute(
        upcoming_facet_sql(facet, 10_000, today=f"'{today}'"))]


def days(conn: sqlite3.Connection) -> list[str]:
    """Days to check: every distinct day events end on, the day after each, month ends."""
    ends = sorted({r[0] for r in conn.execute(
        "select distinct substr(until, 1, 10) from upcoming_base where until is not null")})
    out = set(ends[:40])
    out |= {f"{d[:8]}01" for d in ends} | {f"{d[:8]}31" for d in ends[:20]}
    out |= {"2000-01-01", "2999-12-31"}
    return sorted(out)


def test_counts_after_a_crawl_match_the_view_on_every_day(sample_db: Path,
                                                           tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    shutil.copy(sample_db, db)
    conn = sqlite3.connect(db)
    assert conn.execute(f"select count(*) from {FACET_TABLE}").fetchone()[0] > 0
    for today in days(conn):
        for facet in UPCOMING_FACET_COLUMNS:
            assert kept(conn, facet, today) == counted(conn, facet, today), (facet, today)
    conn.close()


def test_counts_follow_inserts_updates_and_deletes(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    shutil.copy(sample_db, db)
    conn = sqlite3.connect(db, isolation_level=None)
    some = [r[0] for r in conn.execute("select id from upcoming_base order by id limit 6")]
    assert len(some) >= 4
    conn.execute("begin")
    # moved to another city, month and language; cancelled; vanished; a copy of another
    conn.execute("update events set city = 'Zamość', start = '2999-02-03T10:00', \"end\" = null, "
                 "languages = '[\"de\", \"de\", \"pl\"]' where id = ?", [some[0]])
    conn.execute("update events set status = 'cancelled', languages = 'not json' "
                 "where id = ?", [some[1]])
    conn.execute("update events set missing_since = '2026-01-01T00:00:00Z' where id = ?",
                 [some[2]])
    conn.execute("delete from events where id = ?", [some[3]])
    # a new event (a copy of another row with a new id and url)
    cols = [r[1] for r in conn.execute("pragma table_info(events)") if r[1] not in
            ("id", "url")]
    names = ", ".join(f"[{c}]" for c in cols)
    conn.execute(f"insert into events (id, url, {names}) select 'new-event', "
                 f"'https://example.org/new', {names} from events where id = ?", [some[4]])
    # insert or replace straight into upcoming_base replaces a row's counts too
    conn.execute("insert or replace into upcoming_base select * from upcoming_base "
                 "where id = ?", [some[5]])
    conn.execute("commit")
    for today in days(conn):
        for facet in UPCOMING_FACET_COLUMNS:
            assert kept(conn, facet, today) == counted(conn, facet, today), (facet, today)
    conn.close()


def test_a_rebuild_gives_the_counts_the_triggers_kept(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    shutil.copy(sample_db, db)
    conn = sqlite3.connect(db, isolation_level=None)
    before = conn.execute(f"select * from {FACET_TABLE} where n > 0 order by 1, 2, 3, 4"
                          ).fetchall()
    conn.execute(f"drop table {FACET_TABLE}")  # (its triggers on upcoming_base stay)
    conn.close()
    store.open_db(db).conn.close()  # ensure_schema rebuilds the group
    conn = sqlite3.connect(db)
    after = conn.execute(f"select * from {FACET_TABLE} order by 1, 2, 3, 4").fetchall()
    conn.close()
    assert after == before


@pytest.fixture
def served(sample_db: Path, tmp_path: Path) -> Path:
    """A copy of the sample catalogue whose kept counts are doubled: the served page shows
    them only if it reads the kept counts."""
    db = tmp_path / "events.db"
    shutil.copy(sample_db, db)
    conn = sqlite3.connect(db)
    conn.execute(f"update {FACET_TABLE} set n = n * 2")
    conn.commit()
    conn.close()
    return db


def test_datasette_reads_the_kept_counts_only_without_a_filter(served: Path) -> None:
    ds = make_datasette(served)

    async def fetch(path: str) -> dict:
        await ds.invoke_startup()
        return (await ds.client.get(path)).json()

    conn = sqlite3.connect(served)
    plain = asyncio.run(fetch("/events/upcoming_events.json?_size=0"))["facet_results"]
    today = conn.execute("select today from warsaw_clock").fetchone()[0]
    for facet in UPCOMING_FACET_COLUMNS:
        shown = [(r["value"], r["count"]) for r in plain[facet]["results"]]
        want = [(v, 2 * n) for v, n in counted(conn, facet, today)][:len(shown)]
        assert shown == want, facet
        assert plain[facet]["truncated"] == (len(counted(conn, facet, today)) > len(shown))
    # a filter: counted over the rows shown, as Datasette counts them
    mode = plain["attendance_mode"]["results"][0]["value"]
    filtered = asyncio.run(fetch(f"/events/upcoming_events.json?_size=0&attendance_mode={mode}"))
    for facet in ("source", "attendance_mode"):
        got = {r["value"]: r["count"] for r in filtered["facet_results"][facet]["results"]}
        want = dict(conn.execute(
            f"select {facet}, count(*) from upcoming_events where attendance_mode = ? "
            f"and {facet} is not null group by 1", [mode]).fetchall())
        assert got == want, facet
    conn.close()


def test_a_database_without_kept_counts_is_counted(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    shutil.copy(sample_db, db)
    conn = sqlite3.connect(db)
    conn.execute(f"drop table {FACET_TABLE}")
    conn.commit()
    today = conn.execute("select today from warsaw_clock").fetchone()[0]
    ds = make_datasette(db)

    async def fetch() -> dict:
        await ds.invoke_startup()
        return (await ds.client.get("/events/upcoming_events.json?_size=0")).json()

    results = asyncio.run(fetch())["facet_results"]
    for facet in UPCOMING_FACET_COLUMNS:
        shown = [(r["value"], r["count"]) for r in results[facet]["results"]]
        assert shown == counted(conn, facet, today)[:len(shown)], facet
    conn.close()


def test_events_per_week_counts_the_upcoming_events_of_each_week(sample_db: Path) -> None:
    """The chart's canned query reads upcoming_base's index; it counts what SQL over the view
    upcoming_events counts."""
    ds = make_datasette(sample_db)

    async def fetch() -> list[dict]:
        await ds.invoke_startup()
        return (await ds.client.get("/events/events_per_week.json?_shape=array")).json()

    shown = {(r["week"], r["event_type"]): r["events"] for r in asyncio.run(fetch())}
    conn = sqlite3.connect(f"file:{sample_db}?mode=ro", uri=True)
    want: dict[tuple[str, str], int] = {}
    today = conn.execute("select today from warsaw_clock").fetchone()[0]
    rows = conn.execute("select start, coalesce(event_type, 'other') from upcoming_events "
                        "where start >= ? and start < date(?, '+84 days')", [today, today])
    for start, kind in rows:
        day = date.fromisoformat(start[:10])
        week = (day - timedelta(days=day.weekday())).isoformat()  # its Monday
        want[(week, kind)] = want.get((week, kind), 0) + 1
    conn.close()
    assert shown == want and shown
