"""Keeping events in SQLite with sqlite-utils.

The database is the crawler's state: ``events`` holds one row per announcement
(keyed by the stable id), ``event_changes`` one row per changed tracked field,
``crawls`` one row per run and source. Every write happens in a short
transaction, so a crawl killed at any moment leaves the previous data intact
(SQLite's journal, in WAL mode, rolls back the unfinished one).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from pipeline.record import FIELD_NAMES, content_hash

#: Fields whose changes analysts ask about ("deadline extended", "cancelled").
TRACKED_FIELDS = (
    "start",
    "end",
    "registration_deadline",
    "status",
    "languages",
    "attendance_mode",
    "city",
    "title",
)
JSON_FIELDS = ("sessions", "languages")
FTS_COLUMNS = ("title", "summary", "body")


class StoreError(RuntimeError):
    """The database cannot be used (corrupt, foreign, locked); nothing was changed."""


def utc_now() -> str:
    """UTC time in the form the store uses: 2024-05-10T08:00:00Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the events database and make sure its tables exist.

    Refuses a file that is not SQLite or whose ``events`` table is not ours,
    rather than writing into it.
    """
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        db = sqlite_utils.Database(conn)
        tables = set(db.table_names())
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a usable SQLite database: {exc}") from exc
    if "events" in tables and "content_hash" not in db["events"].columns_dict:
        raise StoreError(f"{path} has an 'events' table that is not ours; refusing to touch it")
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create tables, indexes and full-text search if missing (idempotent)."""
    with db.conn:
        if "events" not in db.table_names():
            columns: dict[str, Any] = dict.fromkeys(FIELD_NAMES, str)
            columns.update(all_day=bool, languages_stated=bool, is_free=bool, is_event=bool)
            db["events"].create(columns, pk="id")
            db["events"].create_index(["start"], if_not_exists=True)
            db["events"].create_index(["registration_deadline"], if_not_exists=True)
            db["events"].create_index(["source"], if_not_exists=True)
            db["events"].create_index(["city"], if_not_exists=True)
        if "event_changes" not in db.table_names():
            db["event_changes"].create(
                {
                    "id": int,
                    "event_id": str,
                    "field": str,
                    "old_value": str,
                    "new_value": str,
                    "seen_at": str,
                    "crawl_id": int,
                },
                pk="id",
                foreign_keys=[("event_id", "events", "id")],
            )
            db["event_changes"].create_index(["event_id"], if_not_exists=True)
            db["event_changes"].create_index(["seen_at"], if_not_exists=True)
        if "crawls" not in db.table_names():
            db["crawls"].create(
                {
                    "id": int,
                    "source": str,
                    "started": str,
                    "finished": str,
                    "pages": int,
                    "items": int,
                    "events": int,
                    "non_events": int,
                    "new": int,
                    "changed": int,
                    "errors": int,
                    "outcome": str,
                },
                pk="id",
            )
            db["crawls"].create_index(["source", "started"], if_not_exists=True)
    if not db["events"].detect_fts():
        db["events"].enable_fts(
            list(FTS_COLUMNS),
            create_triggers=True,
            tokenize="unicode61 remove_diacritics 2",
        )
    # Catalogue views (upcoming, calendar occurrences, feed items), indexes, start_month.
    from pipeline.views import ensure_views

    ensure_views(db.conn)


def _db_value(field: str, value: Any) -> Any:
    if field in JSON_FIELDS and value is not None:
        return json.dumps(value, ensure_ascii=False)
    return value


def upsert_event(
    db: sqlite_utils.Database,
    record: dict[str, Any],
    *,
    seen_at: str | None = None,
    crawl_id: int | None = None,
) -> str:
    """Store one record; return ``"new"``, ``"changed"`` or ``"unchanged"``.

    ``first_seen`` is set once, ``last_seen`` moves on every sighting, and a
    change of a tracked field is written to ``event_changes`` in the same
    transaction as the new values.
    """
    seen_at = seen_at or utc_now()
    row = {f: _db_value(f, record.get(f)) for f in FIELD_NAMES}
    row["content_hash"] = record.get("content_hash") or content_hash(record)
    with db.conn:
        old = _get(db, row["id"])
        if old is None:
            row.update(first_seen=seen_at, last_seen=seen_at)
            db["events"].insert(row)
            return "new"
        if old["content_hash"] == row["content_hash"]:
            db["events"].update(row["id"], {"last_seen": seen_at})
            return "unchanged"
        changes = [
            {
                "event_id": row["id"],
                "field": f,
                "old_value": _text(old.get(f)),
                "new_value": _text(row.get(f)),
                "seen_at": seen_at,
                "crawl_id": crawl_id,
            }
            for f in TRACKED_FIELDS
            if _text(old.get(f)) != _text(row.get(f))
        ]
        row.update(first_seen=old["first_seen"], last_seen=seen_at)
        db["events"].update(row["id"], row)
        if changes:
            db["event_changes"].insert_all(changes)
        return "changed"


def _get(db: sqlite_utils.Database, event_id: str) -> dict[str, Any] | None:
    rows = list(db["events"].rows_where("id = ?", [event_id], limit=1))
    return rows[0] if rows else None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def start_crawl(db: sqlite_utils.Database, source: str) -> int:
    """Open a ``crawls`` row for one source's run; returns its id."""
    with db.conn:
        table = db["crawls"].insert(
            {"source": source, "started": utc_now(), "outcome": "running"}
        )
    return int(table.last_pk)


def finish_crawl(db: sqlite_utils.Database, crawl_id: int, **counts: Any) -> None:
    """Close a ``crawls`` row with its counts and outcome."""
    with db.conn:
        db["crawls"].update(crawl_id, {"finished": utc_now(), **counts})


def load_event(db: sqlite_utils.Database, event_id: str) -> dict[str, Any] | None:
    """One event as a record (JSON columns decoded), or None."""
    row = _get(db, event_id)
    if row is None:
        return None
    for f in JSON_FIELDS:
        if row.get(f) is not None:
            row[f] = json.loads(row[f])
    for f in ("all_day", "languages_stated", "is_free", "is_event"):
        if row.get(f) is not None:
            row[f] = bool(row[f])
    return row
