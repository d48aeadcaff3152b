"""Keeping events in SQLite: history that survives every nightly run.

The database is the crawler's state:

* ``events``: one row per announcement, keyed by the stable id (a hash of the
  canonical URL). ``first_seen`` is set once; ``last_seen``/``last_crawl_id`` move
  on every sighting; ``content_hash`` tells a real change from a re-fetch.
  Vanished events are never deleted: ``missing_since`` marks the first healthy,
  complete crawl of their source that did not see them (cleared if they return).
  ``duplicate_of`` links the same event announced on another portal (normalised
  title + start date + city, ``dedup_key``) to the copy first seen.
* ``event_changes``: one row per change of a tracked field (old, new, when, crawl).
* ``crawls``: one row per run and source (counts, HTTP status counts, 304s, outcome).
* ``sources``: the registry as a table, with each portal's last and last good crawl.

**Never lose data.** A source's records are buffered during its crawl
(``scrapers.pipelines.StorePipeline``) and written by :func:`commit_crawl` in
*one* transaction, only when the run was judged healthy (:func:`judge_crawl`);
a failed run writes only its ``crawls`` row. A process killed at any moment
therefore leaves every source either fully before or fully after its run
(WAL journal; readers see the last committed state).

Writes use plain SQL in explicit transactions (``BEGIN IMMEDIATE``/``COMMIT``):
sqlite-utils' write helpers commit on their own, which would split a source's
run into many transactions. The returned handle is still a
``sqlite_utils.Database`` for reading.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
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
BOOL_FIELDS = ("all_day", "languages_stated", "is_free", "is_event")
FTS_COLUMNS = ("title", "summary", "body")
#: Our bookkeeping columns on ``events`` (never part of a record's content).
BOOKKEEPING = ("first_seen", "last_seen", "content_hash")
EXTRA_COLUMNS = {
    "last_crawl_id": "INTEGER",
    "missing_since": "TEXT",
    "dedup_key": "TEXT",
    "duplicate_of": "TEXT",
    # last tracked change (event_changes.seen_at), else first_seen; UTC. Set here on insert,
    # moved by a trigger on every event_changes row (pipeline.views.UPDATED_DDL); indexed.
    "updated": "TEXT",
}
#: Outcomes whose records were committed (the source's events were updated). ``drifted``:
#: the registry's patterns found little and the discovery fallbacks found the items.
GOOD_OUTCOMES = ("ok", "partial", "drifted")
#: A run with fewer items than this share of the last good run's is judged failed.
MIN_ITEMS_RATIO = 0.5
#: Scrapy finish reasons of a run that ended on its own (not interrupted).
COMPLETE_REASONS = ("finished",)
TRUNCATED_REASONS = ("closespider_pagecount", "closespider_timeout", "closespider_itemcount")


class StoreError(RuntimeError):
    """The database cannot be used (corrupt, foreign, locked); nothing was changed."""


def utc_now() -> str:
    """UTC time in the form the store uses: 2024-05-10T08:00:00Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------- opening


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the events database and make sure its schema is current.

    Refuses a file that is not SQLite or whose ``events`` table is not ours,
    rather than writing into it.
    """
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=60, isolation_level=None)
        db = sqlite_utils.Database(conn)
        tables = set(db.table_names())
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a usable SQLite database: {exc}") from exc
    # Checked before any PRAGMA that writes (journal_mode=WAL rewrites the file header).
    try:
        _refuse_foreign(db, path, tables)
    except StoreError:
        conn.close()
        raise
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path} is not a usable SQLite database: {exc}") from exc
    try:
        ensure_schema(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: cannot prepare the schema: {exc}") from exc
    return db


def _refuse_foreign(db: sqlite_utils.Database, path: Path, tables: set[str]) -> None:
    if "events" in tables and "content_hash" not in db["events"].columns_dict:
        raise StoreError(f"{path} has an 'events' table that is not ours; refusing to touch it")
    if tables and not tables & {"events", "crawls"}:
        raise StoreError(f"{path} is another application's SQLite database; refusing to touch it")


def check_ours(path: str | Path) -> None:
    """Raise StoreError unless ``path`` is an events database (or an empty SQLite file).

    Read-only: used before a run copies or rebuilds the file, so a corrupt or foreign
    database is refused without a byte of it, or of anything beside it, being written.
    """
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
        try:
            db = sqlite_utils.Database(conn)
            _refuse_foreign(db, path, set(db.table_names()))
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a usable SQLite database: {exc}") from exc


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """One explicit write transaction; rolled back on any exception."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """Stored columns of ``table`` (generated columns excluded: they cannot be written)."""
    return [r[1] for r in conn.execute(f"PRAGMA table_xinfo([{table}])") if r[6] in (0, 1)]


def _event_columns() -> dict[str, str]:
    cols = {f: ("INTEGER" if f in BOOL_FIELDS else "TEXT") for f in FIELD_NAMES}
    cols["id"] = "TEXT NOT NULL PRIMARY KEY"
    cols.update(EXTRA_COLUMNS)
    return cols


_TABLES = {
    "event_changes": """CREATE TABLE IF NOT EXISTS [event_changes] (
        [id] INTEGER PRIMARY KEY, [event_id] TEXT REFERENCES [events]([id]), [field] TEXT,
        [old_value] TEXT, [new_value] TEXT, [seen_at] TEXT, [crawl_id] INTEGER)""",
    "crawls": """CREATE TABLE IF NOT EXISTS [crawls] (
        [id] INTEGER PRIMARY KEY, [source] TEXT, [started] TEXT, [finished] TEXT,
        [finish_reason] TEXT, [pages] INTEGER, [items] INTEGER, [events] INTEGER,
        [non_events] INTEGER, [new] INTEGER, [changed] INTEGER, [unchanged] INTEGER,
        [vanished] INTEGER, [errors] INTEGER, [not_modified] INTEGER,
        [status_counts] TEXT, [outcome] TEXT, [note] TEXT, [offline] INTEGER,
        [walk] TEXT)""",
    # What the crawler knows of each item page, to revalidate only what may have changed
    # (scrapers.incremental): the entry's signature on the listing, when the page was last
    # fetched, whether it is an event and until when it lasts.
    "pages": """CREATE TABLE IF NOT EXISTS [pages] (
        [url] TEXT PRIMARY KEY, [source] TEXT, [id] TEXT, [listing_sig] TEXT,
        [fetched] TEXT, [is_event] INTEGER, [ends] TEXT, [crawl_id] INTEGER,
        [body_sha] TEXT)""",
    "sources": """CREATE TABLE IF NOT EXISTS [sources] (
        [id] TEXT PRIMARY KEY, [name] TEXT, [level] TEXT, [region] TEXT, [programme] TEXT,
        [hosts] TEXT, [start_urls] TEXT, [enabled] INTEGER, [evidence] TEXT, [spider] TEXT,
        [last_crawl_id] INTEGER, [last_crawl] TEXT, [last_outcome] TEXT,
        [last_good_crawl_id] INTEGER, [last_good_crawl] TEXT, [last_good_items] INTEGER)""",
}

_INDEXES = (
    "CREATE INDEX IF NOT EXISTS idx_events_start ON events (start)",
    "CREATE INDEX IF NOT EXISTS idx_events_registration_deadline"
    " ON events (registration_deadline)",
    "CREATE INDEX IF NOT EXISTS idx_events_source_crawl ON events (source, last_crawl_id)",
    "CREATE INDEX IF NOT EXISTS idx_events_city ON events (city)",
    "CREATE INDEX IF NOT EXISTS idx_events_type_start ON events (event_type, start)",
    "CREATE INDEX IF NOT EXISTS idx_events_dedup_key ON events (dedup_key)",
    "CREATE INDEX IF NOT EXISTS idx_events_duplicate_of ON events (duplicate_of)",
    "CREATE INDEX IF NOT EXISTS idx_events_missing_since ON events (missing_since)",
    # The catalogue's facets (metadata.yml): at a million rows a facet over an indexed
    # column counts index entries instead of scanning the table (bench/catalogue_bench.py).
    "CREATE INDEX IF NOT EXISTS idx_events_region ON events (region)",
    "CREATE INDEX IF NOT EXISTS idx_events_source ON events (source)",
    "CREATE INDEX IF NOT EXISTS idx_events_event_type ON events (event_type)",
    "CREATE INDEX IF NOT EXISTS idx_events_page_language ON events (page_language)",
    "CREATE INDEX IF NOT EXISTS idx_events_attendance_mode ON events (attendance_mode)",
    "CREATE INDEX IF NOT EXISTS idx_events_status ON events (status)",
    "CREATE INDEX IF NOT EXISTS idx_event_changes_event_id ON event_changes (event_id)",
    "CREATE INDEX IF NOT EXISTS idx_event_changes_seen_at ON event_changes (seen_at)",
    "CREATE INDEX IF NOT EXISTS idx_event_changes_field_seen ON event_changes (field, seen_at)",
    "CREATE INDEX IF NOT EXISTS idx_event_changes_crawl ON event_changes (crawl_id)",
    "CREATE INDEX IF NOT EXISTS idx_crawls_source_started ON crawls (source, started)",
    "CREATE INDEX IF NOT EXISTS idx_pages_source ON pages (source)",
)

_FTS_COLS = ", ".join(f"[{c}]" for c in FTS_COLUMNS)
_FTS_OLD = ", ".join(f"old.[{c}]" for c in FTS_COLUMNS)
_FTS_NEW = ", ".join(f"new.[{c}]" for c in FTS_COLUMNS)
# External-content FTS5 (sqlite-utils' layout, so Datasette and sqlite-utils detect it).
# The update trigger fires only when an indexed column changes, so the nightly
# last_seen bump of every unchanged event does not rewrite the index.
_FTS_TABLE = (
    f"CREATE VIRTUAL TABLE [events_fts] USING FTS5 ({_FTS_COLS}, "
    "tokenize='unicode61 remove_diacritics 2', content=[events])"
)
_FTS_TRIGGERS = {
    "events_ai": f"""CREATE TRIGGER [events_ai] AFTER INSERT ON [events] BEGIN
  INSERT INTO [events_fts] (rowid, {_FTS_COLS}) VALUES (new.rowid, {_FTS_NEW});
