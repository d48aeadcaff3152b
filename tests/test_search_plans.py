"""A search of the events table (``/events/events?_search=``) read another way by the catalogue
plugin (its count in the search index; a first page with many matches along the start index)
answers what SQLite answers for Datasette's own SQL.

Over a generated catalogue of 20,000 events (bench/catalogue_bench.py's generator, the
project's schema and triggers), served by a real Datasette configured as ``eufunds serve``.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from datasette.utils import escape_fts

from bench.catalogue_bench import build
from pipeline.datasette_plugins.catalogue import START_ORDER_FROM, search_count, search_walk
from pipeline.views import UPCOMING_FACET_COLUMNS
from tests.test_catalogue import make_datasette

LATE_WORD = "najpozniejszy"


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("search") / "events.db"
    build(db, 20_000)
    conn = sqlite3.connect(db)
    # a word only the 2,500 latest events have: a walk from the earliest finds none of them
    conn.execute(f"update events set title = title || ' {LATE_WORD}' where rowid in "
                 "(select rowid from events order by start desc limit 2500)")
    conn.commit()
    conn.close()
    return db


def served(db: Path, paths: list[str]) -> list[dict[str, Any]]:
    ds = make_datasette(db)

    async def run() -> list[dict[str, Any]]:
        await ds.invoke_startup()
        return [(await ds.client.get(p)).json() for p in paths]

    return asyncio.run(run())


def by_sqlite(db: Path, word: str, desc: bool = False) -> tuple[int, list[tuple[str, str]]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    where = ("rowid in (select rowid from events_search where events_search match "
             "escape_fts(?))")
    conn.create_function("escape_fts", 1, escape_fts)  # Datasette's own
    count = conn.execute(f"select count(*) from events where {where}", [word]).fetchone()[0]
    rows = conn.execute(f"select start, id from events where {where} order by start "
                        f"{'desc' if desc else ''}", [word]).fetchall()
    conn.close()
    return count, rows


@pytest.mark.parametrize(("word", "desc"), [
    ("webinarium", False), ("webinarium", True), ("szkolenie zamość", False),
    (LATE_WORD, False), (LATE_WORD, True), ("nieistniejącesłowo", False)])
def test_search_pages_are_sqlites_pages(catalogue: Path, word: str, desc: bool) -> None:
    sort = "_sort_desc=start" if desc else "_sort=start"
    (page,) = served(catalogue, [f"/events/events.json?_search={word}&{sort}&_size=51"
                             "&_shape=objects"])
    count, ordered = by_sqlite(catalogue, word, desc)
    assert page["filtered_table_rows_count"] == count
    got = [(r["start"], r["id"]) for r in page["rows"]]
    assert len(got) == min(51, count)
    # the same starts in the same order; ties on the page's last start may be broken either way
    assert [s for s, _ in got] == [s for s, _ in ordered[:len(got)]]
    if got:
        last = got[-1][0]
        assert {i for s, i in got if s != last} == {i for s, i in ordered[:len(got)]
                                                     if s != last}


def test_the_rewrites_apply_where_they_gain(catalogue: Path) -> None:
    conn = sqlite3.connect(catalogue)
    many = conn.execute("select count(*) from events_search where events_search match "
                        "'webinarium'").fetchone()[0]
    conn.close()
    assert many >= START_ORDER_FROM  # the walk is tried for this word
    page = ("select id, start from events where rowid in (select rowid from events_search "
            "where events_search match escape_fts(:search)) order by start limit 51")
    assert search_walk(page, many, 20_000) is not None
    assert search_walk(page, START_ORDER_FROM - 1, 20_000) is None
    later = page.replace("order by", "and (start > :p0) order by")
    assert search_walk(later, many, 20_000) is None
    count = ("select count(*) from events where rowid in (select rowid from events_search "
             "where events_search match escape_fts(:search))")
    assert search_count(count) == ("select count(*) from events_search where events_search "
                                   "match escape_fts(:search)")
    assert search_count(count + " and x = 1") == count + " and x = 1"


@pytest.mark.parametrize("column", [c for c in UPCOMING_FACET_COLUMNS if c != "languages"])
def test_a_filtered_first_page_of_upcoming_events_needs_no_sort(catalogue: Path,
                                                                column: str) -> None:
    """A feed of a filter (``upcoming_events.ics?attendance_mode=online``) is the first page
    of the filter in start order: read along the filter column's index, not sorted whole."""
    conn = sqlite3.connect(f"file:{catalogue}?mode=ro", uri=True)
    value = conn.execute(f"select {column} from upcoming_base where {column} is not null "
                         f"group by 1 order by count(*) desc limit 1").fetchone()[0]
    sql = (f"select id, start from upcoming_events where {column} = ? "
           "order by start limit 101")
    plan = " / ".join(r[-1] for r in conn.execute(f"explain query plan {sql}", [value]))
    rows = conn.execute(sql, [value]).fetchall()
    starts = [s for _, s in conn.execute(
        f"select id, start from upcoming_events where {column} = ?", [value]).fetchall()]
    conn.close()
    assert f"idx_upcoming_base_{column}" in plan and "TEMP B-TREE FOR ORDER BY" not in plan
    assert [s for _, s in rows] == sorted(starts)[:len(rows)]
