"""Shared by the per-source spider tests: one real offline crawl of one source.

Each test module crawls its source once (module-scoped fixture) with the real
``eufunds crawl <id> --offline --db D`` over the replay server, then asserts
field by field, in the manner of City Scrapers' spider tests.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import run_eufunds

JSON_FIELDS = ("languages", "sessions")


@dataclass
class Crawl:
    """What one offline crawl of one source left in the database."""

    events: dict[str, dict[str, Any]]  # url -> events row
    row: dict[str, Any]  # this source's crawls row
    returncode: int
    stderr: str


def crawl_source(source_id: str, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    db = tmp_path_factory.mktemp(source_id) / "events.db"
    result = run_eufunds("crawl", source_id, "--offline", "--db", str(db))
    stderr = result.stderr.decode("utf-8", "replace")
    assert db.exists(), stderr[-2000:]
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    events = {r["url"]: dict(r) for r in conn.execute("select * from events where source = ?",
                                                      (source_id,))}
    rows = [dict(r) for r in conn.execute("select * from crawls where source = ?", (source_id,))]
    conn.close()
    assert len(rows) == 1, (rows, stderr[-2000:])
    return Crawl(events=events, row=rows[0], returncode=result.returncode, stderr=stderr)


def field(row: dict[str, Any], name: str) -> Any:
    """A column of an events row, JSON columns decoded."""
    value = row[name]
    if name in JSON_FIELDS and isinstance(value, str):
        return json.loads(value)
    return value