END""",
    "events_ad": f"""CREATE TRIGGER [events_ad] AFTER DELETE ON [events] BEGIN
  INSERT INTO [events_fts] ([events_fts], rowid, {_FTS_COLS})
    VALUES ('delete', old.rowid, {_FTS_OLD});
END""",
    "events_au": f"""CREATE TRIGGER [events_au] AFTER UPDATE OF {_FTS_COLS} ON [events] BEGIN
  INSERT INTO [events_fts] ([events_fts], rowid, {_FTS_COLS})
    VALUES ('delete', old.rowid, {_FTS_OLD});
  INSERT INTO [events_fts] (rowid, {_FTS_COLS}) VALUES (new.rowid, {_FTS_NEW});
END""",
}

# Views for "show each event once" and "what vanished" (vanished = not seen by the
# last good crawl of its source; the same thing missing_since records as a date).
_VIEWS = {
    "current_events": """CREATE VIEW current_events AS
SELECT * FROM events WHERE missing_since IS NULL AND duplicate_of IS NULL""",
    "vanished_events": """CREATE VIEW vanished_events AS
SELECT e.id, e.source, e.title, e.start, e.city, e.url, e.first_seen, e.last_seen,
       e.missing_since, s.last_good_crawl
FROM events e JOIN sources s ON s.id = e.source
WHERE e.last_crawl_id < s.last_good_crawl_id""",
}


def _norm_sql(sql: str | None) -> str:
    return " ".join((sql or "").split())


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create or migrate tables, indexes, full-text search and views (idempotent).

    Writes nothing when the schema is already current, so opening a database for
    a run does not disturb its readers.
    """
    conn = db.conn
    master = {r[0]: r[1] for r in conn.execute("SELECT name, sql FROM sqlite_master")}
    wanted = _event_columns()
    with transaction(db):
        if "events" not in master:
            cols = ", ".join(f"[{c}] {t}" for c, t in wanted.items())
            conn.execute(f"CREATE TABLE [events] ({cols})")
        else:
            have = set(_columns(conn, "events")) | {
                r[1] for r in conn.execute("PRAGMA table_xinfo([events])")
            }
            for col, typ in wanted.items():
                if col not in have:
                    conn.execute(f"ALTER TABLE [events] ADD COLUMN [{col}] {typ}")
        for name, ddl in _TABLES.items():
            if name not in master:
                conn.execute(ddl)
            else:  # older databases: add columns introduced since
                have = set(_columns(conn, name))
                for m in re.finditer(r"\[(\w+)\] (TEXT|INTEGER)", ddl):
                    if m.group(1) not in have:
                        conn.execute(f"ALTER TABLE [{name}] ADD COLUMN [{m.group(1)}] {m.group(2)}")
        for ddl in _INDEXES:
            conn.execute(ddl)
        if "events_fts" not in master:
            conn.execute(_FTS_TABLE)
            conn.execute("INSERT INTO [events_fts] ([events_fts]) VALUES ('rebuild')")
        for name, ddl in _FTS_TRIGGERS.items():
            if _norm_sql(master.get(name)) != _norm_sql(ddl):
                conn.execute(f"DROP TRIGGER IF EXISTS [{name}]")
                conn.execute(ddl)
        for name, ddl in _VIEWS.items():
            if _norm_sql(master.get(name)) != _norm_sql(ddl):
                conn.execute(f"DROP VIEW IF EXISTS [{name}]")
                conn.execute(ddl)
    # Catalogue views (upcoming, calendar occurrences, feed items), indexes, start_month.
    from pipeline.views import ensure_views

    ensure_views(db.conn)


