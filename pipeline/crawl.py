"""Running crawls: what ``eufunds crawl`` does, in one function.

Spiders are started by name through Scrapy's spider loader (``scrapy crawl``
does the same), one crawler per registry source in one Scrapy process, so each
source gets its own stats and its own ``crawls`` row.

Every run holds the database's run lock (``pipeline.lock``), closes ``crawls``
rows that a killed process left ``running``, mirrors the registry into the
``sources`` table, and uses Scrapy's HTTP cache with the RFC 2616 policy in
``<db folder>/httpcache`` (``httpcache-offline`` for the sample site): a page is
stored with its validators and revalidated on the next run, so an unchanged page
costs a ``304``, not a download.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from pipeline import store
from pipeline.lock import LockBusy, RunLock, lock_path
from pipeline.replay import DEFAULT_ROOT, ReplayServer

#: Offline, the only server is our own replay server: politeness delays off.
OFFLINE_SETTINGS: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}


class CrawlError(RuntimeError):
    """The crawl could not start (unknown source, unusable database, bad registry)."""


def run_crawl(
    source_ids: list[str],
    *,
    db_path: Path,
    offline: bool = False,
    sample_site: Path | None = None,
    settings_overrides: dict[str, Any] | None = None,
    cache_dir: Path | None = None,
    lock: bool = True,
    redis_url: str | None = None,
    run_id: str | None = None,
    force: bool = False,
) -> list[dict[str, Any]]:
    """Crawl the given sources (all enabled ones when empty) into ``db_path``.

    Returns this run's ``crawls`` rows, one per source. Offline, a replay server
    over the sample site answers every request and politeness delays are off
    (the only server is our own). ``cache_dir`` defaults to ``<db folder>/httpcache``;
    (``httpcache-offline`` for offline runs); ``lock=False`` is for a caller that
    already holds the run lock (``nightly``).
    """
    from scrapers.registry import RegistryError, load_sources

    try:
        registry = load_sources()
    except RegistryError as exc:
        raise CrawlError(str(exc)) from exc
    by_id = {s.id: s for s in registry}
    unknown = [s for s in source_ids if s not in by_id]
    if unknown:
        raise CrawlError(f"unknown source(s) {', '.join(unknown)}; see `eufunds sources`")
    chosen = [by_id[s] for s in source_ids] if source_ids else [s for s in registry if s.enabled]
    if not (offline or redis_url or source_ids or force):
        chosen = _not_crawled_lately(chosen, db_path)
        if not chosen:
            return []
    if redis_url:  # a scrapy-redis worker: shared queue, records to Redis, no SQLite here
        from scrapers.distributed import default_run_id, run_worker

        return run_worker(chosen, redis_url=redis_url, run=run_id or default_run_id(),
                          offline=offline, sample_site=sample_site,
                          settings_overrides=settings_overrides)

    run_lock = RunLock(lock_path(db_path), what="crawl") if lock else None
    try:
        if run_lock is not None:
            run_lock.acquire()
            if run_lock.message:
                print(f"eufunds: {run_lock.message}", file=sys.stderr)
        return _run(chosen, registry, db_path=db_path, offline=offline,
                    sample_site=sample_site, settings_overrides=settings_overrides,
                    cache_dir=cache_dir)
    except LockBusy as exc:
        raise CrawlError(str(exc)) from exc
    finally:
        if run_lock is not None:
            run_lock.release()


def _not_crawled_lately(chosen: list[Any], db_path: Path) -> list[Any]:
    """Politeness on the live web: the sources not crawled online in the last
    ``EUFUNDS_MIN_RECRAWL_HOURS`` (20) hours. Naming a source, or ``--force``, asks for a
    crawl anyway; offline runs (our own replay server) are never held back."""
    from datetime import UTC, datetime, timedelta

    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scrapers.settings")
    hours = get_project_settings().getfloat("EUFUNDS_MIN_RECRAWL_HOURS", 20)
    if hours <= 0 or not Path(db_path).is_file():
        return chosen
    since = (datetime.now(UTC) - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            recent = {r[0] for r in conn.execute(
                "SELECT DISTINCT source FROM crawls WHERE coalesce(offline, 0) = 0"
                " AND outcome NOT IN ('running', 'aborted') AND started >= ?", [since])}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return chosen
    held = [s.id for s in chosen if s.id in recent]
    if held:
        print(f"eufunds: not crawling {', '.join(held)} again: crawled less than {hours:g} h "
              "ago (name the source or use --force to crawl it anyway)", file=sys.stderr)
    return [s for s in chosen if s.id not in recent]


def _run(chosen: list[Any], registry: Any, *, db_path: Path, offline: bool,
         sample_site: Path | None, settings_overrides: dict[str, Any] | None,
         cache_dir: Path | None) -> list[dict[str, Any]]:
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    try:
        db = store.open_db(db_path)
        stale = store.abort_stale_crawls(db)
        store.sync_sources(db, registry)
    except (store.StoreError, sqlite3.DatabaseError) as exc:
        raise CrawlError(f"{db_path}: {exc}") from exc
    if stale:
        print(f"eufunds: closed {stale} crawl row(s) left 'running' by a killed run "
              "(outcome 'aborted'; their sources' events were not touched)", file=sys.stderr)
    before = db.execute("select coalesce(max(id), 0) from crawls").fetchone()[0]
    db.conn.close()

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scrapers.settings")
    settings = get_project_settings()
    settings.set("EUFUNDS_DB", str(db_path), priority="cmdline")
    if "EUFUNDS_LOG_LEVEL" not in os.environ:
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    # The cache lives beside the database; offline answers (sample pages) never share a
    # cache with the real portals. The cache policy itself is in scrapers.settings.
    cache = cache_dir or Path(db_path).resolve().parent / (
        "httpcache-offline" if offline else "httpcache")
    settings.set("HTTPCACHE_DIR", str(cache.resolve()), priority="cmdline")
    server: ReplayServer | None = None
    if offline:
        server = ReplayServer(sample_site or DEFAULT_ROOT).start()
        settings.setdict({"EUFUNDS_REPLAY_URL": server.base_url, **OFFLINE_SETTINGS},
                         priority="cmdline")
    for key, value in (settings_overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    try:
        process = CrawlerProcess(settings)
        for source in chosen:
            process.crawl(source.spider, source=source.id)
        process.start()
    finally:
        if server is not None:
            server.stop()

    db = store.open_db(db_path)
    rows = list(db["crawls"].rows_where("id > ?", [before], order_by="id"))
    db.conn.close()
    return rows
