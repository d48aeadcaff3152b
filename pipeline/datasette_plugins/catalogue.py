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
"""

from __future__ import annotations

import json
import re
from typing import Any

from datasette import facets, hookimpl

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


class _PerRowArrayFacetDatasette:
    """The Datasette an ArrayFacet sees: the same, with its facet SQL rewritten."""

    def __init__(self, ds: Any) -> None:
        self._ds = ds

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ds, name)

    async def execute(self, database: str, sql: str, *args: Any, **kwargs: Any) -> Any:
        return await self._ds.execute(database, per_row_array_facet(sql), *args, **kwargs)


_array_facet_results = facets.ArrayFacet.facet_results


async def _per_row_array_facet_results(self: Any) -> Any:
    if not isinstance(self.ds, _PerRowArrayFacetDatasette):
        self.ds = _PerRowArrayFacetDatasette(self.ds)
    return await _array_facet_results(self)


if getattr(facets.ArrayFacet.facet_results, "__name__", "") == "facet_results":
    facets.ArrayFacet.facet_results = _per_row_array_facet_results


@hookimpl
def prepare_connection(conn: Any, database: str, datasette: Any) -> None:
    db = datasette.databases.get(database)
    if db is not None and not db.is_mutable and not db.is_memory:
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