# --------------------------------------------------------------------------- events


def _db_value(field: str, value: Any) -> Any:
    if field in JSON_FIELDS and value is not None:
        return json.dumps(value, ensure_ascii=False)
    if field in BOOL_FIELDS and value is not None:
        return int(bool(value))
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


_NON_WORD = re.compile(r"[^0-9a-z]+")
# Letters NFKD does not decompose.
_ASCII = str.maketrans({"ł": "l", "Ł": "l", "ß": "ss", "ø": "o", "đ": "d"})


def normalise_text(text: str | None) -> str:
    """Lower-case ASCII words: 'Szkolenie – Łódź, „ZAMÓWIENIA”' -> 'szkolenie lodz zamowienia'."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.translate(_ASCII))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _NON_WORD.sub(" ", text).strip()


def dedup_key(record: dict[str, Any]) -> str | None:
    """Key under which announcements of one event on several portals meet:
    start date | normalised city | normalised title; None without a title or start."""
    title = normalise_text(record.get("title"))
    start = record.get("start")
    if not title or not start or not record.get("is_event", True):
        return None
    return f"{str(start)[:10]}|{normalise_text(record.get('city'))}|{title}"


def _row_dict(cur: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    return {d[0]: v for d, v in zip(cur.description, row, strict=True)}


def _upsert(conn: sqlite3.Connection, record: dict[str, Any], seen_at: str,
            crawl_id: int | None) -> str:
    """Write one record inside the caller's transaction; ``new``/``changed``/``unchanged``."""
    row = {f: _db_value(f, record.get(f)) for f in FIELD_NAMES if f not in BOOKKEEPING}
    row["content_hash"] = record.get("content_hash") or content_hash(record)
    row["dedup_key"] = dedup_key(record)
    cur = conn.execute("SELECT * FROM events WHERE id = ?", [row["id"]])
    found = cur.fetchone()
    old = _row_dict(cur, found) if found else None
    seen = {"last_seen": seen_at, "last_crawl_id": crawl_id, "missing_since": None}
    if old is None:
        row.update(first_seen=seen_at, updated=seen_at, **seen)
        cols = list(row)
        conn.execute(
            f"INSERT INTO events ({', '.join(f'[{c}]' for c in cols)}) "
            f"VALUES ({', '.join('?' for _ in cols)})",
            [row[c] for c in cols],
        )
        return "new"
    if old["content_hash"] == row["content_hash"]:
        update = seen
        outcome = "unchanged"
    else:
        changes = [
            (row["id"], f, _text(old.get(f)), _text(row.get(f)), seen_at, crawl_id)
            for f in TRACKED_FIELDS
            if _text(old.get(f)) != _text(row.get(f))
        ]
        conn.executemany(
            "INSERT INTO event_changes (event_id, field, old_value, new_value, seen_at, crawl_id)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            changes,
        )
        update = {**{k: v for k, v in row.items() if k != "id"}, **seen}
        outcome = "changed"
    conn.execute(
        f"UPDATE events SET {', '.join(f'[{c}] = ?' for c in update)} WHERE id = ?",
        [*update.values(), row["id"]],
    )
    return outcome


