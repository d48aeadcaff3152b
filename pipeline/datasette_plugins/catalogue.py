"""Datasette plugin of the catalogue, loaded by ``eufunds serve`` (``--plugins-dir``).

* Reads through a memory map: the database is served immutable, so SQLite may map it
  (``PRAGMA mmap_size``) and read pages without a system call each; index lookups of a
  million-event catalogue get faster (bench/catalogue_bench.py).
* Computes each facet once: Datasette 0.65 runs (and shows) a facet twice when a request
  asks for one that ``metadata.yml`` already sets (``?_facet=source`` on ``events``,
  whose default facets include ``source``). Identical facet configurations are merged,
  the first kept; facets asked for that are not defaults are added as before.
* Counts an array facet (``languages``) row by row: Datasette 0.65 removes repeated values
  of one row's array with a ``select distinct`` over the value and *every column* of the
  page's rows, a temporary B-tree as wide as the table (over a second at 250,000
  upcoming events: the facet timed out). The same counts come from each row's own array,
  a value counted at its first place in it. The rewrite applies only to SQL of exactly
  that form; anything else runs as written.
* Reads the facets of ``upcoming_events`` without a filter from ``upcoming_facets``, the
  per-day and per-month counts kept by triggers (``pipeline/views.py`` FACET_DDL): eight
  facets in a few milliseconds instead of 0.5-1 s at a million events. With any filter
  (or a search) the facets are counted over the rows shown, as before.
* Counts the matches of a search of ``events`` in the search index alone (one row per
  event, kept by triggers), not by looking each match up in ``events``; and reads the
  page of a search with many matches along the start index (see ``search_walk``).
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from datasette import facets, hookimpl

from pipeline.views import UPCOMING_FACET_COLUMNS, upcoming_facet_sql

MMAP_BYTES = 4 * 2**30

_load_facet_configs = facets.load_facet_configs


def _unique_facet_configs(request: Any, table_metadata: Any) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for kind, configs in _load_facet_configs(request, table_metadata).items():
        seen: set[str] = set()
        for item in configs:
            key = json.dumps(item["config"], sort_keys=True)
            if key not in seen:
                seen.add(key)
                out.setdefault(kind, []).append(item)
    return out


if getattr(facets.load_facet_configs, "__name__", "") == "load_facet_configs":
    facets.load_facet_configs = _unique_facet_configs


_ARRAY_FACET = re.compile(
    r"\s*with inner as \((?P<sql>.*)\),\s*deduped_array_items as \(\s*select\s+distinct "
    r"j\.value,\s*inner\.\*\s+from\s+json_each\(\[inner\]\.(?P<col>\[[^\]]+\]|\w+)\) j\s+"
    r"join inner\s*\)\s*select\s+value as value,\s*count\(\*\) as count\s+from\s+"
    r"deduped_array_items\s+group by\s+value\s+order by\s+count\(\*\) desc, value "
    r"limit (?P<limit>\d+)\s*", re.S)


def per_row_array_facet(sql: str) -> str:
    """Datasette's array facet SQL, counting each row's distinct values per row."""
    m = _ARRAY_FACET.fullmatch(sql)
    if not m:
        return sql
    col = f"[inner].{m['col']}"
    # a value counts once per row: at its first place in that row's array
    return (f"with inner as ({m['sql']}) select j.value as value, count(*) as count "
            f"from inner, json_each({col}) j where j.key = (select min(k.key) "
            f"from json_each({col}) k where k.value = j.value) "
            f"group by j.value order by count(*) desc, j.value limit {m['limit']}")


# The SQL of the unfiltered upcoming_events page (Datasette's ``select <columns> from
# [upcoming_events] `` with no ``where``): its facets are counted in advance.
_UPCOMING_UNFILTERED = re.compile(
    r"\s*select\s+[^()]*?\s+from\s+(?:\[upcoming_events\]|upcoming_events)\s*", re.S)
_COLUMN_FACET = re.compile(
    r"\s*select\s+(?P<col>\[[^\]]+\]|\w+)\s+as\s+value,\s*count\(\*\)\s+as\s+count\s+"
    r"from\s+\(\s*(?P<sql>.*?)\s*\)\s*where\s+(?P=col)\s+is\s+not\s+null\s+group\s+by\s+"
    r"(?P=col)\s+order\s+by\s+count\s+desc,\s*value\s+limit\s+(?P<limit>\d+)\s*", re.S)


def precounted_facet(sql: str) -> str | None:
    """SQL reading the facet counts kept in ``upcoming_facets`` (pipeline/views.py) when
    ``sql`` is Datasette's column or array facet of ``upcoming_events`` with no filter;
    else None. The same rows as the facet over the view, a few thousand rows read instead
    of every upcoming event (eight facets of a million-event catalogue: 0.5-1 s a page)."""
    m = _COLUMN_FACET.fullmatch(sql) or _ARRAY_FACET.fullmatch(sql)
    if not m or not _UPCOMING_UNFILTERED.fullmatch(m["sql"]):
        return None
    column = m["col"].strip("[]")
    if column not in UPCOMING_FACET_COLUMNS:
        return None
    return upcoming_facet_sql(column, int(m["limit"]))


class _FacetSqlDatasette:
    """The Datasette a facet sees: the same, with its facet SQL rewritten (precounted
    facets of upcoming_events, per-row array facets)."""

    def __init__(self, ds: Any) -> None:
        self._ds = ds

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ds, name)

    async def execute(self, database: str, sql: str, *args: Any, **kwargs: Any) -> Any:
        precounted = precounted_facet(sql)
        if precounted is not None:
            try:
                return await self._ds.execute(database, precounted, *args, **kwargs)
            except sqlite3.OperationalError:  # a database without the counts: count them
                pass
        return await self._ds.execute(database, per_row_array_facet(sql), *args, **kwargs)


def _rewritten(original: Any) -> Any:
    async def facet_results(self: Any) -> Any:
        if not isinstance(self.ds, _FacetSqlDatasette):
            self.ds = _FacetSqlDatasette(self.ds)
        return await original(self)

    facet_results.__name__ = "_rewritten_facet_results"
    return facet_results


for _cls in (facets.ArrayFacet, facets.ColumnFacet):
    if getattr(_cls.facet_results, "__name__", "") == "facet_results":
        _cls.facet_results = _rewritten(_cls.facet_results)


# Datasette's count of a search of the events table: every match looked up in events
# (55,000 rows for a common word at a million events, ~50 ms). The search index holds one
# row per event, with the event's rowid (kept by triggers, pipeline/views.py SEARCH_DDL), so
# counting the matches in the index alone gives the same number (~2 ms).
_SEARCH_COUNT = re.compile(
    r"\s*select\s+count\(\*\)\s+from\s+(?:\[events\]|events)\s+where\s+rowid\s+in\s+"
    r"\(\s*select\s+rowid\s+from\s+(?P<fts>\[events_search\]|events_search)\s+where\s+"
    r"(?P=fts)\s+match\s+(?P<match>escape_fts\(:search\)|:search)\s*\)\s*", re.S)


def search_count(sql: str) -> str:
    """``sql`` with a count of a search of events counted in the search index alone."""
    m = _SEARCH_COUNT.fullmatch(sql)
    if not m:
        return sql
    return f"select count(*) from events_search where events_search match {m['match']}"


# The first page of a search of events in start order. SQLite reads every match, then sorts:
# 55,000-140,000 matches of a common word at a million events, 60-150 ms. When the matches
# are many, the page is usually among the first few thousand entries of the start index:
# those are walked first (a bounded walk, ~1 ms) and the page read by rowid; if fewer than a
# page of matches lie there (a word found only in later events), SQLite's plan runs as
# before. Later pages (``_next``) and other sort orders keep SQLite's plan.
_SEARCH_ROWS = re.compile(
    r"(?P<head>\s*select\s+[^()]*?\s+from\s+(?:\[events\]|events))\s+where\s+rowid\s+"
    r"in\s+\(\s*select\s+rowid\s+from\s+(?P<fts>\[events_search\]|events_search)\s+where\s+"
    r"(?P=fts)\s+match\s+(?P<match>escape_fts\(:search\)|:search)\s*\)\s+"
    r"(?P<order>order\s+by\s+(?:\[start\]|start)(?P<desc>\s+desc)?"
    r"(?:\s*,\s*\w+(?:\s+desc)?)?\s+limit\s+(?P<limit>\d+))\s*", re.S)
#: From this many matches on, a search's first page is looked for along the start index.
START_ORDER_FROM = 2000


def search_walk(sql: str, matches: int, events: int) -> str | None:
    """SQL of the rowids of the first page of the search ``sql`` among the first entries
    of the start index (enough for four pages were the matches spread evenly), or None
    when ``sql`` is not such a page or has too few matches to gain."""
    m = _SEARCH_ROWS.fullmatch(sql)
    if not m or matches < START_ORDER_FROM:
        return None
    limit = int(m["limit"])
    walk = min(events, 4 * limit * events // max(matches, 1) + 1000)
    order = "desc" if m["desc"] else ""
    return (f"select rowid from (select rowid from events indexed by idx_events_start "
            f"order by start {order} limit {walk}) where rowid in (select rowid from "
            f"events_search where events_search match {m['match']}) limit {limit}")


def search_page(sql: str, rowids: list[int]) -> str:
    """The page ``sql`` read by the rowids the walk found (same columns, same order)."""
    m = _SEARCH_ROWS.fullmatch(sql)
    assert m is not None
    listed = ", ".join(str(int(r)) for r in rowids)
    return f"{m['head']} where rowid in ({listed}) {m['order']}"


def _faster_search(execute: Any) -> Any:
    async def run(sql: str, *args: Any, **kwargs: Any) -> Any:
        sql = search_count(sql)
        m = _SEARCH_ROWS.fullmatch(sql)
        if m:
            params = {"search": ((args[0] if args else kwargs.get("params")) or {}).get(
                "search")}
            try:
                counted = await execute(
                    f"select count(*) from events_search where events_search match "
                    f"{m['match']}", params)
                size = await execute("select max(rowid) from events")
                walk = search_walk(sql, counted.rows[0][0], size.rows[0][0] or 0)
                if walk:
                    found = [r[0] for r in await execute(walk, params)]
                    if len(found) == int(m["limit"]):  # the page lies in the walked part
                        sql = search_page(sql, found)
            except sqlite3.DatabaseError:  # e.g. a search syntax error: Datasette says so
                pass
        return await execute(sql, *args, **kwargs)

    run._eufunds_search = True  # type: ignore[attr-defined]
    return run


@hookimpl
def startup(datasette: Any) -> None:
    for db in datasette.databases.values():
        if not getattr(db.execute, "_eufunds_search", False):
            db.execute = _faster_search(db.execute)


@hookimpl
def prepare_connection(conn: Any, database: str, datasette: Any) -> None:
    db = datasette.databases.get(database)
    if db is not None and not db.is_mutable and not db.is_memory:
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
