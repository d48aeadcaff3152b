"""Running crawls: what ``eufunds crawl`` does, in one function.

Spiders are started by name through Scrapy's spider loader (``scrapy crawl``
does the same), one crawler per registry source in one Scrapy process, so each
source gets its own stats and its own ``crawls`` row.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pipeline import store
from pipeline.replay import DEFAULT_ROOT, ReplayServer


class CrawlError(RuntimeError):
    """The crawl could not start (unknown source, unusable database, bad registry)."""


def run_crawl(
    source_ids: list[str],
    *,
    db_path: Path,
    offline: bool = False,
    sample_site: Path | None = None,
    settings_overrides: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Crawl the given sources (all enabled ones when empty) into ``db_path``.

    Returns this run's ``crawls`` rows, one per source. Offline, a replay server
    over the sample site answers every request and politeness delays are off
    (the only server is our own).
    """
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

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

    try:
        db = store.open_db(db_path)
    except store.StoreError as exc:
        raise CrawlError(str(exc)) from exc
    before = db.execute("select coalesce(max(id), 0) from crawls").fetchone()[0]
    db.conn.close()

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scrapers.settings")
    settings = get_project_settings()
    settings.set("EUFUNDS_DB", str(db_path), priority="cmdline")
    if "EUFUNDS_LOG_LEVEL" not in os.environ:
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    server: ReplayServer | None = None
    if offline:
        server = ReplayServer(sample_site or DEFAULT_ROOT).start()
        settings.setdict(
            {
                "EUFUNDS_REPLAY_URL": server.base_url,
                "DOWNLOAD_DELAY": 0,
                "AUTOTHROTTLE_ENABLED": False,
                "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
            },
            priority="cmdline",
        )
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