def upsert_event(
    db: sqlite_utils.Database,
    record: dict[str, Any],
    *,
    seen_at: str | None = None,
    crawl_id: int | None = None,
) -> str:
    """Store one record in its own transaction; return ``new``/``changed``/``unchanged``.

    ``first_seen`` is set once, ``last_seen`` moves on every sighting, and a
    change of a tracked field is written to ``event_changes`` in the same
    transaction as the new values.
    """
    with transaction(db) as conn:
        return _upsert(conn, record, seen_at or utc_now(), crawl_id)


_LINK_DUPLICATES = """
WITH ranked AS (
  SELECT id, source, dedup_key,
         row_number() OVER (PARTITION BY dedup_key ORDER BY first_seen, id) AS rn
  FROM events WHERE dedup_key IS NOT NULL
), canon AS (SELECT dedup_key, id AS canon_id, source AS canon_source FROM ranked WHERE rn = 1),
wanted AS (
  SELECT e.id, CASE WHEN c.canon_id != e.id AND c.canon_source != e.source
                    THEN c.canon_id END AS dup
  FROM events e LEFT JOIN canon c ON c.dedup_key = e.dedup_key
)
UPDATE events SET duplicate_of = (SELECT dup FROM wanted WHERE wanted.id = events.id)
WHERE duplicate_of IS NOT (SELECT dup FROM wanted WHERE wanted.id = events.id)
"""


