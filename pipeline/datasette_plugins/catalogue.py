"""Datasette plugin of the catalogue, loaded by ``eufunds serve`` (``--plugins-dir``).

* Reads through a memory map: the database is served immutable, so SQLite may map it
  (``PRAGMA mmap_size``) and read pages without a system call each; index lookups of a
  million-event catalogue get faster (bench/catalogue_bench.py).
* Computes each facet once: Datasette 0.65 runs (and shows) a facet twice when a request
  asks for one that ``metadata.yml`` already sets (``?_facet=source`` on ``events``,
  whose default facets include ``source``). Identical facet configurations are merged,
  the first kept; facets asked for that are not defaults are added as before.
"""

from __future__ import annotations

import json
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


@hookimpl
def prepare_connection(conn: Any, database: str, datasette: Any) -> None:
    db = datasette.databases.get(database)
    if db is not None and not db.is_mutable and not db.is_memory:
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
