"""``eufunds nightly``: crawl every enabled source, publish the database atomically, write feeds.

The run, in order:

1. Take the database's run lock (``<db>.lock``, see ``pipeline.lock``). Another
   live run: refuse with a message naming it (or wait ``--wait`` seconds). A lock
   file left by a killed run: take it over and say so.
2. Copy the published database to ``<db>.next`` with SQLite's backup API
   (removing a copy an interrupted run left behind).
3. Crawl into the copy (``pipeline.crawl.run_crawl``): per source, records are
   committed in one transaction and only when the run is healthy; a failed
   source changes nothing of its events and is reported as failed.
4. Check the copy (``integrity_check``, full-text index, foreign keys); make it a
   single self-contained file (WAL checkpointed, rollback journal); ``fsync``;
   ``os.replace`` it over the published file. Readers (Datasette serves the file
   immutable) see the old file or the new one, never a half-written one.
5. Write the feeds from the published file (``pipeline.feeds``).
6. Print a summary per source (outcome, pages, 304s, new, changed, vanished, errors).

A SIGKILL at any step before 4 leaves the published file untouched; the next run
removes the stale copy and does the whole job again, cheaply, since the HTTP
cache in ``<db folder>/httpcache`` turns unchanged pages into 304s.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import store
from pipeline.crawl import CrawlError, run_crawl
from pipeline.lock import LockBusy, RunLock, lock_path

BAD_OUTCOMES = ("failed", "blocked", "aborted", "running")


class NightlyError(RuntimeError):
    """The run could not start or could not publish; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class NightlyReport:
    crawls: list[dict[str, Any]]
    messages: list[str] = field(default_factory=list)
    feeds: str | None = None
    feeds_error: str | None = None

    @property
    def failed_sources(self) -> list[str]:
        return [c["source"] for c in self.crawls if c.get("outcome") in BAD_OUTCOMES]

    @property
    def ok(self) -> bool:
        return not self.failed_sources and self.feeds_error is None


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


def _remove_db(path: Path) -> None:
    for p in (path, *_sidecars(path)):
        p.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_published(live: Path, build: Path) -> None:
    """A consistent copy of ``live`` (committed transactions only) at ``build``."""
    src = sqlite3.connect(f"file:{live}?mode=ro", uri=True, timeout=60)
    dst = sqlite3.connect(build)
    try:
        src.backup(dst)
    except sqlite3.DatabaseError as exc:
        raise NightlyError(f"{live} is not a usable SQLite database: {exc}", 2) from exc
    finally:
        dst.close()
        src.close()


def check_database(path: Path) -> str | None:
    """Why the built database must not be published, or None when it is sound."""
    conn = sqlite3.connect(path)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            return f"integrity_check: {result}"
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            return "foreign_key_check found event_changes rows without their event"
        try:
            conn.execute("INSERT INTO events_fts(events_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            return f"full-text index out of step with events: {exc}"
        return None
    finally:
        conn.close()


def _finalise(path: Path) -> None:
    """Fold the WAL into the file and leave a single-file database (what immutable readers
    and ``datasette publish`` want); the next writer switches it back to WAL."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    _fsync(path)


def _retire_live(live: Path) -> None:
    """Fold the published file's WAL in before it is replaced, so no ``-wal`` of the old
    file is left lying next to the new one. Best effort: a reader may hold it open."""
    if not live.exists():
        return
    try:
        conn = sqlite3.connect(live, isolation_level=None, timeout=5)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        pass


def publish(build: Path, live: Path) -> None:
    """Atomically replace ``live`` with the finished ``build``; its table counts (Datasette
    inspect data, for the home page) are written from the finished file just before."""
    from pipeline.production import inspect_path, write_inspect

    _finalise(build)
    counts = write_inspect(build, build.with_name(build.name + ".inspect.json"))
    _retire_live(live)
    os.replace(build, live)
    os.replace(counts, inspect_path(live))
    _fsync(live.parent)
    for side in _sidecars(live)[:2]:
        # Left only if a reader held the old file open; they belong to the old file.
        side.unlink(missing_ok=True)


def write_feeds(db_path: Path, out_dir: Path, base_url: str | None = None) -> str:
    """Write the feeds with ``pipeline.feeds`` (what ``eufunds export`` does); returns where."""
    from pipeline import feeds
    from pipeline.production import drop_precompressed, precompress

    drop_precompressed(out_dir)
    feeds.export(db_path, out_dir, base_url=base_url)
    precompress(out_dir)  # the gzip copies nginx serves (deploy/nginx.conf)
    return str(out_dir)


def run_nightly(
    db_path: Path,
    *,
    sources: list[str] | None = None,
    offline: bool = False,
    sample_site: Path | None = None,
    feeds_dir: Path | None = None,
    base_url: str | None = None,
    wait: float = 0.0,
    echo: Callable[[str], None] = print,
    force: bool = False,
) -> NightlyReport:
    """One nightly run (see the module docstring); raises NightlyError when it cannot."""
    db_path = Path(db_path)
    if db_path.is_dir():
        raise NightlyError(f"{db_path} is a directory, not a database file", 2)
    lock = RunLock(lock_path(db_path), wait=wait, what="nightly run")
    try:
        lock.acquire()
    except LockBusy as exc:
        raise NightlyError(str(exc), 1) from exc
    report = NightlyReport(crawls=[])
    try:
        if lock.message:
            report.messages.append(lock.message)
            echo(lock.message)
        build = db_path.with_name(db_path.name + ".next")
        if any(p.exists() for p in (build, *_sidecars(build))):
            msg = f"removing {build}, the unfinished copy of an interrupted run"
            report.messages.append(msg)
            echo(msg)
            _remove_db(build)
        if db_path.exists():
            try:
                store.check_ours(db_path)
            except store.StoreError as exc:
                raise NightlyError(f"{exc}; nothing was written", 2) from exc
            _copy_published(db_path, build)
        try:
            report.crawls = run_crawl(list(sources or []), db_path=build, offline=offline,
                                      sample_site=sample_site, lock=False, force=force)
        except CrawlError as exc:
            _remove_db(build)
            raise NightlyError(str(exc), 2) from exc
        except Exception as exc:  # a broken setting or spider: one line, published file kept
            raise NightlyError(f"the crawl crashed ({type(exc).__name__}: {exc}); "
                               f"{db_path} is unchanged") from exc
        problem = check_database(build)
        if problem:
            raise NightlyError(f"not publishing {build}: {problem}; {db_path} is unchanged")
        publish(build, db_path)
        out = feeds_dir or db_path.parent / "feeds"
        try:
            report.feeds = write_feeds(db_path, out, base_url)
        except Exception as exc:  # noqa: BLE001 - the data is published; report, don't crash
            report.feeds_error = f"writing feeds to {out} failed: {exc}"
        return report
    finally:
        lock.release()