def link_duplicates(conn: sqlite3.Connection) -> int:
    """Point ``duplicate_of`` of each cross-portal copy at the copy first seen.

    Copies on the *same* portal are left alone (a portal may list one training
    twice on one day, e.g. morning and afternoon groups). Returns rows changed.
    """
    return conn.execute(_LINK_DUPLICATES).rowcount


# --------------------------------------------------------------------------- crawls


def start_crawl(db: sqlite_utils.Database, source: str, *, offline: bool = False) -> int:
    """Open a ``crawls`` row for one source's run; returns its id. ``offline`` marks a
    crawl of the bundled sample site, so the catalogue can label its data as sample data."""
    with transaction(db) as conn:
        cur = conn.execute(
            "INSERT INTO crawls (source, started, outcome, offline) VALUES (?, ?, 'running', ?)",
            [source, utc_now(), int(offline)],
        )
    return int(cur.lastrowid or 0)


def abort_stale_crawls(db: sqlite_utils.Database) -> int:
    """Close ``running`` rows left by a killed process (call while holding the run lock)."""
    with transaction(db) as conn:
        return conn.execute(
            "UPDATE crawls SET outcome = 'aborted', "
            "note = 'the process ended before the crawl finished; nothing of it was stored' "
            "WHERE outcome = 'running'"
        ).rowcount


