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


@hookimpl
def prepare_connection(conn: Any, database: str, datasette: Any) -> None:
    db = datasette.databases.get(database)
    if db is not None and not db.is_mutable and not db.is_memory:
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