def last_good_items(db: sqlite_utils.Database, source: str) -> int | None:
    """Items of the source's last committed crawl, or None if it never had one."""
    marks = ",".join("?" for _ in GOOD_OUTCOMES)
    row = db.execute(
        f"SELECT items FROM crawls WHERE source = ? AND outcome IN ({marks}) "
        "ORDER BY id DESC LIMIT 1",
        [source, *GOOD_OUTCOMES],
    ).fetchone()
    return None if row is None else row[0]


def known_pages(conn: sqlite3.Connection, source: str) -> dict[str, dict[str, Any]]:
    """url -> what the last committed crawls knew of that item page (``pages`` table)."""
    try:
        cur = conn.execute("SELECT url, id, listing_sig, fetched, is_event, ends, body_sha"
                           " FROM pages WHERE source = ?", [source])
    except sqlite3.OperationalError:  # a database from before the pages table
        return {}
    return {r[0]: {"id": r[1], "listing_sig": r[2], "fetched": r[3], "is_event": r[4],
                   "ends": r[5], "body_sha": r[6]} for r in cur}


def last_full_walk(conn: sqlite3.Connection, source: str) -> str | None:
    """When the source's listing was last walked to its end by a committed crawl."""
    marks = ",".join("?" for _ in GOOD_OUTCOMES)
    try:
        row = conn.execute(
            f"SELECT max(started) FROM crawls WHERE source = ? AND outcome IN ({marks})"
            " AND coalesce(walk, 'full') = 'full'", [source, *GOOD_OUTCOMES]).fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def judge_crawl(
    *,
    finish_reason: str | None,
    responses: int,
    error_responses: int,
    items: int,
    errors: int,
    last_good: int | None,
    blocked: str | None = None,
    min_ratio: float = MIN_ITEMS_RATIO,
    throttled: str | None = None,
) -> tuple[str, str | None]:
    """Judge one source's run: ``(outcome, note)``.

    ``failed``/``blocked``: nothing of the source's events may change (portal
    down, every page an error, far fewer items than last time, interrupted).
    ``partial``: committed, with errors or cut short. ``ok``: committed, clean.
    ``responses``/``error_responses`` are pages fetched / pages that failed, counted
    on the wire, before the HTTP cache substitutes a cached copy for a server error.
    """
    if blocked:
        return "blocked", f"anti-bot wall ({blocked}); the source's events were not touched"
    if throttled:
        return "throttled", (f"the portal asked us to come back later ({throttled}); "
                             "nothing stored, not a failure")
    if finish_reason not in COMPLETE_REASONS + TRUNCATED_REASONS:
        return "failed", f"run interrupted ({finish_reason}); nothing stored"
    if responses == 0:
        return "failed", "no page could be fetched; nothing stored"
    if error_responses * 2 >= responses:
        return "failed", (f"{error_responses} of {responses} pages failed; nothing stored")
    if items == 0:
        return "failed", "no items found; nothing stored"
    if last_good and items < last_good * min_ratio:
        return "failed", (f"{items} items against {last_good} in the last good crawl; "
                          "nothing stored")
    if finish_reason in TRUNCATED_REASONS:
        return "partial", f"cut short ({finish_reason}); nothing marked as vanished"
    if errors:
        return "partial", f"{errors} error(s)"
    return "ok", None


def commit_crawl(
    db: sqlite_utils.Database,
    crawl_id: int,
    source: str,
    records: Iterable[dict[str, Any]],
    *,
    outcome: str,
    complete: bool = True,
    keep_ids: Iterable[str] = (),
    sighted_ids: Iterable[str] = (),
    page_states: Iterable[dict[str, Any]] = (),
    presume_listed: bool = False,
    gone_ids: Iterable[str] = (),
    **counts: Any,
) -> dict[str, Any]:
    """Apply a healthy run of one source in ONE transaction; returns the ``crawls`` row.

    Upserts every record; ``sighted_ids`` (events seen on the listing but not re-read,
    or answered 304) get ``last_seen`` and stay as stored; ``page_states`` updates what the
    crawler knows of each item page (``scrapers.incremental``); ``presume_listed`` (a
    walk that stopped at known listing pages) keeps the events it did not reach as
    listed; otherwise, when the run was
    ``complete`` marks the source's events it did not see with ``missing_since``
    (except ``keep_ids``, pages that could not be fetched this time); relinks
    cross-portal duplicates; closes the ``crawls`` row and moves the source's last good crawl.
    """
    seen_at = utc_now()
    tally = {"new": 0, "changed": 0, "unchanged": 0, "vanished": 0}
    keep = list(keep_ids)
    sighted = list(sighted_ids)
    gone = list(gone_ids)
    with transaction(db) as conn:
        for record in records:
            tally[_upsert(conn, record, seen_at, crawl_id)] += 1
        # Seen on the listing (or answered 304) but not re-read: the stored record stands.
        for chunk in range(0, len(sighted), 500):
            ids = sighted[chunk:chunk + 500]
            tally["unchanged"] += conn.execute(
                f"UPDATE events SET last_seen = ?, last_crawl_id = ?, missing_since = NULL "
                f"WHERE source = ? AND id IN ({','.join('?' for _ in ids)})",
                [seen_at, crawl_id, source, *ids]).rowcount
        conn.executemany(
            "INSERT INTO pages (url, source, id, listing_sig, fetched, is_event, ends, crawl_id,"
            " body_sha) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET"
            " body_sha = coalesce(excluded.body_sha, body_sha),"
            " listing_sig = coalesce(excluded.listing_sig, listing_sig),"
            " fetched = coalesce(excluded.fetched, fetched),"
            " is_event = coalesce(excluded.is_event, is_event),"
            " ends = CASE WHEN excluded.fetched IS NULL THEN ends ELSE excluded.ends END,"
            " crawl_id = excluded.crawl_id",
            [(p["url"], source, p.get("id"), p.get("listing_sig"), p.get("fetched"),
              p.get("is_event"), p.get("ends"), crawl_id, p.get("body_sha"))
             for p in page_states])
        # Known pages asked for by address that answered 404/410: gone from the portal.
        for chunk in range(0, len(gone), 500):
            ids = gone[chunk:chunk + 500]
            tally["vanished"] += conn.execute(
                f"UPDATE events SET missing_since = ? WHERE source = ? AND missing_since IS NULL"
                f" AND id IN ({','.join('?' for _ in ids)})", [seen_at, source, *ids]).rowcount
        if presume_listed:
            # The listing was read only down to the pages this run knew already: the
            # events below stay listed as far as this run can tell (not vanished).
            conn.execute(
                "UPDATE events SET last_crawl_id = ? WHERE source = ? AND missing_since IS NULL"
                " AND (last_crawl_id IS NULL OR last_crawl_id != ?)",
                [crawl_id, source, crawl_id])
        elif complete:
            marks = ",".join("?" for _ in keep)
            tally["vanished"] = conn.execute(
                "UPDATE events SET missing_since = ? WHERE source = ? AND missing_since IS NULL"
                " AND (last_crawl_id IS NULL OR last_crawl_id != ?)"
                + (f" AND id NOT IN ({marks})" if keep else ""),
                [seen_at, source, crawl_id, *keep],
            ).rowcount
        link_duplicates(conn)
        from pipeline.geo import locate_places

        locate_places(conn, crawl_id)  # coordinates of the crawl's new cities, for the map
        _close_crawl(conn, crawl_id, source, outcome=outcome, finished=seen_at,
                     **{**counts, **tally})
        conn.execute(
            "UPDATE sources SET last_good_crawl_id = ?, last_good_crawl = ?, last_good_items = ?"
            " WHERE id = ?",
            [crawl_id, seen_at, counts.get("items"), source],
        )
    return crawl_row(db, crawl_id)


def fail_crawl(db: sqlite_utils.Database, crawl_id: int, source: str, *, outcome: str,
               **counts: Any) -> dict[str, Any]:
    """Close the ``crawls`` row of a run judged unhealthy; events are not touched."""
    with transaction(db) as conn:
        _close_crawl(conn, crawl_id, source, outcome=outcome, finished=utc_now(), **counts)
    return crawl_row(db, crawl_id)


def _close_crawl(conn: sqlite3.Connection, crawl_id: int, source: str, *, outcome: str,
                 finished: str, **counts: Any) -> None:
    known = set(_columns(conn, "crawls")) - {"id", "source", "started"}
    values = {k: v for k, v in counts.items() if k in known}
    if isinstance(values.get("status_counts"), dict):
        values["status_counts"] = json.dumps(values["status_counts"], sort_keys=True)
    values.update(outcome=outcome, finished=finished)
    conn.execute(
        f"UPDATE crawls SET {', '.join(f'[{c}] = ?' for c in values)} WHERE id = ?",
        [*values.values(), crawl_id],
    )
    conn.execute(
        "INSERT INTO sources (id) VALUES (?) ON CONFLICT (id) DO NOTHING", [source]
    )
    conn.execute(
        "UPDATE sources SET last_crawl_id = ?, last_crawl = ?, last_outcome = ? WHERE id = ?",
        [crawl_id, finished, outcome, source],
    )


def is_sample(path: str | Path) -> bool:
    """True when the database holds events crawled from the bundled sample site."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT 1 FROM crawls WHERE offline = 1 LIMIT 1").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return row is not None


def finish_crawl(db: sqlite_utils.Database, crawl_id: int, **counts: Any) -> None:
    """Close a ``crawls`` row with its counts and outcome (no events touched)."""
    source = db.execute("SELECT source FROM crawls WHERE id = ?", [crawl_id]).fetchone()[0]
    outcome = counts.pop("outcome", "ok")
    fail_crawl(db, crawl_id, source, outcome=outcome, **counts)


def crawl_row(db: sqlite_utils.Database, crawl_id: int) -> dict[str, Any]:
    cur = db.execute("SELECT * FROM crawls WHERE id = ?", [crawl_id])
    return _row_dict(cur, cur.fetchone())


def sync_sources(db: sqlite_utils.Database, sources: Iterable[Any]) -> None:
    """Mirror the registry (``scrapers.registry.Source`` objects) into ``sources``."""
    cols = ("name", "level", "region", "programme", "hosts", "start_urls", "enabled",
            "evidence", "spider")
    rows = []
    for s in sources:
        rows.append([s.id, s.name, s.level, s.region, s.programme,
                     json.dumps(list(s.hosts)), json.dumps(list(s.start_urls)),
                     int(bool(s.enabled)), s.evidence, s.spider])
    with transaction(db) as conn:
        conn.executemany(
            f"INSERT INTO sources (id, {', '.join(cols)}) VALUES (?{', ?' * len(cols)}) "
            f"ON CONFLICT (id) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in cols),
            rows,
        )


# --------------------------------------------------------------------------- reading


def load_event(db: sqlite_utils.Database, event_id: str) -> dict[str, Any] | None:
    """One event as a record (JSON columns decoded), or None."""
    cur = db.execute("SELECT * FROM events WHERE id = ?", [event_id])
    found = cur.fetchone()
    if found is None:
        return None
    return row_to_record(_row_dict(cur, found))


def row_to_record(row: dict[str, Any]) -> dict[str, Any]:
    """An ``events`` row as a record: JSON columns decoded, booleans as booleans
    (SQLite stores them as text and 0/1). Shared by the store and the feeds."""
    rec = dict(row)
    for f in JSON_FIELDS:
        if isinstance(rec.get(f), str):
            try:
                rec[f] = json.loads(rec[f])
            except ValueError:
                pass  # not ours to repair: shown as stored
    for f in BOOL_FIELDS:
        if rec.get(f) is not None:
            rec[f] = bool(rec[f])
    return rec
